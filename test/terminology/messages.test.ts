// Every issue the server builds from a message carries the message's key as `operationoutcome-message-id`
// (tx.fhir.org, HL7 validator); the table fills its templates in order. `IssueSpec.messageId` is required and the
// FhirError helpers take a Message, so the compiler sees that every issue has a key; these tests see that the
// table and the code agree: every key the server names is in the table, and every key in the table is used.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { issue } from '../../server/terminology/issues';
import { MESSAGE_ID_EXTENSION, MESSAGES, msg } from '../../server/terminology/messages';

/** The TypeScript sources under `dir`, with their text. */
function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('the message table', () => {
  const server = sources(join(__dirname, '../../server')).filter((s) => !s.path.endsWith('messages.ts'));
  const keys = Object.keys(MESSAGES);

  it('fills a template and names its key', () => {
    expect(msg('None_of_the_provided_codes_are_in_the_value_set_one', 'http://s#c', 'http://vs|1')).toEqual({
      messageId: 'None_of_the_provided_codes_are_in_the_value_set_one',
      text: "The provided code 'http://s#c' was not found in the value set 'http://vs|1'",
    });
  });

  it('shows an argument as a template literal would (undefined included)', () => {
    expect(msg('NCMP_PARAM_REQUIRED_WITH', undefined, 'code').text).toBe("'undefined' is required with 'code'");
  });

  it('puts the key on the issue as operationoutcome-message-id, and no location', () => {
    const built = issue({ severity: 'warning', code: 'business-rule', txType: 'code-comment', ...msg('INACTIVE_CONCEPT_FOUND', 'X', 'inactive'), expression: ['code'] });
    expect(built).toEqual({
      extension: [{ url: MESSAGE_ID_EXTENSION, valueString: 'INACTIVE_CONCEPT_FOUND' }],
      severity: 'warning',
      code: 'business-rule',
      details: { coding: [{ system: 'http://hl7.org/fhir/tools/CodeSystem/tx-issue-type', code: 'code-comment' }], text: "The concept 'X' has a status of inactive and its use should be reviewed" },
      expression: ['code'],
    });
  });

  it("has the server's own keys in tx.fhir.org's style, and templates whose placeholders run from {0}", () => {
    for (const key of keys.filter((k) => k.startsWith('NCMP_'))) expect(key).toMatch(/^NCMP_[A-Z0-9_]+$/);
    for (const [key, template] of Object.entries(MESSAGES)) {
      const used = [...new Set([...template.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
      expect({ key, used }).toEqual({ key, used: used.map((_, i) => i) });
    }
  });

  it('is used: every key in the table is named somewhere in the server, and every key named is in the table', () => {
    const named = new Set(server.flatMap((s) => [...s.text.matchAll(/(?:msg\(|messageId: |\bkey = |\? |: )'([A-Za-z][A-Za-z0-9_]*)'/g)].map((m) => m[1]!)));
    const unused = keys.filter((k) => !named.has(k) && !server.some((s) => s.text.includes(`'${k}'`)));
    expect(unused).toEqual([]);
    const unknown = server.flatMap((s) => [...s.text.matchAll(/msg\('([A-Za-z0-9_]+)'/g)].map((m) => m[1]!)).filter((k) => !(k in MESSAGES));
    expect(unknown).toEqual([]);
  });

  it('leaves no issue text outside the table: no issue or FhirError is built from bare words', () => {
    // A spec's words come from msg(…) (spread) or a Message; `text:` inside an issue spec would bypass the table.
    const bare = server.flatMap((s) =>
      s.text
        .split('\n')
        .map((line, i) => ({ at: `${s.path.replace(/.*server\//, 'server/')}:${i + 1}`, line }))
        .filter(({ line }) => /(issue\(\{|new FhirError\(|FhirError\.(invalid|notFound|notSupported)\()/.test(line) && /\btext: [`'"]/.test(line)),
    );
    expect(bare.map((b) => b.at)).toEqual([]);
  });
});
