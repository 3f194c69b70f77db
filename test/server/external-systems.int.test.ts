import type { OperationOutcome, ValueSet } from 'fhir/r4';
import { paramValue, postParameters, request, startTestApp, type TestApp } from '../support/test-app';

// The code systems a library answers (issue 27): UCUM, BCP-47, ISO 3166, media types and ISO 4217, as the HL7
// validator asks about them for every quantity, language, address and attachment of a resource.

type Body = { parameter?: { name: string; [k: string]: unknown }[] };

const UCUM = 'http://unitsofmeasure.org';
const BCP_47 = 'urn:ietf:bcp:47';
const ISO_3166 = 'urn:iso:std:iso:3166';
const BCP_13 = 'urn:ietf:bcp:13';
const ISO_4217 = 'urn:iso:std:iso:4217';

describe('code systems answered by a library', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app).get(path);
  const validate = async (system: string, code: string): Promise<Body> =>
    (await get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(system)}&code=${encodeURIComponent(code)}`).expect(200)).body as Body;
  const lookup = async (system: string, code: string): Promise<Body> =>
    (await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(system)}&code=${encodeURIComponent(code)}`).expect(200)).body as Body;
  const expandInline = (include: Record<string, unknown>[], count?: number) =>
    request(t.app)
      .post('/fhir/ValueSet/$expand')
      .set('Content-Type', 'application/fhir+json')
      .send(
        postParameters([
          { name: 'valueSet', resource: { resourceType: 'ValueSet', status: 'active', compose: { include } } },
          ...(count === undefined ? [] : [{ name: 'count', valueInteger: count }]),
        ]),
      );

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    [UCUM, 'mg/dL', 'mg/dL'],
    [UCUM, '10*3/uL', '10*3/uL'],
    [UCUM, 'mmol/L', 'mmol/L'],
    [BCP_47, 'nb-NO', 'Norwegian Bokmål (Norway)'],
    [BCP_47, 'en', 'English'],
    [ISO_3166, 'NO', 'Norway'],
    [ISO_3166, 'NOR', 'Norway'],
    [ISO_3166, '578', 'Norway'],
    [BCP_13, 'application/fhir+json', 'application/fhir+json'],
    [ISO_4217, 'NOK', 'Norwegian Krone'],
  ])('%s: %s is valid, shown as "%s"', async (system, code, display) => {
    const body = await validate(system, code);
    expect(paramValue(body, 'result')).toBe(true);
    expect(paramValue(body, 'display')).toBe(display);
  });

  it.each([
    [UCUM, 'mg/dX'],
    [BCP_47, 'english'],
    [ISO_3166, 'XX'],
    [BCP_13, 'application/not-a-type'],
    [ISO_4217, 'XYZ'],
  ])('%s: %s is not valid', async (system, code) => {
    const body = await validate(system, code);
    expect(paramValue(body, 'result')).toBe(false);
    expect(String(paramValue(body, 'message'))).toContain(`Unknown code '${code}'`);
  });

  it('answers $lookup with the version the library gives, and other names as designations', async () => {
    const ucum = await lookup(UCUM, 'mg/dL');
    expect(paramValue(ucum, 'version')).toBe('2.2');
    expect(JSON.stringify(ucum)).toContain('milligram per deciliter');
    const norway = await lookup(ISO_3166, 'NO');
    expect(paramValue(norway, 'display')).toBe('Norway');
    expect(JSON.stringify(norway)).toContain('Norge');
  });

  it('expands a list (ISO 3166, ISO 4217, media types) and refuses a grammar (UCUM, BCP-47) as too costly', async () => {
    const countries = (await expandInline([{ system: ISO_3166 }]).expect(200)).body as ValueSet;
    expect(countries.expansion?.total).toBeGreaterThan(700); // alpha-2, alpha-3 and numeric for ~250 countries
    expect(countries.expansion?.contains).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'NO', display: 'Norway' })]));
    expect(((await expandInline([{ system: ISO_4217 }]).expect(200)).body as ValueSet).expansion?.total).toBeGreaterThan(150);
    const mediaTypes = (await expandInline([{ system: BCP_13 }], 10).expect(200)).body as ValueSet;
    expect(mediaTypes.expansion?.total).toBeGreaterThan(2000);
    expect(mediaTypes.expansion?.contains).toHaveLength(10);
    for (const system of [UCUM, BCP_47]) {
      const refused = (await expandInline([{ system }]).expect(422)).body as OperationOutcome;
      expect(refused.issue[0]?.code).toBe('too-costly');
    }
    // Codes named one by one are expanded from a grammar too.
    const named = (await expandInline([{ system: UCUM, concept: [{ code: 'mg/dL' }, { code: 'mg/dX' }] }]).expect(200)).body as ValueSet;
    expect(named.expansion?.contains?.map((c) => c.code)).toEqual(['mg/dL']);
  });

  it('lists them in TerminologyCapabilities', async () => {
    const tc = (await get('/fhir/metadata?mode=terminology').expect(200)).body as { codeSystem: { uri: string }[] };
    const uris = tc.codeSystem.map((c) => c.uri);
    for (const system of [UCUM, BCP_47, ISO_3166, BCP_13, ISO_4217]) expect(uris).toContain(system);
  });
});
