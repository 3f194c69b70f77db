import type { CodeSystem, ValueSet } from 'fhir/r4';
import { TEST_ADMIN_TOKEN, paramValue, postParameters, request, startTestApp, type TestApp } from '../support/test-app';

// A CodeSystem (and a ValueSet) without an effective period, as most CodeSystems in the world are: accepted
// by writes and inline, in force on any date, chosen by version or as the latest, and no date made up for it.

const URL = 'http://example.org/fhir/CodeSystem/undated';
const EFFECTIVE_PERIOD_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CodeSystem.effectivePeriod';

function undated(version: string, codes: string[]): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: `undated-${version.replace(/\./g, '-')}`,
    url: URL,
    version,
    name: 'Undated',
    status: 'active',
    content: 'complete',
    concept: codes.map((code) => ({ code, display: `Code ${code}` })),
  };
}

type Body = { parameter?: { name: string; [k: string]: unknown }[] };
type Issues = { issue?: { severity: string; details?: { text?: string } }[] };
const issueTexts = (body: Body): string[] =>
  ((paramValue(body, 'issues') as Issues | undefined)?.issue ?? []).map((i) => i.details?.text ?? '');

describe('code systems without an effective period', () => {
  let t: TestApp;
  const write = (method: 'put' | 'post', path: string, body: unknown) =>
    request(t.app)[method](path).set('Content-Type', 'application/fhir+json').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(JSON.stringify(body));
  const get = (path: string) => request(t.app).get(path).expect(200);
  const u = encodeURIComponent(URL);

  beforeAll(async () => {
    t = await startTestApp({ adminToken: TEST_ADMIN_TOKEN });
    await write('put', '/fhir/CodeSystem/undated-1-0', undated('1.0', ['A', 'B'])).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is accepted by PUT, and served without a made-up effective period or date', async () => {
    const cs = (await get('/fhir/CodeSystem/undated-1-0')).body as CodeSystem;
    expect(cs).toMatchObject({ url: URL, version: '1.0' });
    expect(cs.extension ?? []).toEqual([]);
    expect(cs.date).toBeUndefined();
    const tc = (await get('/fhir/metadata?mode=terminology')).body as { codeSystem: { uri: string; version: { code: string; extension?: unknown[] }[] }[] };
    const entry = tc.codeSystem.find((c) => c.uri === URL);
    expect(entry?.version).toEqual([expect.objectContaining({ code: '1.0' })]);
    expect(entry?.version[0]?.extension).toBeUndefined();
  });

  it.each(['', '&date=1900-01-01', '&date=2021-06-01', '&date=2199-12-31'])('$lookup finds its code on any date (%s)', async (date) => {
    const body = (await get(`/fhir/CodeSystem/$lookup?system=${u}&code=A${date}`)).body;
    expect(paramValue(body, 'display')).toBe('Code A');
    expect(paramValue(body, 'version')).toBe('1.0');
  });

  it('$validate-code accepts its code without a date, and with one says the version has no date limits', async () => {
    const plain = (await get(`/fhir/CodeSystem/$validate-code?url=${u}&code=A`)).body;
    expect(paramValue(plain, 'result')).toBe(true);
    expect(paramValue(plain, 'version')).toBe('1.0');
    expect(issueTexts(plain)).toEqual([]);
    for (const date of ['1900-01-01', '2199-12-31']) {
      const dated = (await get(`/fhir/CodeSystem/$validate-code?url=${u}&code=A&date=${date}`)).body;
      expect(paramValue(dated, 'result')).toBe(true);
      expect(issueTexts(dated)).toEqual([`Undated 1.0 has no effective period; it was used for ${date} as for any date`]);
      expect(JSON.stringify(dated)).not.toMatch(/in force from|0001-01-01/);
    }
    const wrong = (await get(`/fhir/CodeSystem/$validate-code?url=${u}&code=Z&date=2021-06-01`)).body;
    expect(paramValue(wrong, 'result')).toBe(false);
  });

  it('with a second version (POST), the latest is used without a version, the named one with it', async () => {
    await write('post', '/fhir/CodeSystem', undated('2.0', ['B', 'C'])).expect(201);
    const latest = (await get(`/fhir/CodeSystem/$validate-code?url=${u}&code=A&date=2021-06-01`)).body;
    expect(paramValue(latest, 'result')).toBe(false);
    expect(paramValue(latest, 'version')).toBe('2.0');
    const named = (await get(`/fhir/CodeSystem/$validate-code?url=${u}&code=A&version=1.0&date=2021-06-01`)).body;
    expect(paramValue(named, 'result')).toBe(true);
    expect(paramValue(named, 'version')).toBe('1.0');
    const lookup = (await get(`/fhir/CodeSystem/$lookup?system=${u}&code=C&date=1950-01-01`)).body;
    expect(paramValue(lookup, 'version')).toBe('2.0');
  });

  it('a ValueSet of it, itself without dates, validates on any date', async () => {
    const vs: ValueSet = { resourceType: 'ValueSet', id: 'undated-vs', url: 'http://example.org/fhir/ValueSet/undated', status: 'active', compose: { include: [{ system: URL }] } };
    await write('put', '/fhir/ValueSet/undated-vs', vs).expect(201);
    for (const date of ['', '&date=1900-01-01', '&date=2199-12-31']) {
      const body = (await get(`/fhir/ValueSet/$validate-code?url=${encodeURIComponent(vs.url!)}&system=${u}&code=C${date}`)).body;
      expect(paramValue(body, 'result')).toBe(true);
    }
  });

  it('sent inline (tx-resource), it is used on any date, and no date is made up for it', async () => {
    const inline = { ...undated('9.0', ['X']), url: 'http://example.org/fhir/CodeSystem/inline-undated' };
    for (const date of [[], [{ name: 'date', valueDateTime: '1900-01-01' }], [{ name: 'date', valueDateTime: '2199-12-31' }]]) {
      const body = (
        await request(t.app)
          .post('/fhir/CodeSystem/$validate-code')
          .set('Content-Type', 'application/fhir+json')
          .send(JSON.stringify(postParameters([{ name: 'url', valueUri: inline.url }, { name: 'code', valueCode: 'X' }, { name: 'tx-resource', resource: inline }, ...date])))
          .expect(200)
      ).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/0001-01-01|in force from/);
    }
  });

  it('a dated version beside an undated one is chosen on its dates; the undated one otherwise', async () => {
    const mixedUrl = 'http://example.org/fhir/CodeSystem/mixed';
    await write('post', '/fhir/CodeSystem', { ...undated('1', ['OLD']), id: 'mixed-1', url: mixedUrl }).expect(201);
    await write('post', '/fhir/CodeSystem', { ...undated('2', ['NEW']), id: 'mixed-2', url: mixedUrl, extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: '2020-01-01' } }] }).expect(201);
    const m = encodeURIComponent(mixedUrl);
    expect(paramValue((await get(`/fhir/CodeSystem/$lookup?system=${m}&code=NEW&date=2021-01-01`)).body, 'version')).toBe('2');
    expect(paramValue((await get(`/fhir/CodeSystem/$lookup?system=${m}&code=OLD&date=2019-01-01`)).body, 'version')).toBe('1');
    const served = (await get('/fhir/CodeSystem/mixed-1')).body as CodeSystem;
    expect(served.extension ?? []).toEqual([]);
  });
});
