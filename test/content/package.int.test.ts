import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import { readPackageResources, SHIPPED_PACKAGE_DIR } from '../../server/content';
import { NCMP_URL, paramValue, request, SAERKODE_URL, startTestApp, type TestApp } from '../support/test-app';

const REGISTER_TOTALS: Record<string, number> = {
  '2007': 683,
  '2008': 689,
  '2009': 682,
  '2010': 829,
  '2011': 848,
  '2012': 854,
  '2013': 880,
  '2014': 885,
  '2015': 887,
  '2016': 753,
  '2017': 756,
};

const json = <T>(file: string): T => JSON.parse(readFileSync(join(SHIPPED_PACKAGE_DIR, file), 'utf8')) as T;

describe('the FHIR package in fhir-resources/package', () => {
  it('has a package manifest and an index naming every resource file', async () => {
    const manifest = json<{ name: string; version: string; fhirVersions: string[]; canonical: string }>('package.json');
    expect(manifest).toMatchObject({ fhirVersions: ['4.0.1'] });
    expect(manifest.name).toMatch(/^[a-z0-9.-]+$/);
    const index = json<{ 'index-version': number; files: { filename: string; resourceType: string; id: string }[] }>('.index.json');
    expect(index['index-version']).toBe(2);
    const resources = await readPackageResources(SHIPPED_PACKAGE_DIR);
    for (const r of resources) expect(index.files).toContainEqual(expect.objectContaining({ filename: r.file, resourceType: r.resource.resourceType, id: r.resource.id }));
  });

  it('states the provenance and licence of every resource', async () => {
    for (const { file, resource } of await readPackageResources(SHIPPED_PACKAGE_DIR)) {
      expect({ file, copyright: resource.copyright ?? '' }).toEqual({ file, copyright: expect.stringContaining('NLOD') });
      if (resource.resourceType !== 'ValueSet') {
        const source = resource.extension?.find((e) => e.url.endsWith('/StructureDefinition/source-file'));
        const sha = source?.extension?.find((e) => e.url === 'sha256')?.valueString;
        expect({ file, sha }).toEqual({ file, sha: expect.stringMatching(/^[0-9a-f]{64}$/) });
      }
    }
  });
});

describe('what the server serves from the package, on an otherwise empty database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  const get = (path: string) => request(t.app).get(path).set('Accept', 'application/fhir+json');

  it('serves each CodeSystem of the package with the same concepts, texts and count', async () => {
    const codeSystems = (await readPackageResources(SHIPPED_PACKAGE_DIR)).map((r) => r.resource).filter((r): r is CodeSystem => r.resourceType === 'CodeSystem');
    expect(codeSystems.length).toBeGreaterThanOrEqual(19);
    for (const cs of codeSystems) {
      const served = (await get(`/fhir/CodeSystem/${cs.id}`).expect(200)).body as CodeSystem;
      expect({ id: cs.id, count: served.count }).toEqual({ id: cs.id, count: cs.count });
      const byCode = new Map<string, string | undefined>();
      const walk = (concepts: CodeSystem['concept']): void => {
        for (const c of concepts ?? []) {
          byCode.set(c.code, c.display);
          walk(c.concept);
        }
      };
      walk(served.concept);
      for (const c of cs.concept ?? []) expect({ id: cs.id, code: c.code, display: byCode.get(c.code) }).toEqual({ id: cs.id, code: c.code, display: c.display });
    }
  }, 60_000);

  it('expands each version ValueSet to exactly the register’s codes', async () => {
    for (const [version, total] of Object.entries(REGISTER_TOTALS)) {
      const vs = json<ValueSet>(`ValueSet-ncmp-${version}.json`);
      const body = (await get(`/fhir/ValueSet/$expand?url=${encodeURIComponent(vs.url ?? '')}&valueSetVersion=${version}&count=0`).expect(200)).body as ValueSet;
      expect({ version, total: body.expansion?.total }).toEqual({ version, total });
    }
  });

  it('serves the særkode → NCMP ConceptMap of the package', async () => {
    const map = json<ConceptMap>('ConceptMap-saerkode-to-ncmp.json');
    const served = (await get(`/fhir/ConceptMap/${map.id}`).expect(200)).body as ConceptMap;
    const pairs = (m: ConceptMap) => (m.group ?? []).flatMap((g) => g.element.flatMap((e) => (e.target ?? []).map((x) => `${e.code}>${x.code}:${x.equivalence}`))).sort();
    expect(pairs(served)).toEqual(pairs(map));
    expect(pairs(map)).toHaveLength(34);
  });

  it('answers ZWUU40 on 2014-03-01 from NCMP 2014, and særkode 1XX01 (2017) with its repaired text', async () => {
    const zwu = (await get(`/fhir/CodeSystem/$validate-code?url=${NCMP_URL}&code=ZWUU40&date=2014-03-01`).expect(200)).body;
    expect(paramValue(zwu, 'result')).toBe(true);
    expect(paramValue(zwu, 'version')).toBe('2014');
    const sk = (await get(`/fhir/CodeSystem/$lookup?system=${SAERKODE_URL}&code=1XX01&version=2017`).expect(200)).body;
    expect(paramValue(sk, 'display')).toBe('Intravenøs trombolysebehandling ved akutt hjerneinfarkt');
    const display = encodeURIComponent('Intravenøs trombolysebehandling ved akutt hjerneinfarkt');
    const ok = (await get(`/fhir/CodeSystem/$validate-code?url=${SAERKODE_URL}&version=2017&code=1XX01&display=${display}`).expect(200)).body;
    expect(paramValue(ok, 'result')).toBe(true);
  });

  it('does not refuse a display for characters the source lost, and still refuses a wrong one', async () => {
    const url = (display: string) => `/fhir/CodeSystem/$validate-code?url=${SAERKODE_URL}&version=2017&code=B0005&display=${encodeURIComponent(display)}`;
    const full = (await get(url('Strukturerte polikliniske dagtilbud innen PHV og TSB, hovedsakelig diagnostiske formål')).expect(200)).body;
    expect(paramValue(full, 'result')).toBe(true);
    const wrong = (await get(url('Strukturerte polikliniske dagtilbud innen PHV og TSB, hovedsakelig terapeutiske formål')).expect(200)).body;
    expect(paramValue(wrong, 'result')).toBe(false);
  });

  it('does not count the derived chapter, section and group concepts, and gives them no made-up display', async () => {
    const cs = (await get('/fhir/CodeSystem/ncmp-2007').expect(200)).body as CodeSystem;
    expect(cs.count).toBe(683);
    const group = (await get(`/fhir/CodeSystem/$lookup?system=${NCMP_URL}&code=WBGM&version=2014`).expect(200)).body;
    expect(JSON.stringify(group)).not.toMatch(/Kodegruppe|Seksjon|Kapittel/);
  });

  it('answers a 2024 date from NordDRG’s preliminary list, with a warning that says what it is', async () => {
    const body = (await get(`/fhir/CodeSystem/$validate-code?url=${NCMP_URL}&code=RAGG60&date=2024-05-01`).expect(200)).body;
    expect(paramValue(body, 'result')).toBe(true);
    expect(paramValue(body, 'version')).toBe('2024-nordDRG-prelim');
    expect(JSON.stringify(paramValue(body, 'issues'))).toMatch(/draft.*not an official register/);
    // Official sources win: ZWUU40 is not in it (NordDRG marks it inactivated), and the 2021 retirement stands.
    const zwu = (await get(`/fhir/CodeSystem/$validate-code?url=${NCMP_URL}&code=ZWUU40&date=2024-05-01`).expect(200)).body;
    expect(paramValue(zwu, 'result')).toBe(false);
  });
});

describe('a code’s history across versions, in $lookup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  const lookup = async (query: string) =>
    (await request(t.app).get(`/fhir/CodeSystem/$lookup?${query}`).set('Accept', 'application/fhir+json').expect(200)).body as {
      parameter: { name: string; part?: { name: string; valueString?: string; valueCode?: string }[] }[];
    };
  const props = (body: Awaited<ReturnType<typeof lookup>>, code: string) =>
    body.parameter
      .filter((p) => p.name === 'property' && p.part?.find((x) => x.name === 'code')?.valueCode === code)
      .map((p) => ({ value: p.part?.find((x) => x.name === 'value')?.valueString, description: p.part?.find((x) => x.name === 'description')?.valueString }));

  it('lists the versions a code is in with its text there, its first and last, and its text changes (JAGD50)', async () => {
    // What the package says, version by version, in effective order.
    const ncmp = (await readPackageResources(SHIPPED_PACKAGE_DIR))
      .map((r) => r.resource)
      .filter((r): r is CodeSystem => r.resourceType === 'CodeSystem' && r.url === NCMP_URL)
      .sort((a, b) => String(a.extension?.[0]?.valuePeriod?.start).localeCompare(String(b.extension?.[0]?.valuePeriod?.start)));
    const expected = ncmp.flatMap((cs) => {
      const c = cs.concept?.find((x) => x.code === 'JAGD50');
      return c ? [{ value: cs.version, description: c.display }] : [];
    });
    const changedIn = expected.filter((e, i) => i > 0 && e.description !== expected[i - 1]?.description).map((e) => e.value);
    expect(changedIn.length).toBeGreaterThan(0);

    const body = await lookup(`system=${NCMP_URL}&code=JAGD50&version=2014`);
    expect(props(body, 'inVersion')).toEqual(expected);
    expect(props(body, 'firstVersion')[0]?.value).toBe(expected[0]?.value);
    expect(props(body, 'lastVersion')[0]?.value).toBe(expected.at(-1)?.value);
    expect(props(body, 'textChanged').map((c) => c.value)).toEqual(changedIn);
    expect(props(body, 'inVersion').find((p) => p.value === '2021')?.description).toBe('Oppstart av peritonealdialyse');
  });

  it('gives only what is asked for when property is named', async () => {
    const body = await lookup(`system=${NCMP_URL}&code=ZWUU40&version=2014&property=lastVersion`);
    expect(props(body, 'lastVersion')).toEqual([{ value: '2021', description: undefined }]);
    expect(props(body, 'inVersion')).toEqual([]);
  });
});
