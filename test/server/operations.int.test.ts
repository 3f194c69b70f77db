import { NCMP_URL, NKPK_ALIAS, SAERKODE_URL, paramValue, paramValues, postParameters, properties, request, startTestApp, type TestApp } from '../support/test-app';

type Body = { parameter?: { name: string; [k: string]: unknown }[]; [k: string]: unknown };
type Issue = { severity: string; code: string; details: { text: string; coding?: { system: string; code: string }[] }; expression?: string[] };

const issuesOf = (body: Body): Issue[] => ((paramValue(body, 'issues') as { issue?: Issue[] } | undefined)?.issue ?? []);
const txTypes = (body: Body): string[] => issuesOf(body).flatMap((i) => i.details.coding?.map((c) => c.code) ?? []);

describe('terminology operations over the NCMP registers 2007–2017 and the shipped 2021 content', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app).get(path);
  const post = (path: string, body: object) => request(t.app).post(path).set('Content-Type', 'application/fhir+json').send(JSON.stringify(body));
  const csValidate = (q: string) => get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}&${q}`);

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe('CodeSystem/$validate-code', () => {
    it('OAEA00 is valid on 2013-06-01 (NCMP 2013) and on 2021-06-01 (NCMP 2021, re-activated)', async () => {
      const a = (await csValidate('code=OAEA00&date=2013-06-01').expect(200)).body;
      expect(paramValue(a, 'result')).toBe(true);
      expect(paramValue(a, 'version')).toBe('2013');
      const b = (await csValidate('code=OAEA00&date=2021-06-01').expect(200)).body;
      expect(paramValue(b, 'result')).toBe(true);
      expect(paramValue(b, 'version')).toBe('2021');
      expect(paramValue(b, 'display')).toBe('Utarbeiding av ny (re)habiliteringsplan');
    });

    it('ZWUU40 is valid on 2014-06-01 and invalid on 2021-06-01, retired from 2021-01-01', async () => {
      const a = (await csValidate('code=ZWUU40&date=2014-06-01').expect(200)).body;
      expect(paramValue(a, 'result')).toBe(true);
      expect(paramValue(a, 'display')).toBe('Bruk av telemedisin');
      const b = (await csValidate('code=ZWUU40&date=2021-06-01').expect(200)).body;
      expect(paramValue(b, 'result')).toBe(false);
      expect(paramValue(b, 'message')).toMatch(/retired from 2021-01-01 \(NCMP 2021\); it was last valid on 2020-12-31/);
      expect(paramValue(b, 'message')).toMatch(/2007–2020/);
      expect(paramValue(b, 'version')).toBe('2021');
      expect(txTypes(b)).toContain('invalid-code');
    });

    it('a date in 2019, for which no register is loaded, resolves to NCMP 2017 and says so', async () => {
      const body = (await csValidate('code=WBGM00&date=2019-06-01').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'version')).toBe('2017');
      expect(paramValue(body, 'message')).toMatch(/No NCMP version for 2019 is loaded; NCMP 2017 .* was used/);
    });

    it("checks WBGM00's display: right, wrong, and differing only in case", async () => {
      const right = (await csValidate(`code=WBGM00&date=2012-03-01&display=${encodeURIComponent('Intravenøs injeksjon/infusjon av legemiddel')}`).expect(200)).body;
      expect(paramValue(right, 'result')).toBe(true);
      expect(paramValue(right, 'display')).toBe('Intravenøs injeksjon/infusjon av legemiddel');
      const wrong = (await csValidate(`code=WBGM00&date=2012-03-01&display=Blodprøve`).expect(200)).body;
      expect(paramValue(wrong, 'result')).toBe(false);
      expect(paramValue(wrong, 'display')).toBe('Intravenøs injeksjon/infusjon av legemiddel');
      expect(txTypes(wrong)).toContain('invalid-display');
      expect(issuesOf(wrong)[0]?.expression).toEqual(['display']);
      const cased = (await csValidate(`code=WBGM00&date=2012-03-01&display=${encodeURIComponent('intravenøs  injeksjon/infusjon av legemiddel')}`).expect(200)).body;
      expect(paramValue(cased, 'result')).toBe(false);
      expect(paramValue(cased, 'message')).toMatch(/only in case or whitespace/);
      const lenient = (await csValidate(`code=WBGM00&date=2012-03-01&display=Blodprøve&lenient-display-validation=true`).expect(200)).body;
      expect(paramValue(lenient, 'result')).toBe(true);
      expect(issuesOf(lenient)[0]?.severity).toBe('warning');
    });

    it('answers an NCMP code under NKPK (urn:oid:…7275), which is its own code system holding NCMP (issue 26)', async () => {
      const body = (await get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NKPK_ALIAS)}&code=WBGM00&date=2014-06-01`).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'system')).toBe(NKPK_ALIAS);
    });

    it('an unknown system is 200 result=false with not-found and x-caused-by-unknown-system', async () => {
      const body = (await get('/fhir/CodeSystem/$validate-code?url=http://example.org/nope&code=WBGM00').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(paramValue(body, 'x-caused-by-unknown-system')).toBe('http://example.org/nope');
      expect(txTypes(body)).toContain('not-found');
      expect(paramValue(body, 'message')).toMatch(/could not be found/);
    });

    it('an unknown version is result=false listing the valid versions', async () => {
      const body = (await csValidate('code=WBGM00&version=1999').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(paramValue(body, 'message')).toMatch(/Valid versions: 2007, 2008.*2017, 2021/);
      expect(paramValue(body, 'x-caused-by-unknown-system')).toBe(`${NCMP_URL}|1999`);
    });

    it('an unknown code is result=false with invalid-code, a case slip gets a hint', async () => {
      const body = (await csValidate('code=XXXX99&date=2014-01-01').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(txTypes(body)).toContain('invalid-code');
      expect(issuesOf(body)[0]?.expression).toEqual(['code']);
      const lower = (await csValidate('code=wbgm00&date=2014-01-01').expect(200)).body;
      expect(paramValue(lower, 'result')).toBe(false);
      expect(paramValue(lower, 'message')).toMatch(/did you mean 'WBGM00'/);
    });

    it('a code absent from the 2021 fragment is answered from NCMP 2017 and says the fragment is incomplete', async () => {
      const body = (await csValidate('code=WBGM00&date=2021-06-01').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'version')).toBe('2017');
      expect(paramValue(body, 'message')).toMatch(/NCMP 2021, which is a fragment/);
      const unknown = (await csValidate('code=XXXX99&date=2021-06-01').expect(200)).body;
      expect(paramValue(unknown, 'result')).toBe(false);
      expect(paramValue(unknown, 'message')).toMatch(/is a fragment/);
    });

    it('a group the server derived from the code shape is not selectable unless abstract=true', async () => {
      const body = (await csValidate('code=WBGM&date=2014-01-01').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(txTypes(body)).toContain('code-rule');
      expect(paramValue((await csValidate('code=WBGM&date=2014-01-01&abstract=false').expect(200)).body, 'result')).toBe(false);
      const ok = (await csValidate('code=WBGM&date=2014-01-01&abstract=true').expect(200)).body;
      expect(paramValue(ok, 'result')).toBe(true);
    });

    it('a særkode sent as NCMP is invalid and the message names its successor', async () => {
      const body = (await csValidate('code=A0093&date=2021-06-01').expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(paramValue(body, 'message')).toMatch(/is a code of Saerkoder/);
      expect(paramValue(body, 'message')).toMatch(/replaced by NCMP JAGD55/);
    });

    it('a særkode replaced from 2021-01-01 is valid in 2020 (with a warning) and invalid in 2021, naming its successor', async () => {
      const url = encodeURIComponent(SAERKODE_URL);
      const before = (await get(`/fhir/CodeSystem/$validate-code?url=${url}&code=A0093&date=2020-06-01`).expect(200)).body;
      expect(paramValue(before, 'result')).toBe(true);
      expect(paramValue(before, 'message')).toMatch(/replaced by NCMP JAGD55 .* from 2021-01-01/);
      const after = (await get(`/fhir/CodeSystem/$validate-code?url=${url}&code=A0093&date=2021-06-01`).expect(200)).body;
      expect(paramValue(after, 'result')).toBe(false);
      expect(paramValue(after, 'message')).toMatch(/no longer valid on 2021-06-01: A0093 is replaced by NCMP JAGD55/);
    });

    it('works by POST (Parameters and form), at instance level, and with coding and codeableConcept', async () => {
      const viaPost = (await post('/fhir/CodeSystem/$validate-code', postParameters([
        { name: 'url', valueUri: NCMP_URL },
        { name: 'code', valueCode: 'WBGM00' },
        { name: 'date', valueDateTime: '2014-06-01' },
      ])).expect(200)).body;
      expect(paramValue(viaPost, 'result')).toBe(true);
      const form = (await request(t.app).post('/fhir/CodeSystem/$validate-code').type('form').send({ url: NCMP_URL, code: 'WBGM00', date: '2014-06-01' }).expect(200)).body;
      expect(paramValue(form, 'result')).toBe(true);
      const instance = (await get('/fhir/CodeSystem/ncmp-2014/$validate-code?code=WBGM00').expect(200)).body;
      expect(paramValue(instance, 'version')).toBe('2014');
      const coding = (await post('/fhir/CodeSystem/$validate-code', postParameters([
        { name: 'coding', valueCoding: { system: NCMP_URL, code: 'WBGM00', display: 'feil' } },
        { name: 'date', valueDateTime: '2014-06-01' },
      ])).expect(200)).body;
      expect(paramValue(coding, 'result')).toBe(false);
      expect(issuesOf(coding)[0]?.expression).toEqual(['Coding.display']);
      const cc = (await post('/fhir/CodeSystem/ncmp-2014/$validate-code', postParameters([
        { name: 'codeableConcept', valueCodeableConcept: { coding: [{ system: NCMP_URL, code: 'XXXX99' }, { system: NCMP_URL, code: 'WBGM00' }] } },
      ])).expect(200)).body;
      expect(paramValue(cc, 'result')).toBe(true);
      expect(issuesOf(cc).some((i) => i.expression?.[0] === 'CodeableConcept.coding[0].code')).toBe(true);
    });
  });

  describe('CodeSystem/$lookup', () => {
    it('returns name, version, display and the hierarchy properties', async () => {
      const body = (await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&date=2012-06-01`).expect(200)).body;
      expect(paramValue(body, 'name')).toBe('NCMP');
      expect(paramValue(body, 'version')).toBe('2012');
      expect(paramValue(body, 'display')).toBe('Intravenøs injeksjon/infusjon av legemiddel');
      expect(properties(body)).toEqual(expect.arrayContaining([{ code: 'parent', value: 'WBGM' }, { code: 'inactive', value: false }]));
      const group = (await get(`/fhir/CodeSystem/ncmp-2012/$lookup?code=WBGM`).expect(200)).body;
      expect(properties(group).filter((p) => p.code === 'child').map((p) => p.value)).toContain('WBGM00');
      expect(properties(group)).toContainEqual({ code: 'parent', value: 'WB' });
    });

    it('honours property to select what is returned', async () => {
      const body = (await get(`/fhir/CodeSystem/ncmp-2012/$lookup?code=WBGM00&property=parent`).expect(200)).body;
      expect(properties(body).map((p) => p.code)).toEqual(['parent']);
    });

    it('gives the NCMP text properties and the særkode predecessor for a 2021 code', async () => {
      const body = (await post('/fhir/CodeSystem/$lookup', postParameters([
        { name: 'coding', valueCoding: { system: NCMP_URL, code: 'IBBA15' } },
        { name: 'date', valueDateTime: '2021-03-01' },
      ])).expect(200)).body;
      const props = properties(body);
      expect(props.filter((p) => p.code === 'exclusion').length).toBeGreaterThan(0);
      expect(props.find((p) => p.code === 'predecessor')?.value).toMatchObject({ system: SAERKODE_URL, code: 'B0014' });
    });

    it('a særkode lookup names its successors', async () => {
      const body = (await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(SAERKODE_URL)}&code=A0093&date=2017-06-01`).expect(200)).body;
      expect(properties(body).find((p) => p.code === 'successor')?.value).toMatchObject({ system: NCMP_URL, code: 'JAGD55' });
    });

    it('an unknown code is a 404 saying in which versions it existed', async () => {
      const res = await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=ZWUU40&date=2021-06-01`).expect(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0].details.text).toMatch(/ZWUU40 is retired from 2021-01-01.*was in 2007–2020/);
      const never = await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=XXXX99`).expect(404);
      expect(never.body.issue[0].details.text).toMatch(/Unknown code 'XXXX99'/);
      await get(`/fhir/CodeSystem/$lookup?system=http://example.org/nope&code=X`).expect(404);
    });
  });

  describe('ValueSet/$validate-code and $expand', () => {
    const vs = encodeURIComponent('https://ncmp-terminology.example/fhir/ValueSet/ncmp');

    it('validates membership in the NCMP value set of the version in force', async () => {
      const ok = (await get(`/fhir/ValueSet/$validate-code?url=${vs}&system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&date=2014-06-01`).expect(200)).body;
      expect(paramValue(ok, 'result')).toBe(true);
      expect(paramValue(ok, 'version')).toBe('2014');
      // ABGC12 is in NCMP 2014 but not in 2007: outside the 2007 value set.
      const bad = (await get(`/fhir/ValueSet/$validate-code?url=${vs}&valueSetVersion=2007&system=${encodeURIComponent(NCMP_URL)}&code=ABGC12`).expect(200)).body;
      expect(paramValue(bad, 'result')).toBe(false);
      expect(txTypes(bad)).toEqual(expect.arrayContaining(['invalid-code', 'not-in-vs']));
      const inLater = (await get(`/fhir/ValueSet/$validate-code?url=${vs}&valueSetVersion=2014&system=${encodeURIComponent(NCMP_URL)}&code=ABGC12`).expect(200)).body;
      expect(paramValue(inLater, 'result')).toBe(true);
      const grp = (await get(`/fhir/ValueSet/ncmp-2014/$validate-code?system=${encodeURIComponent(NCMP_URL)}&code=WBGM`).expect(200)).body;
      expect(paramValue(grp, 'result')).toBe(false);
      expect(txTypes(grp)).toEqual(expect.arrayContaining(['not-in-vs']));
    });

    it('flags a coding whose version contradicts the value set (vs-invalid)', async () => {
      const body = (await post('/fhir/ValueSet/ncmp-2014/$validate-code', postParameters([
        { name: 'coding', valueCoding: { system: NCMP_URL, version: '2013', code: 'WBGM00' } },
      ])).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(txTypes(body)).toContain('vs-invalid');
    });

    it('expands a whole version with total, and pages it', async () => {
      const all = (await get('/fhir/ValueSet/ncmp-2014/$expand').expect(200)).body;
      expect(all.expansion.total).toBe(885);
      expect(all.expansion.contains).toHaveLength(885);
      const page = (await get('/fhir/ValueSet/ncmp-2014/$expand?count=10&offset=880').expect(200)).body;
      expect(page.expansion.total).toBe(885);
      expect(page.expansion.contains).toHaveLength(5);
      const byDate = (await get(`/fhir/ValueSet/$expand?url=${vs}&date=2016-05-01&count=0`).expect(200)).body;
      expect(byDate.version).toBe('2016');
      expect(byDate.expansion.total).toBe(753);
    });

    it('filters case- and accent-insensitively and by code prefix', async () => {
      const accented = (await get(`/fhir/ValueSet/ncmp-2014/$expand?filter=${encodeURIComponent('intravenøs')}`).expect(200)).body;
      const plain = (await get('/fhir/ValueSet/ncmp-2014/$expand?filter=INTRAVENOS').expect(200)).body;
      expect(accented.expansion.total).toBeGreaterThan(0);
      expect(plain.expansion.total).toBe(accented.expansion.total);
      expect(accented.expansion.contains.map((c: { code: string }) => c.code)).toContain('WBGM00');
      const prefix = (await get('/fhir/ValueSet/ncmp-2014/$expand?filter=wbgm').expect(200)).body;
      expect(prefix.expansion.contains.every((c: { code: string }) => c.code.startsWith('WBGM'))).toBe(true);
    });

    it('marks the expansion of the 2021 fragment as unclosed', async () => {
      const body = (await get('/fhir/ValueSet/ncmp-2021/$expand').expect(200)).body;
      expect(body.expansion.extension).toContainEqual({ url: 'http://hl7.org/fhir/StructureDefinition/valueset-unclosed', valueBoolean: true });
      expect(body.expansion.contains.map((c: { code: string }) => c.code)).not.toContain('ZWUU40');
    });

    it('refuses a count beyond the limit', async () => {
      const res = await get('/fhir/ValueSet/ncmp-2014/$expand?count=100000').expect(400);
      expect(res.body.issue[0].details.text).toMatch(/count must be between/);
    });
  });

  describe('CodeSystem/$subsumes', () => {
    it('works over the derived hierarchy', async () => {
      const q = (a: string, b: string) => get(`/fhir/CodeSystem/$subsumes?system=${encodeURIComponent(NCMP_URL)}&version=2014&codeA=${a}&codeB=${b}`).expect(200);
      expect(paramValue((await q('WBGM', 'WBGM00')).body, 'outcome')).toBe('subsumes');
      expect(paramValue((await q('WBGM00', 'W')).body, 'outcome')).toBe('subsumed-by');
      expect(paramValue((await q('WBGM00', 'WBGM00')).body, 'outcome')).toBe('equivalent');
      expect(paramValue((await q('WBGM00', 'AAAA00')).body, 'outcome')).toBe('not-subsumed');
      await get(`/fhir/CodeSystem/$subsumes?system=${encodeURIComponent(NCMP_URL)}&codeA=XXXX99&codeB=WBGM00`).expect(404);
    });
  });

  describe('read, search and TerminologyCapabilities', () => {
    it('reads a code system version with its concepts', async () => {
      const cs = (await get('/fhir/CodeSystem/ncmp-2014').expect(200)).body;
      expect(cs.url).toBe(NCMP_URL);
      expect(cs.version).toBe('2014');
      expect(cs.content).toBe('complete');
      const flat = (list: { code: string; concept?: unknown[] }[]): string[] => list.flatMap((c) => [c.code, ...flat((c.concept ?? []) as never)]);
      expect(flat(cs.concept)).toContain('WBGM00');
    });

    it('searches by url, version and name, answering searchset Bundles', async () => {
      const all = (await get(`/fhir/CodeSystem?url=${encodeURIComponent(NCMP_URL)}`).expect(200)).body;
      expect(all.type).toBe('searchset');
      expect(all.total).toBe(13); // 2007–2017, the 2021 fragment, NordDRG's preliminary 2024 list
      const one = (await get(`/fhir/CodeSystem?url=${encodeURIComponent(NCMP_URL)}&version=2014`).expect(200)).body;
      expect(one.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual(['ncmp-2014']);
      const maps = (await get(`/fhir/ConceptMap?source-system=${encodeURIComponent(SAERKODE_URL)}`).expect(200)).body;
      expect(maps.total).toBe(1);
      const bad = await get('/fhir/CodeSystem?colour=red').expect(400);
      expect(bad.body.issue[0].details.text).toMatch(/not supported/);
    });

    it('lists every version with its effective period in mode=terminology', async () => {
      const tc = (await get('/fhir/metadata?mode=terminology').expect(200)).body;
      expect(tc.resourceType).toBe('TerminologyCapabilities');
      const ncmp = tc.codeSystem.find((c: { uri: string }) => c.uri === NCMP_URL);
      const v2016 = ncmp.version.find((v: { code: string }) => v.code === '2016');
      expect(v2016.extension[0].valuePeriod).toEqual({ start: '2016-01-01', end: '2017-01-01' });
    });
  });

  describe('bad input never gives a 5xx', () => {
    const cases: [string, string, number][] = [
      ['missing code', `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}`, 400],
      ['malformed code', `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=${encodeURIComponent(' WB GM00')}`, 400],
      ['bad date', `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&date=2021-02-30`, 400],
      ['bad boolean', `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}&code=WBGM00&abstract=yes`, 400],
      ['repeated single parameter', `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&code=WBGM01`, 400],
      ['complex type by GET', `/fhir/CodeSystem/$lookup?coding=x`, 400],
      ['unknown version (lookup)', `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&version=1999`, 404],
      ['date before any version', `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&date=1990-01-01`, 404],
      ['unknown value set', `/fhir/ValueSet/$expand?url=http://example.org/vs`, 404],
      ['unknown instance', `/fhir/CodeSystem/ncmp-1999/$lookup?code=WBGM00`, 404],
    ];
    it.each(cases)('%s (%s) → OperationOutcome %d', async (_name, path, status) => {
      const res = await get(path).expect(status);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0].details.text.length).toBeGreaterThan(10);
    });

    it('unknown parameters are ignored, not refused (FHIR; the HL7 validator sends uuid, cache-id, …)', async () => {
      const res = await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&colour=red&uuid=1`).expect(200);
      expect(res.body.resourceType).toBe('Parameters');
      const posted = await post(
        '/fhir/CodeSystem/$validate-code',
        postParameters([{ name: 'url', valueUri: NCMP_URL }, { name: 'code', valueCode: 'WBGM00' }, { name: 'uuid', valueString: 'x' }, { name: 'cache-id', valueId: 'c' }]),
      ).expect(200);
      expect(posted.body.parameter.find((p: { name: string }) => p.name === 'result').valueBoolean).toBe(true);
    });

    it('wrong value types in a POSTed Parameters are 400', async () => {
      const res = await post('/fhir/CodeSystem/$validate-code', postParameters([{ name: 'url', valueUri: NCMP_URL }, { name: 'code', valueBoolean: true }])).expect(400);
      expect(res.body.issue[0].details.text).toMatch(/must be of type code/);
      const notParams = await post('/fhir/CodeSystem/$validate-code', { resourceType: 'Patient' }).expect(400);
      expect(notParams.body.issue[0].details.text).toMatch(/Parameters resource/);
    });

    it('lists values of repeating outputs', async () => {
      const body = (await get(`/fhir/CodeSystem/ncmp-2014/$lookup?code=WB`).expect(200)).body;
      expect(paramValues(body, 'property').length).toBeGreaterThan(2);
    });
  });
});
