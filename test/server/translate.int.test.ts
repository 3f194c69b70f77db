import { NCMP_URL, SAERKODE_URL, paramValue, postParameters, request, startTestApp, type TestApp } from '../support/test-app';

type Part = { name: string; valueCode?: string; valueCoding?: { system?: string; code?: string; display?: string }; valueUri?: string; valueString?: string; valueCanonical?: string };
type Body = { parameter?: { name: string; part?: Part[]; [k: string]: unknown }[] };

/** DOMAIN.md §7: særkode → NCMP successors (34 pairs over 27 særkoder), written out independently of the shipped map. */
const SUCCESSION: Record<string, string[]> = {
  A0093: ['JAGD55'], A0094: ['RXGD55'], '1XX01': ['WBGM90'],
  B0001: ['IECC15'], B0002: ['IECC20'], B0003: ['IECC10'], B0004: ['IECC25'], B0005: ['IEAA00'], B0006: ['IEAA10'],
  B0007: ['IBBH10'], B0008: ['WPBA25'], B0009: ['WPBA10', 'WPBA15'], B0010: ['WPBA20'], B0012: ['IEAA20'],
  B0013: ['IBBA20', 'IBBB20', 'IBBD20', 'IBBE20'], B0014: ['IBBA15', 'IBBB15', 'IBBD15', 'IBBH15'],
  B0016: ['IEAD00'], B0017: ['IEAB20'], B0018: ['OBAB00'], B0019: ['OADC00'],
  B0020: ['WRBA20'], B0021: ['WRBA21'], B0022: ['WRBA22'], B0023: ['WRBA23'], B0024: ['WRBA24'],
  B0028: ['WMGA28'], B0042: ['WMGA42'],
};

const matches = (body: Body) =>
  (body.parameter ?? [])
    .filter((p) => p.name === 'match')
    .map((m) => Object.fromEntries((m.part ?? []).map((p) => [p.name, p.valueCode ?? p.valueCoding ?? p.valueUri ?? p.valueString ?? p.valueCanonical])) as Record<string, unknown>);

describe('ConceptMap/$translate: særkode succession', () => {
  let t: TestApp;
  const translate = (q: string) => request(t.app).get(`/fhir/ConceptMap/$translate?${q}`).expect(200);
  const s = encodeURIComponent(SAERKODE_URL);
  const n = encodeURIComponent(NCMP_URL);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has 34 pairs over 27 særkoder in the table this test checks against', () => {
    expect(Object.keys(SUCCESSION)).toHaveLength(27);
    expect(Object.values(SUCCESSION).flat()).toHaveLength(34);
  });

  it.each(Object.entries(SUCCESSION))('forward: %s → %j, equivalent for one, narrower for several', async (code, targets) => {
    const body = (await translate(`system=${s}&code=${code}&date=2021-06-01`)).body;
    expect(paramValue(body, 'result')).toBe(true);
    const m = matches(body);
    expect(m.map((x) => (x.concept as { code: string }).code).sort()).toEqual([...targets].sort());
    for (const x of m) {
      expect(x.equivalence).toBe(targets.length === 1 ? 'equivalent' : 'narrower');
      expect((x.concept as { system: string }).system).toBe(NCMP_URL);
      expect(x.source).toMatch(/ConceptMap\/saerkode-to-ncmp/);
    }
  });

  it.each(Object.entries(SUCCESSION).flatMap(([code, targets]) => targets.map((target) => [target, code, targets.length] as const)))(
    'reverse: %s ← %s',
    async (target, code, fanOut) => {
      const body = (await translate(`system=${n}&code=${target}&reverse=true&date=2021-06-01`)).body;
      expect(paramValue(body, 'result')).toBe(true);
      const m = matches(body).find((x) => (x.concept as { code: string }).code === code);
      expect(m).toBeDefined();
      expect(m!.equivalence).toBe(fanOut === 1 ? 'equivalent' : 'wider');
      expect((m!.concept as { system: string }).system).toBe(SAERKODE_URL);
    },
  );

  it('B0014 gives four narrower matches with displays from the NCMP version in force', async () => {
    const body = (await translate(`system=${s}&code=B0014&date=2021-06-01`)).body;
    const m = matches(body);
    expect(m).toHaveLength(4);
    expect(m.find((x) => (x.concept as { code: string }).code === 'IBBA15')?.concept).toMatchObject({ display: 'Psykoterapi, familiebehandling' });
  });

  it('mappings without a recorded start say so, and do not pretend a date', async () => {
    const body = (await translate(`system=${s}&code=B0014&date=2021-06-01`)).body;
    for (const x of matches(body)) expect(x.comment).toMatch(/before 2021-01-01/);
    expect(paramValue(body, 'message')).toMatch(/no recorded start/);
  });

  it('A0093 has no successor yet on 2020-06-01 and JAGD55 on 2021-06-01', async () => {
    const before = (await translate(`system=${s}&code=A0093&date=2020-06-01`)).body;
    expect(paramValue(before, 'result')).toBe(false);
    expect(matches(before)).toHaveLength(0);
    expect(paramValue(before, 'message')).toMatch(/A0093 is replaced by JAGD55 from 2021-01-01; that mapping does not apply on 2020-06-01/);
    const after = (await translate(`system=${s}&code=A0093&date=2021-06-01`)).body;
    expect(paramValue(after, 'result')).toBe(true);
    expect(matches(after).map((x) => (x.concept as { code: string }).code)).toEqual(['JAGD55']);
    const a94 = (await translate(`system=${s}&code=A0094&date=2020-12-31`)).body;
    expect(paramValue(a94, 'result')).toBe(false);
    const rev = (await translate(`system=${n}&code=RXGD55&reverse=true&date=2020-12-31`)).body;
    expect(paramValue(rev, 'result')).toBe(false);
  });

  it('an unknown særkode is result=false with a clear message', async () => {
    const body = (await translate(`system=${s}&code=B9999`)).body;
    expect(paramValue(body, 'result')).toBe(false);
    expect(paramValue(body, 'message')).toMatch(/No mapping for Saerkoder code 'B9999'/);
  });

  it('targetsystem filters the targets', async () => {
    const hit = (await translate(`system=${s}&code=B0009&targetsystem=${n}`)).body;
    expect(matches(hit)).toHaveLength(2);
    const miss = (await translate(`system=${s}&code=B0009&targetsystem=${encodeURIComponent('http://snomed.info/sct')}`)).body;
    expect(paramValue(miss, 'result')).toBe(false);
    expect(matches(miss)).toHaveLength(0);
  });

  it('accepts system aliases and the instance level, and refuses an unknown map', async () => {
    const alias = (await translate(`system=${encodeURIComponent('http://helsedir.no/fhir/CodeSystem/no-kodeverk-7020')}&code=B0007`)).body;
    expect(matches(alias).map((x) => (x.concept as { code: string }).code)).toEqual(['IBBH10']);
    const inst = (await request(t.app).get(`/fhir/ConceptMap/saerkode-to-ncmp/$translate?system=${s}&code=B0007`).expect(200)).body;
    expect(paramValue(inst, 'result')).toBe(true);
    const unknown = await request(t.app).get(`/fhir/ConceptMap/$translate?url=http://example.org/cm&system=${s}&code=B0007`).expect(404);
    expect(unknown.body.issue[0].details.text).toMatch(/could not be found/);
  });

  it('R5 names: sourceCode/sourceSystem forward and targetCode reverse, with relationship and originMap', async () => {
    const fwd = (await request(t.app).post('/fhir/ConceptMap/$translate').set('Content-Type', 'application/fhir+json').send(JSON.stringify(postParameters([
      { name: 'sourceCode', valueCode: 'B0014' },
      { name: 'system', valueUri: SAERKODE_URL },
      { name: 'targetSystem', valueUri: NCMP_URL },
    ]))).expect(200)).body;
    const m = matches(fwd);
    expect(m).toHaveLength(4);
    expect(m[0]).toMatchObject({ equivalence: 'narrower', relationship: 'source-is-broader-than-target' });
    expect(m[0]!.originMap).toMatch(/saerkode-to-ncmp/);
    const rev = (await request(t.app).post('/fhir/ConceptMap/$translate').set('Content-Type', 'application/fhir+json').send(JSON.stringify(postParameters([
      { name: 'targetCoding', valueCoding: { system: NCMP_URL, code: 'IBBA15' } },
    ]))).expect(200)).body;
    // As tx.fhir.org answers R5's reverse form: the coding given is `concept`, the one found is `source`.
    expect(matches(rev)[0]).toMatchObject({ equivalence: 'wider', relationship: 'source-is-narrower-than-target', concept: { code: 'IBBA15' }, source: { code: 'B0014' } });
  });

  it('R4 POST with coding and codeableConcept', async () => {
    const body = (await request(t.app).post('/fhir/ConceptMap/$translate').set('Content-Type', 'application/fhir+json').send(JSON.stringify(postParameters([
      { name: 'codeableConcept', valueCodeableConcept: { coding: [{ system: SAERKODE_URL, code: 'B0020' }, { system: SAERKODE_URL, code: 'B0021' }] } },
    ]))).expect(200)).body;
    expect(matches(body).map((x) => (x.concept as { code: string }).code).sort()).toEqual(['WRBA20', 'WRBA21']);
  });

  it('refuses contradictory or missing inputs with 400', async () => {
    await request(t.app).get(`/fhir/ConceptMap/$translate?system=${s}`).expect(400);
    await request(t.app).get(`/fhir/ConceptMap/$translate?code=B0014`).expect(400);
    await request(t.app).get(`/fhir/ConceptMap/$translate?system=${s}&code=B0014&targetCode=IBBA15`).expect(400);
    // `dependency` is not supported: like any parameter the server does not know, it is ignored (as tx.fhir.org does).
    const ignored = (await request(t.app).get(`/fhir/ConceptMap/$translate?system=${s}&code=B0014&dependency=x`).expect(200)).body;
    expect(paramValue(ignored, 'result')).toBe(true);
  });
});
