import type { CodeSystem, ValueSet } from 'fhir/r4';
import { COLOURS, issuesOf, txTypes, useColoursApp } from '../../support/colours';
import { paramValue, postParameters, request } from '../../support/test-app';

// Moved from test/server/general.int.test.ts (split by operation); the fixture is test/support/colours.ts.
describe('version pinning as validators send it (system-version, force-, check-, default-valueset-version)', () => {
  const { t, post } = useColoursApp();

  describe('version pinning as validators send it', () => {
    const v = (params: Record<string, unknown>[]) => post('/fhir/CodeSystem/$validate-code', postParameters(params)).expect(200);

    it('system-version sets the default version; a coding version still wins', async () => {
      const body = (await v([{ name: 'coding', valueCoding: { system: COLOURS, code: 'purple' } }, { name: 'system-version', valueCanonical: `${COLOURS}|1.0.0` }])).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(paramValue(body, 'version')).toBe('1.0.0');
      const pinned = (await v([{ name: 'coding', valueCoding: { system: COLOURS, code: 'purple', version: '2.0.0' } }, { name: 'system-version', valueCanonical: `${COLOURS}|1.0.0` }])).body;
      expect(paramValue(pinned, 'result')).toBe(true);
    });

    it('force-system-version overrides the coding', async () => {
      const body = (await v([{ name: 'coding', valueCoding: { system: COLOURS, code: 'purple', version: '2.0.0' } }, { name: 'force-system-version', valueCanonical: `${COLOURS}|1.0.0` }])).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(paramValue(body, 'version')).toBe('1.0.0');
    });

    it('check-system-version reports a different version as a version-error', async () => {
      const body = (await v([{ name: 'coding', valueCoding: { system: COLOURS, code: 'red', version: '2.0.0' } }, { name: 'check-system-version', valueCanonical: `${COLOURS}|1.0.0` }])).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(txTypes(body)).toContain('version-error');
    });

    it('check-system-version without a coding version chooses the version it names, as a default would', async () => {
      const body = (await v([{ name: 'coding', valueCoding: { system: COLOURS, code: 'purple' } }, { name: 'check-system-version', valueCanonical: `${COLOURS}|1.0.0` }])).body;
      expect(paramValue(body, 'version')).toBe('1.0.0');
      expect(paramValue(body, 'result')).toBe(false);
      expect(txTypes(body)).not.toContain('version-error');
    });

    it('force-system-version adds no note when it chooses the version', async () => {
      const body = (await v([{ name: 'coding', valueCoding: { system: COLOURS, code: 'red', version: '2.0.0' } }, { name: 'force-system-version', valueCanonical: `${COLOURS}|1.0.0` }])).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'version')).toBe('1.0.0');
      expect(issuesOf(body)).toEqual([]);
    });

    it('a coding version other than a versionless include uses is a warning; against a pinned include it is an error', async () => {
      const vsValidate = (vs: string, version: string) =>
        post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'url', valueUri: `http://example.org/fhir/ValueSet/${vs}` }, { name: 'coding', valueCoding: { system: COLOURS, code: 'red', version } }])).expect(200);
      const versionless = (await vsValidate('listed', '1.0.0')).body;
      expect(paramValue(versionless, 'result')).toBe(true);
      expect(paramValue(versionless, 'version')).toBe('2.0.0');
      expect(issuesOf(versionless).map((i) => [i.severity, i.details.text])).toEqual([
        ['warning', `The code system '${COLOURS}' version '2.0.0' for the versionless include in the ValueSet include is different to the one in the value ('1.0.0')`],
      ]);
      const pinned = (await vsValidate('old-version', '2.0.0')).body;
      expect(paramValue(pinned, 'result')).toBe(false);
      expect(paramValue(pinned, 'version')).toBe('1.0.0');
      expect(issuesOf(pinned)[0]!.details.text).toBe(`The code system '${COLOURS}' version '1.0.0' in the ValueSet include is different to the one in the value ('2.0.0')`);
      const unknown = (await vsValidate('old-version', '9.9')).body;
      expect(paramValue(unknown, 'result')).toBe(false);
      expect(paramValue(unknown, 'x-caused-by-unknown-system')).toBe(`${COLOURS}|9.9`);
    });

    it('$expand echoes a version parameter only when it chose a version, and refuses one check-system-version forbids', async () => {
      const expandWith = (vs: string, name: string, version: string) =>
        post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: `http://example.org/fhir/ValueSet/${vs}` }, { name, valueCanonical: `${COLOURS}|${version}` }]));
      const names = (vs: { expansion: { parameter?: { name: string }[] } }) => (vs.expansion.parameter ?? []).map((p) => p.name);
      expect(names((await expandWith('old-version', 'system-version', '2.0.0').expect(200)).body)).not.toContain('system-version');
      expect(names((await expandWith('listed', 'system-version', '1.0.0').expect(200)).body)).toContain('system-version');
      const forced = (await expandWith('old-version', 'force-system-version', '2.0.0').expect(200)).body;
      expect(names(forced)).toContain('force-system-version');
      expect(forced.expansion.parameter.find((p: { name: string }) => p.name === 'used-codesystem').valueUri).toBe(`${COLOURS}|2.0.0`);
      const refused = (await expandWith('old-version', 'check-system-version', '2.0.0').expect(400)).body;
      expect(refused.issue[0].details.text).toBe(`The version '1.0.0' is not allowed for system '${COLOURS}': required to be '2.0.0' by a version-check parameter`);
    });

    it('excludeNested=false nests members under their parents; property adds the values asked for', async () => {
      const nested = (await request(t.app).get('/fhir/ValueSet/warm/$expand?excludeNested=false&property=hex').expect(200)).body;
      expect(nested.expansion.total).toBe(3);
      expect(nested.expansion.contains.map((c: { code: string }) => c.code)).toEqual(['warm']);
      const children = nested.expansion.contains[0].contains;
      expect(children.map((c: { code: string }) => c.code).sort()).toEqual(['orange', 'red']);
      const red = children.find((c: { code: string }) => c.code === 'red');
      expect(red.extension).toEqual([
        { url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property', extension: [{ url: 'code', valueCode: 'hex' }, { url: 'value', valueString: '#ff0000' }] },
      ]);
      // warm is the hierarchy below one concept (is-a): nested unless excludeNested says otherwise.
      expect((await request(t.app).get('/fhir/ValueSet/warm/$expand').expect(200)).body.expansion.contains.map((c: { code: string }) => c.code)).toEqual(['warm']);
      const flat = (await request(t.app).get('/fhir/ValueSet/warm/$expand?excludeNested=true').expect(200)).body;
      expect(flat.expansion.contains.every((c: { contains?: unknown }) => c.contains === undefined)).toBe(true);
      expect(flat.expansion.contains).toHaveLength(3);
      // A value set that is one whole code system is nested unless excludeNested says otherwise (tx.fhir.org).
      const whole: ValueSet = { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: COLOURS, version: '2.0.0' }] } };
      const wholeDefault = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: whole }])).expect(200)).body;
      expect(wholeDefault.expansion.contains.map((c: { code: string }) => c.code).sort()).toEqual(['cool', 'purple', 'warm']);
      const wholeFlat = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: whole }, { name: 'excludeNested', valueBoolean: true }])).expect(200)).body;
      expect(wholeFlat.expansion.contains.every((c: { contains?: unknown }) => c.contains === undefined)).toBe(true);
    });

    it('a value set with two versions of one system lists a code of both; an exclude of one of them removes that version only', async () => {
      const both: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/both-versions', status: 'active', compose: { include: [{ system: COLOURS, version: '1.0.0', concept: [{ code: 'red' }] }, { system: COLOURS, version: '2.0.0', concept: [{ code: 'red' }, { code: 'purple' }] }] } };
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: both.url }, { name: 'tx-resource', resource: both }])).expect(200)).body;
      expect(expanded.expansion.contains.map((c: { code: string; version?: string }) => `${c.code}@${c.version}`)).toEqual(['red@2.0.0', 'red@1.0.0', 'purple@2.0.0']);
      const minus: ValueSet = { ...both, url: 'http://example.org/fhir/ValueSet/both-minus-red', compose: { ...both.compose!, exclude: [{ system: COLOURS, version: '1.0.0', concept: [{ code: 'red' }] }] } };
      const excluded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: minus.url }, { name: 'tx-resource', resource: minus }])).expect(200)).body;
      expect(excluded.expansion.contains.map((c: { code: string; version?: string }) => `${c.code}@${c.version}`)).toEqual(['red@2.0.0', 'purple@2.0.0']);
      const noInactive: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/no-inactive', status: 'active', compose: { inactive: false, include: [{ system: COLOURS, version: '2.0.0', filter: [{ property: 'concept', op: 'descendent-of', value: 'cool' }] }] } };
      const active = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: noInactive.url }, { name: 'tx-resource', resource: noInactive }])).expect(200)).body;
      expect(active.expansion.contains.map((c: { code: string }) => c.code)).toEqual(['blue']);
    });

    it('names draft, experimental and withdrawn resources an answer rests on, in $expand and $validate-code', async () => {
      const DRAFT = 'http://example.org/fhir/CodeSystem/draft-trial';
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: DRAFT, version: '0.1', name: 'DraftTrial', status: 'draft', experimental: true, content: 'complete', concept: [{ code: 'x', display: 'Ex' }] };
      const vs: ValueSet = {
        resourceType: 'ValueSet',
        url: 'http://example.org/fhir/ValueSet/withdrawn-trial',
        version: '2',
        status: 'active',
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status', valueCode: 'withdrawn' }],
        compose: { include: [{ system: DRAFT }] },
      };
      const resources = [{ name: 'tx-resource', resource: cs }, { name: 'tx-resource', resource: vs }];
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: vs.url }, ...resources])).expect(200)).body;
      const warnings = expanded.expansion.parameter.filter((p: { name: string }) => p.name.startsWith('warning-')).map((p: { name: string; valueUri: string }) => `${p.name} ${p.valueUri}`);
      expect(warnings.sort()).toEqual([`warning-draft ${DRAFT}|0.1`, `warning-experimental ${DRAFT}|0.1`, `warning-withdrawn ${vs.url}|2`]);
      const validated = (await post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'url', valueUri: vs.url }, { name: 'coding', valueCoding: { system: DRAFT, code: 'x' } }, ...resources])).expect(200)).body;
      expect(paramValue(validated, 'result')).toBe(true);
      expect(issuesOf(validated).map((i) => `${i.severity} ${i.details.text}`).sort()).toEqual([
        `information Reference to draft CodeSystem ${DRAFT}|0.1`,
        `information Reference to experimental CodeSystem ${DRAFT}|0.1`,
        `information Reference to withdrawn ValueSet ${vs.url}|2`,
      ]);
      expect(paramValue(validated, 'message')).toBeUndefined();
    });

    it('names the right case of a code in a case-insensitive system (normalized-code), and answers $versions', async () => {
      const CI = 'http://example.org/fhir/CodeSystem/any-case';
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: CI, version: '1', name: 'AnyCase', status: 'active', content: 'complete', caseSensitive: false, concept: [{ code: 'abc', display: 'ABC' }] };
      const body = (await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: CI, code: 'ABC' } }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'normalized-code')).toBe('abc');
      expect(issuesOf(body)[0]).toMatchObject({ severity: 'information' });
      const versions = (await request(t.app).get('/fhir/$versions').expect(200)).body;
      expect(paramValue(versions, 'default')).toBe('4.0');
      const caps = (await request(t.app).get('/fhir/metadata').expect(200)).body;
      expect(caps.rest[0].operation).toEqual([{ name: 'versions', definition: 'http://hl7.org/fhir/OperationDefinition/CapabilityStatement-versions' }]);
    });

    it('$batch-validate-code answers each validation in order over the shared parameters; a refused item is its OperationOutcome', async () => {
      const body = (await post('/fhir/ValueSet/$batch-validate-code', postParameters([
        { name: 'url', valueUri: 'http://example.org/fhir/ValueSet/listed' },
        { name: 'validation', resource: { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: COLOURS, code: 'red' } }] } },
        { name: 'validation', resource: { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: COLOURS, code: 'blue' } }] } },
        { name: 'validation', resource: { resourceType: 'Parameters', parameter: [{ name: 'display', valueString: 'no code' }] } },
      ])).expect(200)).body;
      const answers = body.parameter.map((p: { name: string; resource: { resourceType: string } }) => p.resource);
      expect(body.parameter.map((p: { name: string }) => p.name)).toEqual(['validation', 'validation', 'validation']);
      expect(paramValue(answers[0], 'result')).toBe(true);
      expect(paramValue(answers[1], 'result')).toBe(false);
      expect(answers[2].resourceType).toBe('OperationOutcome');
      await post('/fhir/ValueSet/$batch-validate-code', postParameters([{ name: 'url', valueUri: 'http://example.org/fhir/ValueSet/listed' }])).expect(400);
    });

    it('a general ConceptMap (no validity stated) translates, but never makes a code "no longer valid"', async () => {
      const map = {
        resourceType: 'ConceptMap',
        url: 'http://example.org/fhir/ConceptMap/colours-to-french',
        version: '1',
        status: 'active',
        group: [{ source: COLOURS, target: 'http://example.org/fhir/CodeSystem/couleurs', element: [{ code: 'red', target: [{ code: 'rouge', equivalence: 'equivalent' }] }] }],
      };
      const validated = (await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: COLOURS, code: 'red', version: '2.0.0' } }, { name: 'tx-resource', resource: map }])).expect(200)).body;
      expect(paramValue(validated, 'result')).toBe(true);
      expect(issuesOf(validated)).toEqual([]);
      const translated = (await post('/fhir/ConceptMap/$translate', postParameters([{ name: 'url', valueUri: map.url }, { name: 'system', valueUri: COLOURS }, { name: 'code', valueCode: 'red' }, { name: 'tx-resource', resource: map }])).expect(200)).body;
      expect(paramValue(translated, 'result')).toBe(true);
    });

    it('a pin without a version is a 400', async () => {
      const res = await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: COLOURS, code: 'red' } }, { name: 'system-version', valueCanonical: COLOURS }])).expect(400);
      expect(res.body.issue[0].details.text).toMatch(/url\|version/);
    });
  });
});
