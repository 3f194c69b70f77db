import type { CodeSystem, ValueSet } from 'fhir/r4';
import { loadFhirResource } from '../../server/import/load';
import { paramValue, postParameters, properties, request, startTestApp, type TestApp } from '../support/test-app';

type Body = { parameter?: { name: string; [k: string]: unknown }[]; [k: string]: unknown };
type Issue = { severity: string; code: string; details: { text: string; coding?: { code: string }[] }; expression?: string[]; location?: string[] };
const issuesOf = (body: Body): Issue[] => ((paramValue(body, 'issues') as { issue?: Issue[] } | undefined)?.issue ?? []);
const txTypes = (body: Body): string[] => issuesOf(body).flatMap((i) => i.details.coding?.map((c) => c.code) ?? []);

const COLOURS = 'http://example.org/fhir/CodeSystem/colours';
const prop = (code: string, value: Record<string, unknown>) => ({ code, ...value });

/** A small code system unlike NCMP: nested, with statuses, designations in two languages and a property. */
function colours(version: string, extra: CodeSystem['concept'] = []): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: `colours-${version}`,
    url: COLOURS,
    version,
    name: 'Colours',
    status: 'active',
    content: 'complete',
    caseSensitive: true,
    hierarchyMeaning: 'is-a',
    property: [
      { code: 'hex', type: 'string' },
      { code: 'notSelectable', type: 'boolean' },
      { code: 'status', type: 'code' },
      { code: 'inactive', type: 'boolean' },
      { code: 'retirementDate', type: 'dateTime' },
    ],
    concept: [
      {
        code: 'warm',
        display: 'Warm colours',
        property: [prop('notSelectable', { valueBoolean: true })],
        concept: [
          { code: 'red', display: 'Red', designation: [{ language: 'nb', value: 'Rød' }, { language: 'en', value: 'Red' }], property: [prop('hex', { valueString: '#ff0000' })] },
          { code: 'orange', display: 'Orange', property: [prop('status', { valueCode: 'deprecated' })] },
        ],
      },
      {
        code: 'cool',
        display: 'Cool colours',
        property: [prop('notSelectable', { valueBoolean: true })],
        concept: [
          { code: 'blue', display: 'Blue', designation: [{ language: 'nb', value: 'Blå' }], property: [prop('hex', { valueString: '#0000ff' })] },
          { code: 'green', display: 'Green', property: [prop('inactive', { valueBoolean: true })] },
          { code: 'teal', display: 'Teal', property: [prop('status', { valueCode: 'retired' })] },
          // Withdrawn: retired with the date it ceased (as NCMP records it); teal is only marked retired.
          { code: 'grey', display: 'Grey', property: [prop('status', { valueCode: 'retired' }), prop('retirementDate', { valueDateTime: '2021-06-01' })] },
        ],
      },
      ...extra,
    ],
  };
}

/** A compose that includes version 2.0.0 of the colours through the given filters. */
const include = (filter: NonNullable<ValueSet['compose']>['include'][number]['filter']) => ({ include: [{ system: COLOURS, version: '2.0.0', filter }] });

function valueSet(id: string, compose: ValueSet['compose']): ValueSet {
  return { resourceType: 'ValueSet', id, url: `http://example.org/fhir/ValueSet/${id}`, version: '1', status: 'active', compose };
}

describe('a general terminology engine: CodeSystems and ValueSets other than NCMP', () => {
  let t: TestApp;
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    request(t.app).post(path).set({ 'Content-Type': 'application/fhir+json', ...headers }).send(JSON.stringify(body));
  // The codes of an expansion, nested or not (a value set below one concept nests by default).
  type Contains = { code: string; contains?: Contains[] };
  const flatten = (list: Contains[]): string[] => list.flatMap((c) => [c.code, ...flatten(c.contains ?? [])]);
  const codesOf = (vs: { expansion: { contains?: Contains[] } }) => flatten(vs.expansion.contains ?? []).sort();
  const expand = async (id: string) => (await request(t.app).get(`/fhir/ValueSet/${id}/$expand`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    await loadFhirResource(t.db.db, colours('1.0.0'), { effectiveFrom: '2020-01-01' });
    await loadFhirResource(t.db.db, colours('2.0.0', [{ code: 'purple', display: 'Purple' }]), { effectiveFrom: '2022-01-01' });
    for (const vs of [
      valueSet('warm', include([{ property: 'concept', op: 'is-a', value: 'warm' }])),
      valueSet('below-cool', include([{ property: 'concept', op: 'descendent-of', value: 'cool' }])),
      valueSet('not-warm', include([{ property: 'concept', op: 'is-not-a', value: 'warm' }])),
      valueSet('hex-red', include([{ property: 'hex', op: '=', value: '#ff0000' }])),
      valueSet('in-list', include([{ property: 'concept', op: 'in', value: 'red,blue' }])),
      valueSet('b-codes', include([{ property: 'code', op: 'regex', value: 'b.*' }])),
      valueSet('has-hex', include([{ property: 'hex', op: 'exists', value: 'true' }])),
      valueSet('listed', { include: [{ system: COLOURS, concept: [{ code: 'red' }, { code: 'purple' }] }] }),
      valueSet('all-but-warm', { include: [{ system: COLOURS, version: '2.0.0' }], exclude: [{ system: COLOURS, version: '2.0.0', filter: [{ property: 'concept', op: 'is-a', value: 'warm' }] }] }),
      valueSet('imports', { include: [{ valueSet: ['http://example.org/fhir/ValueSet/warm'] }] }),
      valueSet('old-version', { include: [{ system: COLOURS, version: '1.0.0' }] }),
    ]) {
      await loadFhirResource(t.db.db, vs);
    }
    t.terminology.invalidate();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  describe('ValueSet filters, exclusions and imports', () => {
    it.each([
      ['warm', ['orange', 'red', 'warm']],
      ['below-cool', ['blue', 'green', 'teal']],
      ['not-warm', ['blue', 'cool', 'green', 'purple', 'teal']],
      ['hex-red', ['red']],
      ['in-list', ['blue', 'red']],
      ['b-codes', ['blue']],
      ['has-hex', ['blue', 'red']],
      ['all-but-warm', ['blue', 'cool', 'green', 'purple', 'teal']],
      ['imports', ['orange', 'red', 'warm']],
    ])('%s expands to %j (withdrawn codes never appear; retired ones without a date are inactive members)', async (id, codes) => {
      expect(codesOf(await expand(id))).toEqual(codes);
    });

    it('runs a regex filter the old backtracking guard refused, in linear time (RE2), and refuses invalid syntax', async () => {
      await loadFhirResource(t.db.db, valueSet('nested-star', include([{ property: 'display', op: 'regex', value: '(.*)*e' }])));
      await loadFhirResource(t.db.db, valueSet('back-ref', include([{ property: 'code', op: 'regex', value: '(r)\\1' }])));
      t.terminology.invalidate();
      const started = Date.now();
      // Displays ending in 'e': Orange, Blue, Purple (version 2.0.0).
      expect(codesOf(await expand('nested-star'))).toEqual(['blue', 'orange', 'purple']);
      expect(Date.now() - started).toBeLessThan(2000);
      const bad = await request(t.app).get('/fhir/ValueSet/back-ref/$expand').expect(400);
      expect(bad.body.issue[0].details.text).toMatch(/regex filter '\(r\)\\1'.*not a valid regular expression/);
    });

    it('child-of selects the direct children only', async () => {
      const res = await post('/fhir/ValueSet/$expand', {
        resourceType: 'Parameters',
        parameter: [{ name: 'valueSet', resource: valueSet('children', include([{ property: 'concept', op: 'child-of' as 'is-a', value: 'cool' }])) }],
      }).expect(200);
      expect(codesOf(res.body)).toEqual(['blue', 'green', 'teal']);
      // A stated status other than active is shown unasked (tx.fhir.org); an active concept shows none.
      const teal = res.body.expansion.contains.find((c: { code: string }) => c.code === 'teal');
      expect(teal.extension).toEqual([{ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property', extension: [{ url: 'code', valueCode: 'status' }, { url: 'value', valueCode: 'retired' }] }]);
      expect(res.body.expansion.contains.find((c: { code: string }) => c.code === 'blue').extension).toBeUndefined();
    });

    it('an unpinned include follows the version in force, a pinned one stays', async () => {
      expect(codesOf(await expand('listed'))).toEqual(['purple', 'red']);
      expect(codesOf(await expand('old-version'))).not.toContain('purple');
      const dated = (await request(t.app).get('/fhir/ValueSet/listed/$expand?date=2021-06-01').expect(200)).body;
      expect(codesOf(dated)).toEqual(['red']);
    });

    it('flags abstract and inactive members of an expansion, and activeOnly drops the inactive', async () => {
      const all = (await expand('below-cool')).expansion.contains as { code: string; inactive?: boolean }[];
      expect(all.find((c) => c.code === 'green')?.inactive).toBe(true);
      const active = (await request(t.app).get('/fhir/ValueSet/below-cool/$expand?activeOnly=true').expect(200)).body;
      expect(codesOf(active)).toEqual(['blue']);
      const warm = (await expand('warm')).expansion.contains as { code: string; abstract?: boolean }[];
      expect(warm.find((c) => c.code === 'warm')?.abstract).toBe(true);
    });
  });

  describe('statuses, abstract codes and languages in $validate-code', () => {
    const validate = (q: string, headers: Record<string, string> = {}) =>
      request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(COLOURS)}&version=2.0.0&${q}`).set(headers).expect(200);

    it('an inactive code is valid with a warning and inactive=true', async () => {
      const body = (await validate('code=green')).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'inactive')).toBe(true);
      expect(issuesOf(body)[0]).toMatchObject({ severity: 'warning', expression: ['code'], location: ['code'] });
      expect(txTypes(body)).toContain('code-comment');
    });

    it('a deprecated code is valid with a warning; a retired one is inactive; a withdrawn one is invalid', async () => {
      const deprecated = (await validate('code=orange')).body;
      expect(paramValue(deprecated, 'result')).toBe(true);
      expect(paramValue(deprecated, 'status')).toBe('deprecated');
      expect(issuesOf(deprecated)[0]).toMatchObject({ severity: 'warning', details: { coding: [expect.objectContaining({ code: 'code-comment' })], text: "The concept 'orange' is deprecated and its use should be reviewed" } });
      const retired = (await validate('code=teal')).body;
      expect(paramValue(retired, 'result')).toBe(true);
      expect(paramValue(retired, 'inactive')).toBe(true);
      const withdrawn = (await validate('code=grey')).body;
      expect(paramValue(withdrawn, 'result')).toBe(false);
    });

    it('an abstract code is accepted unless abstract=false (R5 and tx.fhir.org)', async () => {
      expect(paramValue((await validate('code=warm')).body, 'result')).toBe(true);
      expect(paramValue((await validate('code=warm&abstract=true')).body, 'result')).toBe(true);
      const refused = (await validate('code=warm&abstract=false')).body;
      expect(paramValue(refused, 'result')).toBe(false);
      expect(issuesOf(refused)[0]).toMatchObject({ severity: 'error', code: 'business-rule', details: { coding: [expect.objectContaining({ code: 'code-rule' })], text: expect.stringMatching(/#warm' is abstract, and not allowed in this context$/) } });
    });

    it('accepts a display in the requested language, and answers in it', async () => {
      const nb = (await validate(`code=red&display=${encodeURIComponent('Rød')}&displayLanguage=nb`)).body;
      expect(paramValue(nb, 'result')).toBe(true);
      expect(paramValue(nb, 'display')).toBe('Rød');
      const header = (await validate('code=blue', { 'Accept-Language': 'nb-NO, en;q=0.5' })).body;
      expect(paramValue(header, 'display')).toBe('Blå');
      const any = (await validate('code=blue', { 'Accept-Language': '*' })).body;
      expect(paramValue(any, 'display')).toBe('Blue');
      const lookup = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=red&displayLanguage=nb`).expect(200)).body;
      expect(paramValue(lookup, 'display')).toBe('Rød');
      const expanded = (await request(t.app).get('/fhir/ValueSet/hex-red/$expand?displayLanguage=nb').expect(200)).body;
      expect(expanded.expansion.contains[0].display).toBe('Rød');
    });

    it('points issues at the offending element of a CodeableConcept', async () => {
      const body = (await post('/fhir/CodeSystem/$validate-code', postParameters([
        { name: 'url', valueUri: COLOURS },
        { name: 'codeableConcept', valueCodeableConcept: { coding: [{ system: COLOURS, code: 'red' }, { system: COLOURS, code: 'blue', display: 'Grønn' }] } },
      ])).expect(200)).body;
      const display = issuesOf(body).find((i) => i.details.coding?.some((c) => c.code === 'invalid-display'));
      expect(display?.expression).toEqual(['CodeableConcept.coding[1].display']);
      expect(display?.location).toEqual(['CodeableConcept.coding[1].display']);
    });

    it('walks the nested hierarchy in $lookup and $subsumes', async () => {
      const body = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=cool`).expect(200)).body;
      expect(properties(body).filter((p) => p.code === 'child').map((p) => p.value).sort()).toEqual(['blue', 'green', 'grey', 'teal']);
      const sub = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$subsumes?codeA=warm&codeB=red`).expect(200)).body;
      expect(paramValue(sub, 'outcome')).toBe('subsumes');
    });
  });

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

  describe('supplements', () => {
    const SUPPLEMENT = 'http://example.org/fhir/CodeSystem/colours-de';
    beforeAll(async () => {
      await loadFhirResource(t.db.db, {
        resourceType: 'CodeSystem',
        url: SUPPLEMENT,
        version: '1',
        name: 'ColoursGerman',
        status: 'active',
        content: 'supplement',
        supplements: `${COLOURS}|2.0.0`,
        concept: [{ code: 'red', designation: [{ language: 'de', value: 'Rot' }], property: [{ code: 'hex', valueString: '#f00' }] }],
      }, { effectiveFrom: '2022-01-01' });
      t.terminology.invalidate();
    });

    it('adds designations and properties only when useSupplement names it', async () => {
      const plain = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=red&displayLanguage=de`).expect(200)).body;
      expect(paramValue(plain, 'display')).toBe('Red');
      const withSup = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=red&displayLanguage=de&useSupplement=${encodeURIComponent(SUPPLEMENT)}`).expect(200)).body;
      expect(paramValue(withSup, 'display')).toBe('Rot');
      expect(properties(withSup).filter((p) => p.code === 'hex').map((p) => p.value)).toEqual(['#ff0000', '#f00']);
      // The answer names the supplement it used, and the designation it gave.
      expect(paramValue(withSup, 'used-supplement')).toBe(`${SUPPLEMENT}|1`);
      expect(paramValue(plain, 'used-supplement')).toBeUndefined();
      const rot = (withSup.parameter as { name: string; part?: { name: string; valueString?: string; valueCanonical?: string }[] }[]).find((p) => p.name === 'designation' && p.part?.some((x) => x.valueString === 'Rot'));
      expect(rot?.part?.find((x) => x.name === 'source')?.valueCanonical).toBe(`${SUPPLEMENT}|1`);
      expect([paramValue(plain, 'code'), paramValue(plain, 'system'), paramValue(plain, 'abstract')]).toEqual(['red', COLOURS, false]);
      const validated = (await request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(COLOURS)}&code=red&display=Rot&displayLanguage=de&useSupplement=${encodeURIComponent(SUPPLEMENT)}`).expect(200)).body;
      expect(paramValue(validated, 'result')).toBe(true);
    });

    it('refuses an unknown supplement (404) and a code system that is not one (400)', async () => {
      await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=red&useSupplement=${encodeURIComponent('http://example.org/nope')}`).expect(404);
      const res = await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=red&useSupplement=${encodeURIComponent(COLOURS)}`).expect(400);
      expect(res.body.issue[0].details.text).toMatch(/is not a supplement/);
    });

    it('refuses to expand or validate against a value set whose required supplement is missing (404)', async () => {
      const vs: ValueSet = {
        resourceType: 'ValueSet',
        url: 'http://example.org/fhir/ValueSet/needs-supplement',
        status: 'active',
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/valueset-supplement', valueCanonical: 'http://example.org/fhir/CodeSystem/missing-supplement' }],
        compose: { include: [{ system: COLOURS, version: '2.0.0' }] },
      };
      const expanded = await post('/fhir/ValueSet/$expand', postParameters([{ name: 'valueSet', resource: vs }])).expect(404);
      expect(expanded.body.issue[0].details.text).toBe('Required supplement not found: http://example.org/fhir/CodeSystem/missing-supplement');
      await post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'valueSet', resource: vs }, { name: 'coding', valueCoding: { system: COLOURS, code: 'red' } }])).expect(404);
    });

    it('a supplement a value set requires applies to its codes; a supplement is no Coding.system', async () => {
      const vs: ValueSet = {
        resourceType: 'ValueSet',
        url: 'http://example.org/fhir/ValueSet/colours-in-german',
        status: 'active',
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/valueset-supplement', valueCanonical: SUPPLEMENT }],
        compose: { include: [{ system: COLOURS, version: '2.0.0', concept: [{ code: 'red' }] }] },
      };
      const check = (vsResource: ValueSet) => post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'valueSet', resource: vsResource }, { name: 'coding', valueCoding: { system: COLOURS, code: 'red', display: 'Rot' } }]));
      expect(paramValue((await check(vs).expect(200)).body, 'result')).toBe(true);
      expect(paramValue((await check({ ...vs, extension: [] }).expect(200)).body, 'result')).toBe(false);
      const asSystem = (await request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(SUPPLEMENT)}&code=red`).expect(200)).body;
      expect(paramValue(asSystem, 'result')).toBe(false);
      expect(issuesOf(asSystem)[0]).toMatchObject({ severity: 'error', details: { text: `CodeSystem ${SUPPLEMENT}|1 is a supplement, so can't be used as a value in Coding.system` } });
    });
  });

  describe('statuses a code system marks with the standards-status extension', () => {
    const STATUSES = 'http://example.org/fhir/CodeSystem/statuses';
    const STATUS_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status';
    const cs: CodeSystem = {
      resourceType: 'CodeSystem',
      url: STATUSES,
      name: 'Statuses',
      status: 'active',
      content: 'complete',
      concept: [
        { code: 'old', display: 'Old', extension: [{ url: STATUS_EXT, valueCode: 'deprecated' }] },
        { code: 'renamed', display: 'Renamed', designation: [{ language: 'en', value: 'Former name', extension: [{ url: STATUS_EXT, valueCode: 'withdrawn' }] }] },
      ],
    };
    const validate = (coding: Record<string, unknown>) => post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: STATUSES, ...coding } }, { name: 'tx-resource', resource: cs }]));

    it('a deprecated concept is valid with a warning and its status', async () => {
      const body = (await validate({ code: 'old' }).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'status')).toBe('deprecated');
      expect(paramValue(body, 'message')).toBe("The concept 'old' is deprecated and its use should be reviewed");
    });

    it('a withdrawn designation is still accepted, with a warning that it is no longer correct', async () => {
      const body = (await validate({ code: 'renamed', display: 'Former name' }).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(issuesOf(body).map((i) => [i.severity, i.details.text])).toEqual([['warning', `'Former name' is no longer considered a correct display for code 'renamed' (status = deprecated). The correct display is one of "Renamed".`]]);
      expect(paramValue(body, 'message')).toBeUndefined();
    });
  });

  describe('code systems that cannot confirm a code', () => {
    it('a fragment with no complete version before it neither confirms nor denies a code it lacks', async () => {
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: 'http://example.org/fhir/CodeSystem/part', version: '1', name: 'Part', status: 'active', content: 'fragment', concept: [{ code: 'a', display: 'A' }] };
      const vs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/part', status: 'active', compose: { include: [{ system: cs.url }] } };
      const body = (await post('/fhir/ValueSet/$validate-code', postParameters([{ name: 'url', valueUri: vs.url }, { name: 'coding', valueCoding: { system: cs.url, code: 'zz' } }, { name: 'tx-resource', resource: cs }, { name: 'tx-resource', resource: vs }])).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(issuesOf(body).map((i) => [i.severity, i.details.text])).toEqual([
        ['warning', `Unknown Code 'zz' in the CodeSystem '${cs.url}' version '1' - note that the code system is labeled as a fragment, so the code may be valid in some other fragment`],
      ]);
      const expanded = (await post('/fhir/ValueSet/$expand', postParameters([{ name: 'url', valueUri: vs.url }, { name: 'tx-resource', resource: cs }, { name: 'tx-resource', resource: vs }])).expect(200)).body;
      expect(expanded.expansion.parameter).toContainEqual({ name: 'used-fragment', valueUri: `${cs.url}|1` });
    });

    it('content=not-present never calls a code invalid', async () => {
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: 'http://example.org/fhir/CodeSystem/external', version: '1', name: 'External', status: 'active', content: 'not-present' };
      const body = (await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: cs.url, code: 'x' } }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(txTypes(body)).toEqual(['not-found']);
      expect(paramValue(body, 'message')).toMatch(/content = not-present/);
    });

    it('a case-insensitive code system finds a code in any case', async () => {
      const cs: CodeSystem = { resourceType: 'CodeSystem', url: 'http://example.org/fhir/CodeSystem/ci', version: '1', name: 'CI', status: 'active', content: 'complete', caseSensitive: false, concept: [{ code: 'ABC', display: 'Abc' }] };
      const body = (await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'coding', valueCoding: { system: cs.url, code: 'abc' } }, { name: 'tx-resource', resource: cs }])).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
    });
  });
});
