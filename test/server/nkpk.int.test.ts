import { NCMP_URL, paramValue, request, startTestApp, type TestApp } from '../support/test-app';

const NCSP_URL = 'urn:oid:2.16.578.1.12.4.1.1.7210';
const NCRP_URL = 'urn:oid:2.16.578.1.12.4.1.1.7270';
const NKPK_URL = 'urn:oid:2.16.578.1.12.4.1.1.7275';
const VS_BASE = 'https://ncmp-terminology.example/fhir/ValueSet';

type Bundle = { entry?: { resource: { url?: string; version?: string; concept?: { code: string }[] } }[] };

describe('NCSP and NCRP beside NCMP (issue 26)', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app).get(path);
  const validate = (system: string, code: string, date: string) =>
    get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(system)}&code=${code}&date=${date}`).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('expands each version\'s ValueSet with the counts the sources give: NCSP 2014 6655, NCSP 2017 6538, NCRP 2016 1298', async () => {
    const total = async (id: string): Promise<unknown> => (await get(`/fhir/ValueSet/${id}/$expand?count=0`).expect(200)).body.expansion?.total;
    expect(await total('ncsp-2014')).toBe(6655);
    expect(await total('ncsp-2017')).toBe(6538);
    expect(await total('ncrp-2016')).toBe(1298);
    expect(await total('ncrp-2017')).toBe(1345);
    const byUrl = (await get(`/fhir/ValueSet/$expand?url=${encodeURIComponent(`${VS_BASE}/ncsp|2014`)}&count=0`).expect(200)).body;
    expect(byUrl.expansion?.total).toBe(6655);
  }, 60_000);

  it('JKA21 under 7210 on 2014-06-01 is valid with its NCSP text, from NCSP 2014', async () => {
    const body = (await validate(NCSP_URL, 'JKA21', '2014-06-01')).body;
    expect(paramValue(body, 'result')).toBe(true);
    expect(paramValue(body, 'display')).toBe('Laparoskopisk kolecystektomi');
    expect(paramValue(body, 'system')).toBe(NCSP_URL);
    expect(paramValue(body, 'version')).toBe('2014');
    // An alias echoes the primary system.
    const alias = (await validate('http://helsedir.no/fhir/CodeSystem/no-kodeverk-7210', 'JKA21', '2014-06-01')).body;
    expect(paramValue(alias, 'result')).toBe(true);
    expect(paramValue(alias, 'system')).toBe(NCSP_URL);
  });

  it('an NCRP code under 7270 on 2016-06-01 is valid with its NCRP text, and not before NCRP 2016 is in force', async () => {
    const body = (await validate(NCRP_URL, 'SAA0AA', '2016-06-01')).body;
    expect(paramValue(body, 'result')).toBe(true);
    expect(paramValue(body, 'display')).toBe('RG Caput');
    expect(paramValue(body, 'version')).toBe('2016');
    const before = (await validate(NCRP_URL, 'SAA0AA', '2015-06-01')).body;
    expect(paramValue(before, 'result')).toBe(false);
  });

  it('$lookup of an NCSP code gives its text and its history across the NCSP versions', async () => {
    const body = (await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCSP_URL)}&code=JKA21&date=2014-06-01`).expect(200)).body;
    expect(paramValue(body, 'display')).toBe('Laparoskopisk kolecystektomi');
    expect(paramValue(body, 'version')).toBe('2014');
  });

  it('no code is in two of NCMP, NCSP and NCRP, across every version (DOMAIN.md §3)', async () => {
    const codesOf = async (url: string): Promise<Map<string, string[]>> => {
      const bundle = (await get(`/fhir/CodeSystem?url=${encodeURIComponent(url)}&_count=100`).expect(200)).body as Bundle;
      const out = new Map<string, string[]>();
      for (const e of bundle.entry ?? []) {
        type C = { code: string; display?: string; concept?: C[] };
        const cs = (await get(`/fhir/CodeSystem/${(e.resource as { id?: string }).id}`).expect(200)).body as { version: string; concept?: C[] };
        // NCMP nests its codes under the chapter, section and group its code shape implies (no display): those are
        // not codes of any register.
        const walk = (cs2: C[]): void => {
          for (const c of cs2) {
            if (c.display !== undefined) out.set(c.code, [...(out.get(c.code) ?? []), cs.version]);
            walk(c.concept ?? []);
          }
        };
        walk(cs.concept ?? []);
      }
      return out;
    };
    const [ncmp, ncsp, ncrp] = [await codesOf(NCMP_URL), await codesOf(NCSP_URL), await codesOf(NCRP_URL)];
    expect(ncsp.size).toBeGreaterThan(6000);
    expect(ncrp.size).toBeGreaterThan(1298);
    expect(ncmp.size).toBeGreaterThan(1000);
    const inTwo = [...ncsp.keys()].filter((c) => ncmp.has(c) || ncrp.has(c)).concat([...ncrp.keys()].filter((c) => ncmp.has(c)));
    expect(inTwo).toEqual([]);
  }, 120_000);

  describe('NKPK (7275): the union of the NCMP, NCSP and NCRP versions in force', () => {
    type Issue = { severity: string; details?: { text?: string } };
    const issuesOf = (body: { parameter?: { name: string; resource?: { issue?: Issue[] } }[] }): Issue[] =>
      body.parameter?.find((p) => p.name === 'issues')?.resource?.issue ?? [];

    it('JKA21 under 7275 on 2014-06-01 is valid with its NCSP text, naming NCSP 2014 as where it came from', async () => {
      const body = (await validate(NKPK_URL, 'JKA21', '2014-06-01')).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(paramValue(body, 'display')).toBe('Laparoskopisk kolecystektomi');
      expect(paramValue(body, 'system')).toBe(NKPK_URL);
      expect(paramValue(body, 'version')).toBe('2014');
      expect(issuesOf(body).map((i) => i.details?.text).join('\n')).toContain(`NCSP 2014 (${NCSP_URL}|2014)`);
      // An alias of DOMAIN.md §2 is NKPK too, and echoes the primary system.
      const alias = (await validate('http://ehelse.no/fhir/CodeSystem/no-kodeverk-7275', 'JKA21', '2014-06-01')).body;
      expect(paramValue(alias, 'result')).toBe(true);
      expect(paramValue(alias, 'system')).toBe(NKPK_URL);
    });

    it('an NCMP code and an NCRP code under 7275 are valid, each from its own system\'s version', async () => {
      const ncmp = (await validate(NKPK_URL, 'WBGM00', '2014-06-01')).body;
      expect(paramValue(ncmp, 'result')).toBe(true);
      expect(issuesOf(ncmp).map((i) => i.details?.text).join('\n')).toContain(`NCMP 2014 (${NCMP_URL}|2014)`);
      const ncrp = (await validate(NKPK_URL, 'SAA0AA', '2016-06-01')).body;
      expect(paramValue(ncrp, 'result')).toBe(true);
      expect(paramValue(ncrp, 'display')).toBe('RG Caput');
      expect(issuesOf(ncrp).map((i) => i.details?.text).join('\n')).toContain(`NCRP 2016 (${NCRP_URL}|2016)`);
      // Before NCRP 2016 is in force, NKPK has no NCRP codes.
      expect(paramValue((await validate(NKPK_URL, 'SAA0AA', '2014-06-01')).body, 'result')).toBe(false);
    });

    it('$lookup of JKA21 under 7275 gives its NCSP text and the member version as a property', async () => {
      const body = (await get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NKPK_URL)}&code=JKA21&date=2014-06-01&property=memberVersion`).expect(200)).body;
      expect(paramValue(body, 'display')).toBe('Laparoskopisk kolecystektomi');
      expect(JSON.stringify(body)).toContain(`${NCSP_URL}|2014`);
    });

    it('$expand of the NKPK codes on a date filters across all three systems', async () => {
      const vs = {
        resourceType: 'ValueSet',
        status: 'active',
        compose: { include: [{ system: NKPK_URL, filter: [{ property: 'notSelectable', op: '=', value: 'false' }] }] },
      };
      const expand = async (filter: string, date: string): Promise<{ total?: number; contains?: { code: string; system: string }[] }> =>
        (
          await request(t.app)
            .post('/fhir/ValueSet/$expand')
            .send({
              resourceType: 'Parameters',
              parameter: [{ name: 'valueSet', resource: vs }, { name: 'date', valueDateTime: date }, ...(filter ? [{ name: 'filter', valueString: filter }] : []), { name: 'count', valueInteger: 1000 }],
            })
            .expect((r) => expect([r.status, r.status === 200 ? '' : JSON.stringify(r.body)]).toEqual([200, '']))
        ).body.expansion;
      const all = await expand('', '2016-06-01');
      expect(all.total).toBe(753 + 6497 + 1298);
      const gallbladder = await expand('kolecystektomi', '2014-06-01');
      expect(gallbladder.contains?.map((c) => c.code)).toContain('JKA21');
      expect(gallbladder.contains?.every((c) => c.system === NKPK_URL)).toBe(true);
    }, 60_000);

    it('JKA21 under NCMP (7220) is invalid, and the message says it is an NCSP code', async () => {
      const body = (await validate(NCMP_URL, 'JKA21', '2014-06-01')).body;
      expect(paramValue(body, 'result')).toBe(false);
      expect(paramValue(body, 'message')).toMatch(/JKA21 is not an NCMP code: it is an NCSP code \(NCSP 2014/);
      expect(paramValue(body, 'message')).toContain(NKPK_URL);
    });
  });
});
