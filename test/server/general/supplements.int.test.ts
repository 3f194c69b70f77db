import type { ValueSet } from 'fhir/r4';
import { loadFhirResource } from '../../../server/import/load';
import { COLOURS, issuesOf, useColoursApp } from '../../support/colours';
import { paramValue, postParameters, properties, request } from '../../support/test-app';

// Moved from test/server/general.int.test.ts (split by operation); the fixture is test/support/colours.ts.
describe('supplements (useSupplement and required supplements)', () => {
  const { t, post } = useColoursApp();

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
});
