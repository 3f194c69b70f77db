import type { CodeSystem, ValueSet } from 'fhir/r4';
import { loadFhirResource } from '../../../server/import/load';
import { COLOURS, colours, issuesOf, txTypes, useColoursApp } from '../../support/colours';
import { paramValue, postParameters, properties, request } from '../../support/test-app';

// Moved from test/server/general.int.test.ts (split by operation); the fixture is test/support/colours.ts.
describe('tx-resource: resources sent inline apply to that request only', () => {
  const { t, post } = useColoursApp();
  type Contains = { code: string; contains?: Contains[] };
  const flatten = (list: Contains[]): string[] => list.flatMap((c) => [c.code, ...flatten(c.contains ?? [])]);
  const codesOf = (vs: { expansion: { contains?: Contains[] } }) => flatten(vs.expansion.contains ?? []).sort();

  describe('tx-resource: resources sent inline apply to that request only', () => {
    const INLINE = 'http://example.org/fhir/CodeSystem/inline-only';
    const inlineCs: CodeSystem = { resourceType: 'CodeSystem', url: INLINE, version: '1', name: 'InlineOnly', status: 'active', content: 'complete', concept: [{ code: 'a', display: 'Alpha' }, { code: 'b', display: 'Beta' }] };
    const inlineVs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/inline-a', status: 'active', compose: { include: [{ system: INLINE, concept: [{ code: 'a' }] }] } };

    it('validates and expands against inline resources, and leaves nothing behind', async () => {
      const ok = (await post('/fhir/ValueSet/$validate-code', postParameters([
        { name: 'url', valueUri: inlineVs.url },
        { name: 'coding', valueCoding: { system: INLINE, code: 'a', display: 'Alpha' } },
        { name: 'tx-resource', resource: inlineCs },
        { name: 'tx-resource', resource: inlineVs },
      ])).expect(200)).body;
      expect(paramValue(ok, 'result')).toBe(true);
      const notIn = (await post('/fhir/ValueSet/$validate-code', postParameters([
        { name: 'url', valueUri: inlineVs.url },
        { name: 'coding', valueCoding: { system: INLINE, code: 'b' } },
        { name: 'tx-resource', resource: inlineCs },
        { name: 'tx-resource', resource: inlineVs },
      ])).expect(200)).body;
      expect(txTypes(notIn)).toContain('not-in-vs');
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: inlineVs.url }, { name: 'tx-resource', resource: inlineCs }, { name: 'tx-resource', resource: inlineVs }])).expect(200)).body;
      expect(codesOf(expanded)).toEqual(['a']);

      const after = (await request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(INLINE)}&code=a`).expect(200)).body;
      expect(paramValue(after, 'result')).toBe(false);
      expect(paramValue(after, 'x-caused-by-unknown-system')).toBe(INLINE);
      await request(t.app).get(`/fhir/ValueSet/$expand?url=${encodeURIComponent(inlineVs.url!)}`).expect(404);
      const stored = await t.db.db.selectFrom('code_system').select('url').where('url', '=', INLINE).execute();
      expect(stored).toEqual([]);
    });

    it('an inline version of a stored system is preferred when no version is named', async () => {
      const body = (await post('/fhir/CodeSystem/$validate-code', postParameters([
        { name: 'coding', valueCoding: { system: COLOURS, code: 'silver' } },
        { name: 'tx-resource', resource: { ...colours('3.0.0', [{ code: 'silver', display: 'Silver' }]), id: undefined } },
      ])).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'version')).toBe('3.0.0');
    });

    it('judges a display by the requested language, naming each valid display with its language', async () => {
      const BI = 'http://example.org/fhir/CodeSystem/bilingual';
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: BI, name: 'Bilingual', status: 'active', content: 'complete', language: 'en', concept: [{ code: 'a', display: 'Apple', designation: [{ language: 'de', value: 'Apfel' }] }, { code: 'b', display: 'Bean' }] };
      const check = (coding: Record<string, unknown>, more: Record<string, unknown>[] = []) =>
        post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: BI, ...coding } }, { name: 'tx-resource', resource: cs }, ...more]));
      const any = (await check({ code: 'a', display: 'Pear' }).expect(200)).body;
      expect(issuesOf(any)[0]!.details.text).toBe(`Wrong Display Name 'Pear' for ${BI}#a. Valid display is one of 2 choices: 'Apple' (en) or 'Apfel' (de) (for the language(s) '--')`);
      const german = (await check({ code: 'a', display: 'Pear' }, [{ name: 'displayLanguage', valueCode: 'de' }]).expect(200)).body;
      expect(issuesOf(german)[0]!.details.text).toBe(`Wrong Display Name 'Pear' for ${BI}#a. Valid display is 'Apfel' (de) (for the language(s) 'de')`);
      const defaultOk = (await check({ code: 'b', display: 'Bean' }, [{ name: 'displayLanguage', valueCode: 'de' }]).expect(200)).body;
      expect(paramValue(defaultOk, 'result')).toBe(true);
      expect(issuesOf(defaultOk)[0]).toMatchObject({ severity: 'information' });
      const none = (await check({ code: 'b', display: 'Bohne?' }, [{ name: 'displayLanguage', valueCode: 'de' }]).expect(200)).body;
      expect(issuesOf(none)[0]!.details.text).toBe(`Wrong Display Name 'Bohne?' for ${BI}#b. There are no valid display names found for language(s) 'de'. Default display is 'Bean'`);
      const bad = (await check({ code: 'a' }, [{ name: 'displayLanguage', valueCode: '-' }]).expect(400)).body;
      expect(bad.issue[0].details.text).toBe("Invalid displayLanguage: '-'");
      const vs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/bilingual', status: 'active', compose: { include: [{ system: BI }] } };
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: vs.url }, { name: 'displayLanguage', valueCode: 'de' }, { name: 'includeDesignations', valueBoolean: true }, { name: 'tx-resource', resource: cs }, { name: 'tx-resource', resource: vs }])).expect(200)).body;
      const apple = expanded.expansion.contains.find((c: { code: string }) => c.code === 'a');
      expect(apple.display).toBe('Apfel');
      expect(apple.designation).toEqual([{ language: 'en', use: expect.objectContaining({ code: 'preferredForLanguage' }), value: 'Apple' }]);

      // `de, *; q=0` refuses other languages: a concept with no German display gets none (its English one
      // becomes a designation), and the list is echoed as tx.fhir.org writes it; `de,*` is echoed verbatim.
      const expand = (more: Record<string, unknown>[]) =>
        post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: vs.url }, { name: 'includeDesignations', valueBoolean: true }, { name: 'tx-resource', resource: cs }, { name: 'tx-resource', resource: vs }, ...more]));
      const hard = (await expand([{ name: 'displayLanguage', valueCode: 'de,*; q=0' }]).expect(200)).body;
      const bean = hard.expansion.contains.find((c: { code: string }) => c.code === 'b');
      expect(bean.display).toBeUndefined();
      expect(bean.designation).toEqual([{ language: 'en', use: expect.objectContaining({ code: 'preferredForLanguage' }), value: 'Bean' }]);
      expect(hard.expansion.parameter).toContainEqual({ name: 'displayLanguage', valueCode: 'de, *; q=0' });
      const soft = (await expand([{ name: 'displayLanguage', valueCode: 'de,*' }]).expect(200)).body;
      expect(soft.expansion.contains.find((c: { code: string }) => c.code === 'b').display).toBe('Bean');
      expect(soft.expansion.parameter).toContainEqual({ name: 'displayLanguage', valueCode: 'de,*' });
      // `designation=urn:ietf:bcp:47|xx` lists only the designations in that language.
      const onlyDe = (await expand([{ name: 'designation', valueString: 'urn:ietf:bcp:47|de' }]).expect(200)).body;
      expect(onlyDe.expansion.contains.find((c: { code: string }) => c.code === 'a').designation).toEqual([{ language: 'de', value: 'Apfel' }]);
      const onlyFr = (await expand([{ name: 'designation', valueString: 'urn:ietf:bcp:47|fr' }]).expect(200)).body;
      expect(onlyFr.expansion.contains.find((c: { code: string }) => c.code === 'a').designation).toBeUndefined();
    });

    it('a CodeableConcept against a value set: codings outside it are information, their own errors stay errors', async () => {
      const warmOnly: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/warm-only', version: '1', status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0', concept: [{ code: 'red' }, { code: 'orange' }] }] } };
      const check = (coding: Record<string, unknown>[], more: Record<string, unknown>[] = []) =>
        post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'url', valueUri: warmOnly.url }, { name: 'codeableConcept', valueCodeableConcept: { coding } }, { name: 'tx-resource', resource: warmOnly }, ...more]));
      const c = (code: string) => ({ system: COLOURS, code });
      // One coding in the value set, one valid elsewhere in the code system: valid, the other is a note.
      const good = (await check([c('blue'), c('red')]).expect(200)).body;
      expect(paramValue(good, 'result')).toBe(true);
      expect(paramValue(good, 'code')).toBe('red');
      expect(issuesOf(good).map((i) => [i.severity, i.details.coding?.[0]?.code, i.expression?.[0]])).toEqual([['information', 'this-code-not-in-vs', 'CodeableConcept.coding[0].code']]);
      // An unknown code beside a member: its error stands, so the answer is false.
      const mixed = (await check([c('nope'), c('red')]).expect(200)).body;
      expect(paramValue(mixed, 'result')).toBe(false);
      expect(paramValue(mixed, 'code')).toBe('red');
      expect(issuesOf(mixed).find((i) => i.details.coding?.[0]?.code === 'invalid-code')?.severity).toBe('error');
      // No coding in the value set: an error without a location says so first, and no coding is reported.
      const none = (await check([c('blue')]).expect(200)).body;
      expect(paramValue(none, 'result')).toBe(false);
      expect(paramValue(none, 'code')).toBeUndefined();
      expect(issuesOf(none)[0]).toMatchObject({ severity: 'error', details: { text: `No valid coding was found for the value set '${warmOnly.url}|1'` } });
      expect(issuesOf(none)[0]!.expression).toBeUndefined();
      expect(paramValue(none, 'message')).toBe(`No valid coding was found for the value set '${warmOnly.url}|1'`);
      // valueset-membership-only: a wrong display is not judged, only membership.
      const membership = (await check([{ ...c('red'), display: 'Wrong' }], [{ name: 'valueset-membership-only', valueBoolean: true }]).expect(200)).body;
      expect(paramValue(membership, 'result')).toBe(true);
      expect(issuesOf(membership)).toEqual([]);
    });

    it('a value set may import one it contains (#id); an unknown import leaves validation unable to say', async () => {
      const outer: ValueSet = {
        resourceType: 'ValueSet',
        status: 'active',
        contained: [{ resourceType: 'ValueSet', id: 'inner', status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0', concept: [{ code: 'blue' }] }] } }],
        compose: { include: [{ valueSet: ['#inner'] }] },
      };
      const check = (vs: ValueSet, code: string) => post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'valueSet', resource: vs }, { name: 'coding', valueCoding: { system: COLOURS, code } }]));
      expect(paramValue((await check(outer, 'blue').expect(200)).body, 'result')).toBe(true);
      const red = (await check(outer, 'red').expect(200)).body;
      expect(paramValue(red, 'result')).toBe(false);
      expect(issuesOf(red)[0]!.details.text).toBe(`The provided code '${COLOURS}#red' was not found in the value set '(unidentified)'`);
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: outer }])).expect(200)).body;
      expect(expanded.expansion.contains.map((m: { code: string }) => m.code)).toEqual(['blue']);
      // A contained value set is part of the one that contains it, not a value set the expansion used.
      expect(expanded.expansion.parameter.filter((p: { name: string }) => p.name === 'used-valueset')).toEqual([]);
      const missing: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/imports-missing', status: 'active', compose: { include: [{ valueSet: ['http://example.org/fhir/ValueSet/nowhere'] }] } };
      const unknown = (await check(missing, 'blue').expect(200)).body;
      expect(paramValue(unknown, 'result')).toBe(false);
      expect(issuesOf(unknown).map((i) => [i.severity, i.code, i.details.text])).toEqual([['error', 'not-found', "A definition for the value Set 'http://example.org/fhir/ValueSet/nowhere' could not be found"]]);
      const notFound = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: missing }])).expect(404)).body;
      expect(notFound.issue[0].expression).toBeUndefined();
    });

    it('two versions of one system in a value set: validation picks the version that fits, excludes match as tx.fhir.org', async () => {
      const SYS = 'http://example.org/fhir/CodeSystem/two-versions';
      const cs = (version: string, concept: CodeSystem['concept']): CodeSystem => ({ resourceType: 'CodeSystem', url: SYS, version, name: 'TwoVersions', status: 'active', content: 'complete', concept });
      const v1 = cs('1.0.0', [{ code: 'a', display: 'A' }, { code: 'b', display: 'B' }, { code: 'c', display: 'C' }]);
      const v2 = cs('2.0.0', [{ code: 'a', display: 'A' }, { code: 'b', display: 'B two' }, { code: 'd', display: 'D' }]);
      const both: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/both', status: 'active', compose: { include: [{ system: SYS, version: '1.0.0' }, { system: SYS, version: '2.0.0' }] } };
      const scope = [{ name: 'tx-resource', resource: v1 }, { name: 'tx-resource', resource: v2 }];
      const check = async (coding: Record<string, unknown>) =>
        (await post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'valueSet', resource: both }, { name: 'coding', valueCoding: { system: SYS, ...coding } }, ...scope])).expect(200)).body;
      expect(paramValue(await check({ code: 'a' }), 'version')).toBe('2.0.0'); // the newest that has it
      expect(paramValue(await check({ code: 'c' }), 'version')).toBe('1.0.0'); // only 1.0.0 has it
      const old = await check({ code: 'b', display: 'B' }); // the display of 1.0.0
      expect([paramValue(old, 'result'), paramValue(old, 'version')]).toEqual([true, '1.0.0']);
      const named = await check({ code: 'd', version: '1.0.0' });
      expect(paramValue(named, 'result')).toBe(false);
      expect(issuesOf(named).map((i) => i.details.text)).toContain(`The provided code '${SYS}|1.0.0#d' was not found in the value set 'http://example.org/fhir/ValueSet/both'`);
      // An exclude of a version the value set includes removes that version's code only; of a version it
      // does not include, the code in every version (and the expansion says versionsMatch=true).
      const expand = async (compose: ValueSet['compose']) =>
        (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: { resourceType: 'ValueSet', status: 'active', compose } }, ...scope])).expect(200)).body;
      const own = await expand({ include: both.compose!.include, exclude: [{ system: SYS, version: '1.0.0', concept: [{ code: 'b' }] }] });
      expect(own.expansion.contains.map((m: { code: string; version: string }) => `${m.code}|${m.version}`).sort()).toEqual(['a|1.0.0', 'a|2.0.0', 'b|2.0.0', 'c|1.0.0', 'd|2.0.0']);
      expect(own.expansion.parameter.some((p: { name: string }) => p.name === 'versionsMatch')).toBe(false);
      // Members of a pinned include come before a versionless include's (which takes the newest version).
      const mixed = await expand({ include: [{ system: SYS, version: '1.0.0' }, { system: SYS }] });
      expect(mixed.expansion.contains.filter((m: { code: string }) => m.code === 'a').map((m: { version: string }) => m.version)).toEqual(['1.0.0', '2.0.0']);
      const bothPinned = await expand({ include: both.compose!.include });
      expect(bothPinned.expansion.contains.filter((m: { code: string }) => m.code === 'a').map((m: { version: string }) => m.version)).toEqual(['2.0.0', '1.0.0']);
      const other = await expand({ include: [{ system: SYS, version: '2.0.0' }], exclude: [{ system: SYS, version: '1.0.0' }] });
      expect(other.expansion.contains.map((m: { code: string }) => m.code)).toEqual(['d']);
      expect(other.expansion.parameter).toContainEqual({ name: 'versionsMatch', valueBoolean: true });
    });

    it('default-valueset-version says which version a versionless import means', async () => {
      const inner = (version: string, codes: string[]): ValueSet => ({ resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/inner', version, status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0', concept: codes.map((code) => ({ code })) }] } });
      const outer: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/outer', version: '1', status: 'active', compose: { include: [{ valueSet: ['http://example.org/fhir/ValueSet/inner'] }] } };
      const scope = [{ name: 'url', valueUri: outer.url }, { name: 'tx-resource', resource: inner('1.0.0', ['red']) }, { name: 'tx-resource', resource: inner('2.0.0', ['blue']) }, { name: 'tx-resource', resource: outer }];
      const expand = (more: Record<string, unknown>[]) => post('/fhir/ValueSet/$expand', postParameters([...scope, ...more]));
      const codes = (body: { expansion: { contains: { code: string }[] } }) => body.expansion.contains.map((c) => c.code);
      expect(codes((await expand([]).expect(200)).body)).toEqual(['blue']); // the newest
      const pinned = (await expand([{ name: 'default-valueset-version', valueCanonical: 'http://example.org/fhir/ValueSet/inner|1.0.0' }]).expect(200)).body;
      expect(codes(pinned)).toEqual(['red']);
      expect(pinned.expansion.parameter).toContainEqual({ name: 'default-valueset-version', valueUri: 'http://example.org/fhir/ValueSet/inner|1.0.0' });
      const wrong = (await expand([{ name: 'default-valueset-version', valueCanonical: 'http://example.org/fhir/ValueSet/inner|3.0.0' }]).expect(404)).body;
      expect(wrong.issue[0].details.text).toContain('inner|3.0.0');
      const validated = (await post('/fhir/ValueSet/$validate-code', postParameters([...scope, { name: 'coding', valueCoding: { system: COLOURS, code: 'blue' } }, { name: 'default-valueset-version', valueCanonical: 'http://example.org/fhir/ValueSet/inner|1.0.0' }])).expect(200)).body;
      expect(paramValue(validated, 'result')).toBe(false);
      await expand([{ name: 'default-valueset-version', valueCanonical: 'http://example.org/fhir/ValueSet/inner' }]).expect(400);
    });

    it('names a value set or a local reference sent as Coding.system, and judges displays in the value set language', async () => {
      const vs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/colours-en', language: 'en', status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0' }] } };
      const check = (coding: Record<string, unknown>) => post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'valueSet', resource: vs }, { name: 'coding', valueCoding: coding }, { name: 'tx-resource', resource: vs }]));
      const asValueSet = (await check({ system: vs.url, code: 'red' }).expect(200)).body;
      expect(issuesOf(asValueSet).map((i) => i.details.text)).toContain(`The Coding references a value set, not a code system ('${vs.url}')`);
      expect(paramValue(asValueSet, 'x-unknown-system')).toBeUndefined();
      const local = (await check({ system: 'Colours', code: 'red' }).expect(200)).body;
      expect(issuesOf(local).map((i) => i.details.text)).toContain('Coding.system must be an absolute reference, not a local reference');
      // The value set's language is the display language: the Norwegian display is wrong here.
      const norwegian = (await check({ system: COLOURS, code: 'red', display: 'Rød' }).expect(200)).body;
      expect(paramValue(norwegian, 'result')).toBe(false);
    });

    it('filters on notSelectable: a concept that gives no value is neither (tx.fhir.org); abstract=false keeps abstract codes out', async () => {
      const SYS = 'http://example.org/fhir/CodeSystem/selectable';
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: SYS, name: 'Selectable', status: 'active', content: 'complete', concept: [{ code: 'u', display: 'Unstated' }, { code: 's', display: 'Selectable', property: [{ code: 'notSelectable', valueBoolean: false }] }, { code: 'n', display: 'Not selectable', property: [{ code: 'notSelectable', valueBoolean: true }] }] };
      const vs = (value: string): ValueSet => ({ resourceType: 'ValueSet', url: `http://example.org/fhir/ValueSet/selectable-${value}`, status: 'active', compose: { include: [{ system: SYS, filter: [{ property: 'notSelectable', op: '=', value }] }] } });
      const expand = async (v: ValueSet) => ((await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: v }, { name: 'tx-resource', resource: cs }])).expect(200)).body.expansion.contains ?? []).map((c: { code: string }) => c.code);
      expect(await expand(vs('false'))).toEqual(['s']);
      expect(await expand(vs('true'))).toEqual(['n']);
      const refused = (await post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'valueSet', resource: vs('true') }, { name: 'coding', valueCoding: { system: SYS, code: 'n' } }, { name: 'abstract', valueBoolean: false }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect(paramValue(refused, 'result')).toBe(false);
      expect(txTypes(refused).sort()).toEqual(['code-rule', 'not-in-vs']);
    });

    it('refuses a circular import and an expansion over the limit the client sets', async () => {
      const a: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/circle-a', version: '1', status: 'active', compose: { include: [{ valueSet: ['http://example.org/fhir/ValueSet/circle-b'] }] } };
      const b: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/circle-b', version: '1', status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0' }], exclude: [{ valueSet: [a.url!] }] } };
      const circle = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: a.url }, { name: 'tx-resource', resource: a }, { name: 'tx-resource', resource: b }])).expect(400)).body;
      expect(circle.issue[0]).toMatchObject({ code: 'processing', details: { text: expect.stringContaining(`${a.url}|1 imports itself`) } });
      const all: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/colours-all', status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0' }] } };
      const big = await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: all }])).set('X-TOO-COSTLY-THRESHOLD', '3').expect(422);
      expect(big.body.issue[0]).toMatchObject({ code: 'too-costly', details: { text: expect.stringContaining('more than 3') } });
      await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: all }])).expect(200);
    });

    it('echoes concept extensions as tx.fhir.org does: label, order and weight as properties, FHIR-defined designation extensions', async () => {
      const SYS = 'http://example.org/fhir/CodeSystem/ordered';
      const SD = 'http://hl7.org/fhir/StructureDefinition';
      const cs: CodeSystem = {
        resourceType: 'CodeSystem', url: SYS, name: 'Ordered', status: 'active', content: 'complete',
        concept: [
          { code: 'a', display: 'A', extension: [{ url: `${SD}/codesystem-conceptOrder`, valueInteger: 2 }, { url: `${SD}/codesystem-label`, valueString: 'a)' }], designation: [{ language: 'de', value: 'A-de', extension: [{ url: `${SD}/coding-sctdescid`, valueId: '123' }, { url: 'http://example.org/unknown', valueString: 'x' }] }] },
          { code: 'b', display: 'B', extension: [{ url: `${SD}/codesystem-conceptOrder`, valueInteger: 1 }, { url: `${SD}/rendering-style`, valueString: 'font-weight: bold' }] },
        ],
      };
      const vs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/ordered', status: 'active', description: 'The prose of the definition', compose: { include: [{ system: SYS, concept: [{ code: 'a', extension: [{ url: `${SD}/valueset-label`, valueString: 'first' }, { url: `${SD}/valueset-deprecated`, valueBoolean: true }, { url: `${SD}/structuredefinition-standards-status`, valueCode: 'deprecated' }] }, { code: 'b' }] }] } };
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: vs }, { name: 'includeDesignations', valueBoolean: true }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      const a = expanded.expansion.contains.find((c: { code: string }) => c.code === 'a');
      const props = (c: { extension?: { url: string; extension?: { url: string; [k: string]: unknown }[] }[] }) =>
        Object.fromEntries((c.extension ?? []).filter((e) => e.url.endsWith('contains.property')).map((e) => [e.extension!.find((x) => x.url === 'code')!.valueCode, Object.entries(e.extension!.find((x) => x.url === 'value')!).find(([k]) => k.startsWith('value'))![1]]));
      expect(props(a)).toEqual({ label: 'first', order: 2 });
      expect(a.extension).toContainEqual({ url: `${SD}/valueset-deprecated`, valueBoolean: true });
      expect(a.extension).toContainEqual({ url: `${SD}/structuredefinition-standards-status`, valueCode: 'deprecated' });
      // The expansion leaves out the definition's prose, as tx.fhir.org does, unless includeDefinition asks for it.
      expect(expanded.description).toBeUndefined();
      expect(expanded.compose).toBeUndefined();
      const withDefinition = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: vs }, { name: 'includeDefinition', valueBoolean: true }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect([withDefinition.description, withDefinition.compose]).toEqual([vs.description, vs.compose]);
      expect(a.designation).toEqual([{ extension: [{ url: `${SD}/coding-sctdescid`, valueId: '123' }], language: 'de', value: 'A-de' }]);
      const b = expanded.expansion.contains.find((c: { code: string }) => c.code === 'b');
      expect(props(b)).toEqual({ order: 1 });
      expect(b.extension).toContainEqual({ url: `${SD}/rendering-style`, valueString: 'font-weight: bold' });
      // The same from the database: a stored code system keeps the extensions an expansion repeats.
      await loadFhirResource(t.db.db, { ...cs, url: `${SYS}-stored`, version: '1' }, {});
      t.terminology.invalidate();
      const stored = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: { ...vs, compose: { include: [{ system: `${SYS}-stored` }] } } }])).expect(200)).body;
      expect(stored.expansion.contains.find((c: { code: string }) => c.code === 'b').extension).toContainEqual({ url: `${SD}/rendering-style`, valueString: 'font-weight: bold' });
      const lookup = (await post('/fhir/CodeSystem/$lookup', postParameters([{ name: 'system', valueUri: SYS }, { name: 'code', valueCode: 'a' }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect(properties(lookup).map((p) => p.code)).not.toContain('label');
    });

    it('reads a boolean sent as the string "true" or "false" (as tx.fhir.org does); any other string is refused', async () => {
      const check = (lenient: unknown) => post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: COLOURS, version: '2.0.0', code: 'red', display: 'Wrong' } }, { name: 'lenient-display-validation', valueBoolean: lenient }]));
      expect(paramValue((await check('true').expect(200)).body, 'result')).toBe(true);
      expect(paramValue((await check('false').expect(200)).body, 'result')).toBe(false);
      await check('yes').expect(400);
    });

    it('an unknown code of a general code system is worded as tx.fhir.org words it (the case hint is for NCMP)', async () => {
      const UPPER = 'http://example.org/fhir/CodeSystem/upper';
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: UPPER, version: '1', name: 'Upper', status: 'active', content: 'complete', caseSensitive: true, concept: [{ code: 'ABC', display: 'Abc' }] };
      const body = (await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: UPPER, code: 'abc' } }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect(paramValue(body, 'message')).toBe(`Unknown code 'abc' in the CodeSystem '${UPPER}' version '1'`);
    });

    it('a stored code system keeps its language, experimental flag and property uris, as an inline one does', async () => {
      const URL = 'http://example.org/fhir/CodeSystem/stored-german';
      await loadFhirResource(t.db.db, { resourceType: 'CodeSystem', url: URL, version: '1', name: 'StoredGerman', status: 'active', experimental: true, content: 'complete', language: 'de', property: [{ code: 'farbe', uri: 'http://example.org/property/farbe', type: 'string' }], concept: [{ code: 'r', display: 'Rot', property: [{ code: 'farbe', valueString: 'rot' }] }] }, {});
      t.terminology.invalidate();
      const wrong = (await request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(URL)}&code=r&display=Red`).expect(200)).body;
      expect(paramValue(wrong, 'message')).toBe(`Wrong Display Name 'Red' for ${URL}#r. Valid display is 'Rot' (de) (for the language(s) '--')`);
      const vs: ValueSet = { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: URL }] } };
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: vs }, { name: 'property', valueString: 'farbe' }])).expect(200)).body;
      expect(expanded.expansion.parameter).toContainEqual({ name: 'warning-experimental', valueUri: `${URL}|1` });
      expect(expanded.expansion.extension).toContainEqual({ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.property', extension: [{ url: 'code', valueCode: 'farbe' }, { url: 'uri', valueUri: 'http://example.org/property/farbe' }] });
    });

    it('refuses a tx-resource of another type', async () => {
      const res = await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: COLOURS, code: 'red' } }, { name: 'tx-resource', resource: { resourceType: 'Patient' } }])).expect(400);
      expect(res.body.issue[0].details.text).toMatch(/CodeSystem, ValueSet or ConceptMap/);
    });
  });
});
