import type { CodeSystem, ValueSet } from 'fhir/r4';
import { COLOURS, issuesOf, txTypes, useColoursApp } from '../../support/colours';
import { paramValue, postParameters, properties, request } from '../../support/test-app';

// Moved from test/server/general.int.test.ts (split by operation); the fixture is test/support/colours.ts.
describe('$validate-code of a general code system: statuses, abstract codes, languages, confirmation', () => {
  const { t, post } = useColoursApp();

  describe('statuses, abstract codes and languages in $validate-code', () => {
    const validate = (q: string, headers: Record<string, string> = {}) =>
      request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(COLOURS)}&version=2.0.0&${q}`).set(headers).expect(200);

    it('an inactive code is valid with a warning and inactive=true', async () => {
      const body = (await validate('code=green')).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'inactive')).toBe(true);
      expect(issuesOf(body)[0]).toMatchObject({ severity: 'warning', expression: ['code'] });
      expect(issuesOf(body)[0]).not.toHaveProperty('location');
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
      expect(display).not.toHaveProperty('location');
    });

    it('walks the nested hierarchy in $lookup and $subsumes', async () => {
      const body = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$lookup?code=cool`).expect(200)).body;
      expect(properties(body).filter((p) => p.code === 'child').map((p) => p.value).sort()).toEqual(['blue', 'green', 'grey', 'teal']);
      const sub = (await request(t.app).get(`/fhir/CodeSystem/colours-2.0.0/$subsumes?codeA=warm&codeB=red`).expect(200)).body;
      expect(paramValue(sub, 'outcome')).toBe('subsumes');
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
