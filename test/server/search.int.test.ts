// The search API as FHIR R4 defines it (https://hl7.org/fhir/R4/search.html): every parameter type with its
// prefixes and modifiers, the result parameters, paging, and a 400 naming the parameter for whatever is malformed.
// Expected answers are read from the shipped package, not written by hand.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NCMP_URL, SAERKODE_URL, TEST_ADMIN_TOKEN, request, startTestApp, type TestApp } from '../support/test-app';
import { searchDefinitions } from '../../server/operations/search-parameters';

type Entry = { resource: Record<string, unknown> & { id: string } };
type SearchBundle = { resourceType: string; total?: number; entry?: Entry[]; link: { relation: string; url: string }[] };
type Shipped = Record<string, unknown> & { resourceType: string; id: string; concept?: { code: string; concept?: unknown[] }[] };

const PACKAGE = path.resolve(__dirname, '../../fhir-resources/package');
const shipped: Shipped[] = readdirSync(PACKAGE)
  .filter((f) => /^(CodeSystem|ValueSet|ConceptMap)-.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(path.join(PACKAGE, f), 'utf8')) as Shipped);
const ofType = (type: string): Shipped[] => shipped.filter((r) => r.resourceType === type);
const codesOf = (list: { code: string; concept?: unknown[] }[] = []): string[] => list.flatMap((c) => [c.code, ...codesOf(c.concept as never)]);

describe('search: FHIR R4 search parameters, driven by their FHIRPath definitions', () => {
  let t: TestApp;
  const get = (p: string) => request(t.app).get(p);
  const search = async (p: string): Promise<SearchBundle> => {
    const res = await get(p);
    expect({ url: p, status: res.status }).toEqual({ url: p, status: 200 });
    return res.body as SearchBundle;
  };
  const ids = async (p: string): Promise<string[]> => ((await search(p)).entry ?? []).map((e) => e.resource.id).sort();
  const refused = async (p: string, name: string): Promise<void> => {
    const res = await get(p);
    expect({ url: p, status: res.status, type: res.body.resourceType }).toEqual({ url: p, status: 400, type: 'OperationOutcome' });
    // The text names the parameter, the expression names it as sent (with its modifier).
    expect(JSON.stringify(res.body.issue[0].details.text)).toContain(`'${name.split(':')[0]}'`);
    expect(res.body.issue[0].expression).toEqual([name]);
  };
  const write = (p: string, body: unknown) =>
    request(t.app).put(p).set('Content-Type', 'application/fhir+json').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(JSON.stringify(body));

  /** A value set with the elements no shipped resource has: useContext with a quantity and a concept, an identifier with a type. */
  const CONTEXT_VS = {
    resourceType: 'ValueSet',
    id: 'search-context',
    url: 'http://example.org/fhir/ValueSet/search-context',
    version: '1',
    name: 'SearchContext',
    status: 'draft',
    date: '2019-06-15',
    identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'RI' }], text: 'Resource identifier' }, system: 'http://example.org/ids', value: 'vs-1' }],
    useContext: [
      { code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'age' }, valueQuantity: { value: 18, system: 'http://unitsofmeasure.org', code: 'a', unit: 'years' } },
      { code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'focus' }, valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '387713003', display: 'Surgical procedure' }] } },
    ],
    compose: { include: [{ system: NCMP_URL, version: '2014', concept: [{ code: 'ZWUU40' }] }] },
  };

  beforeAll(async () => {
    t = await startTestApp({ adminToken: TEST_ADMIN_TOKEN });
    await write('/fhir/ValueSet/search-context', CONTEXT_VS).expect((res) => expect([200, 201]).toContain(res.status));
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe('token', () => {
    it('CodeSystem?code=ZWUU40 finds exactly the versions that hold the code, at any depth of the hierarchy', async () => {
      const expected = ofType('CodeSystem').filter((cs) => codesOf(cs.concept).includes('ZWUU40')).map((cs) => cs.id).sort();
      expect(expected.length).toBeGreaterThan(1);
      expect(expected.length).toBeLessThan(ofType('CodeSystem').length);
      expect(await ids('/fhir/CodeSystem?code=ZWUU40')).toEqual(expected);
      expect(await ids(`/fhir/CodeSystem?code=${encodeURIComponent(`${NCMP_URL}|ZWUU40`)}`)).toEqual([]); // a code's system is not a CodeSystem.concept element
      expect(await ids('/fhir/CodeSystem?code=zwuu40')).toEqual([]); // codes are case-sensitive
      const all = (await ids('/fhir/CodeSystem')).filter((id) => !expected.includes(id));
      expect(await ids('/fhir/CodeSystem?code:not=ZWUU40')).toEqual(all);
      // Comma is OR, a repeat is AND.
      const withB0001 = ofType('CodeSystem').filter((cs) => codesOf(cs.concept).includes('B0001')).map((cs) => cs.id);
      expect(await ids('/fhir/CodeSystem?code=ZWUU40,B0001')).toEqual([...expected, ...withB0001].sort());
      expect(await ids('/fhir/CodeSystem?code=ZWUU40&code=B0001')).toEqual([]);
    });

    it('_id, status, identifier (with :of-type), jurisdiction, and ValueSet?code over compose', async () => {
      expect(await ids('/fhir/CodeSystem?_id=ncmp-2014,ncmp-2015')).toEqual(['ncmp-2014', 'ncmp-2015']);
      expect(await ids('/fhir/CodeSystem?_id=ncmp-2014|x')).toEqual([]);
      expect(await ids('/fhir/CodeSystem?_id:missing=false')).toEqual(await ids('/fhir/CodeSystem'));
      const draft = ofType('CodeSystem').filter((cs) => cs.status === 'draft').map((cs) => cs.id).sort();
      expect(await ids('/fhir/CodeSystem?status=draft')).toEqual(draft);
      expect(await ids('/fhir/CodeSystem?status:not=draft')).toHaveLength(ofType('CodeSystem').length - draft.length);
      const ncmp = ofType('CodeSystem').filter((cs) => cs.url === NCMP_URL).map((cs) => cs.id).sort();
      expect(await ids(`/fhir/CodeSystem?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${NCMP_URL}`)}`)).toEqual(ncmp);
      expect(await ids(`/fhir/CodeSystem?identifier=${encodeURIComponent(`|${NCMP_URL}`)}`)).toEqual([]);
      expect(await ids(`/fhir/ValueSet?identifier:of-type=${encodeURIComponent('http://terminology.hl7.org/CodeSystem/v2-0203|RI|vs-1')}`)).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?identifier:text=resource%20IDENT')).toEqual(['search-context']);
      const norwegian = ofType('ConceptMap').filter((cm) => JSON.stringify(cm.jurisdiction ?? []).includes('"NO"')).map((cm) => cm.id).sort();
      expect(norwegian.length).toBeGreaterThan(0);
      expect(await ids(`/fhir/ConceptMap?jurisdiction=${encodeURIComponent('urn:iso:std:iso:3166|NO')}`)).toEqual(norwegian);
      expect(await ids('/fhir/ConceptMap?jurisdiction=urn:iso:std:iso:3166|')).toEqual(norwegian);
      expect(await ids('/fhir/ConceptMap?jurisdiction=urn:iso:std:iso:3166|SE')).toEqual([]);
      expect(await ids('/fhir/ValueSet?code=ZWUU40')).toEqual(['search-context']);
    });

    it('ConceptMap?source-code=B0014 and target-code find the succession map', async () => {
      const map = ofType('ConceptMap')[0] as unknown as { id: string; group: { element: { code: string; target?: { code?: string }[] }[] }[] };
      expect(map.group[0]!.element.some((e) => e.code === 'B0014')).toBe(true);
      expect(await ids('/fhir/ConceptMap?source-code=B0014')).toEqual([map.id]);
      const target = map.group[0]!.element.find((e) => e.code === 'B0014')!.target![0]!.code!;
      expect(await ids(`/fhir/ConceptMap?target-code=${target}`)).toEqual([map.id]);
      expect(await ids(`/fhir/ConceptMap?source-code=${target}`)).toEqual([]);
    });
  });

  describe('uri and reference', () => {
    it('ValueSet?reference=<NCMP url> finds the value sets that include NCMP', async () => {
      const expected = ofType('ValueSet').filter((vs) => JSON.stringify(vs.compose).includes(`"system":"${NCMP_URL}"`)).map((vs) => vs.id);
      expect(expected.length).toBeGreaterThan(10);
      expect(await ids(`/fhir/ValueSet?reference=${encodeURIComponent(NCMP_URL)}`)).toEqual([...expected, 'search-context'].sort());
      // Since NCSP and NCRP are shipped (issue 26), the value sets that are not NCMP's are not all særkoder's.
      const saerkoder = ofType('ValueSet').filter((vs) => JSON.stringify(vs.compose).includes(`"system":"${SAERKODE_URL}"`));
      expect(await ids(`/fhir/ValueSet?reference=${encodeURIComponent(SAERKODE_URL)}`)).toHaveLength(saerkoder.length);
    });

    it('url, system, with :below and :above', async () => {
      const ncmp = ofType('CodeSystem').filter((cs) => cs.url === NCMP_URL).map((cs) => cs.id).sort();
      expect(await ids(`/fhir/CodeSystem?system=${encodeURIComponent(NCMP_URL)}`)).toEqual(ncmp);
      expect(await ids('/fhir/ValueSet?url:below=http://example.org/fhir')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?url:below=http://example.org/fh')).toEqual([]); // a path segment, not a text prefix
      expect(await ids('/fhir/ValueSet?url:above=http://example.org/fhir/ValueSet/search-context/_history/1')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?url=http://example.org/fhir')).toEqual([]);
    });

    it('ConceptMap source and target: a canonical, with or without version, or a local reference', async () => {
      const map = ofType('ConceptMap')[0]!;
      expect(await ids(`/fhir/ConceptMap?source-uri=${encodeURIComponent(String(map.sourceUri))}`)).toEqual([map.id]);
      expect(await ids(`/fhir/ConceptMap?target-uri=${encodeURIComponent(String(map.targetUri))}`)).toEqual([map.id]);
      expect(await ids(`/fhir/ConceptMap?source-uri=${encodeURIComponent(String(map.targetUri))}`)).toEqual([]);
      expect(await ids(`/fhir/ConceptMap?source-system=${encodeURIComponent(SAERKODE_URL)}&target-system=${encodeURIComponent(NCMP_URL)}`)).toEqual([map.id]);
      expect(await ids('/fhir/ConceptMap?source:ValueSet=no-such-value-set')).toEqual([]);
      expect(await ids('/fhir/CodeSystem?supplements:missing=true')).toEqual(await ids('/fhir/CodeSystem'));
    });
  });

  describe('date', () => {
    const dated = (): { id: string; date: string }[] =>
      ofType('CodeSystem').filter((cs) => typeof cs.date === 'string').map((cs) => ({ id: cs.id, date: cs.date as string }));

    it('CodeSystem?date=ge2015&date=lt2017, and each prefix', async () => {
      const all = (await search('/fhir/CodeSystem')).entry!.map((e) => ({ id: e.resource.id, date: e.resource.date as string | undefined }));
      const withDate = all.filter((r) => r.date !== undefined);
      expect(withDate.length).toBeGreaterThan(5);
      const year = (r: { date?: string }): number => Number(r.date!.slice(0, 4));
      const where = (f: (y: number) => boolean): string[] => withDate.filter((r) => f(year(r))).map((r) => r.id).sort();
      expect(await ids('/fhir/CodeSystem?date=ge2015&date=lt2017')).toEqual(where((y) => y >= 2015 && y < 2017));
      expect(await ids('/fhir/CodeSystem?date=2014')).toEqual(where((y) => y === 2014));
      expect(await ids('/fhir/CodeSystem?date=eq2014')).toEqual(where((y) => y === 2014));
      expect(await ids('/fhir/CodeSystem?date=gt2014')).toEqual(where((y) => y > 2014));
      expect(await ids('/fhir/CodeSystem?date=sa2014')).toEqual(where((y) => y > 2014));
      expect(await ids('/fhir/CodeSystem?date=le2014')).toEqual(where((y) => y <= 2014));
      expect(await ids('/fhir/CodeSystem?date=eb2014')).toEqual(where((y) => y < 2014));
      expect(await ids('/fhir/CodeSystem?date=ne2014')).toEqual(where((y) => y !== 2014));
      expect(await ids('/fhir/CodeSystem?date:missing=true')).toEqual(all.filter((r) => r.date === undefined).map((r) => r.id).sort());
      // `ap`: within a tenth of the distance from today: 2014-06 is near 2014-06-15, 2010 is not.
      const ap = await ids('/fhir/CodeSystem?date=ap2014-06-15');
      expect(ap).toEqual(expect.arrayContaining(where((y) => y === 2014).filter((id) => withDate.find((r) => r.id === id)!.date!.startsWith('2014-0'))));
      expect(ap.some((id) => year(withDate.find((r) => r.id === id)!) <= 2011)).toBe(false);
      expect(dated().every((d) => withDate.some((r) => r.id === d.id))).toBe(true);
    });

    it('_lastUpdated is an instant the server set today or before', async () => {
      const all = await ids('/fhir/CodeSystem');
      expect(await ids('/fhir/CodeSystem?_lastUpdated=gt2000-01-01')).toEqual(all);
      expect(await ids('/fhir/CodeSystem?_lastUpdated=lt2000-01-01T00:00:00Z')).toEqual([]);
    });

    it.each(['2015-W01', '-2015', '2015-1', '20150101', 'xx2015', 'ge', '2015-02-29', '2015-06-01T10:00'])('date=%s is a 400 naming date', async (value) => {
      await refused(`/fhir/CodeSystem?date=${encodeURIComponent(value)}`, 'date');
    });
  });

  describe('string', () => {
    it('CodeSystem?title:contains=prosedyr, the default match, and :exact', async () => {
      const titled = ofType('CodeSystem').filter((cs) => String(cs.title ?? '').toLowerCase().includes('prosedyr')).map((cs) => cs.id).sort();
      expect(titled.length).toBe(ofType('CodeSystem').length);
      expect(await ids('/fhir/CodeSystem?title:contains=prosedyr')).toEqual(titled);
      expect(await ids('/fhir/CodeSystem?title:contains=PROSEDYR')).toEqual(titled);
      const saerkoder = ofType('CodeSystem').filter((cs) => cs.url === SAERKODE_URL).map((cs) => cs.id).sort();
      expect(await ids(`/fhir/CodeSystem?title=${encodeURIComponent('særkoder')}`)).toEqual(saerkoder);
      expect(await ids(`/fhir/CodeSystem?title=saerkoder`)).toEqual(saerkoder);
      const exact = String(ofType('CodeSystem').find((cs) => cs.url === SAERKODE_URL)!.title);
      expect(await ids(`/fhir/CodeSystem?title:exact=${encodeURIComponent(exact)}`)).toEqual(saerkoder);
      expect(await ids(`/fhir/CodeSystem?title:exact=${encodeURIComponent(exact.toLowerCase())}`)).toEqual([]);
      expect(await ids('/fhir/CodeSystem?title=Nasjonale,klassifikasjon')).toHaveLength(ofType('CodeSystem').length);
    });

    it('publisher, description, name, and an escaped comma', async () => {
      const helsedir = ofType('ValueSet').filter((vs) => String(vs.publisher).includes('Helsedirektoratet')).map((vs) => vs.id).sort();
      expect(await ids('/fhir/ValueSet?publisher=helsedirektoratet')).toEqual(helsedir);
      expect(await ids('/fhir/ConceptMap?description=s%C3%A6rkode')).toEqual([ofType('ConceptMap')[0]!.id]);
      expect(await ids('/fhir/ValueSet?name=SearchContext')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?name=Search%5C,Context')).toEqual([]);
    });
  });

  describe('quantity and composite (useContext)', () => {
    it('context-quantity with prefixes and units', async () => {
      expect(await ids('/fhir/ValueSet?context-quantity=18')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-quantity=gt17')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-quantity=lt18')).toEqual([]);
      expect(await ids('/fhir/ValueSet?context-quantity=le18|http://unitsofmeasure.org|a')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-quantity=18|http://unitsofmeasure.org|mo')).toEqual([]);
      expect(await ids('/fhir/ValueSet?context-quantity=18||years')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-quantity=ap19')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-quantity=18.4')).toEqual([]);
      await refused('/fhir/ValueSet?context-quantity=eighteen', 'context-quantity');
    });

    it('context, context-type and the composites context-type-value and context-type-quantity', async () => {
      expect(await ids('/fhir/ValueSet?context=http://snomed.info/sct|387713003')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context:text=surgical')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-type=age')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-type-value=focus$387713003')).toEqual(['search-context']);
      // Both halves must hold in the same useContext.
      expect(await ids('/fhir/ValueSet?context-type-value=age$387713003')).toEqual([]);
      expect(await ids('/fhir/ValueSet?context-type-quantity=age$gt10')).toEqual(['search-context']);
      expect(await ids('/fhir/ValueSet?context-type-quantity=focus$gt10')).toEqual([]);
      await refused('/fhir/ValueSet?context-type-value=focus', 'context-type-value');
    });
  });

  describe('result parameters and paging', () => {
    it('_count and _offset page with first, previous, next and last links', async () => {
      const all = await ids('/fhir/CodeSystem?_sort=_id');
      const first = await search('/fhir/CodeSystem?_count=5&_sort=_id');
      expect(first.total).toBe(all.length);
      expect(first.entry!.map((e) => e.resource.id)).toEqual([...all].sort().slice(0, 5));
      const rel = (b: SearchBundle, r: string): string | undefined => b.link.find((l) => l.relation === r)?.url;
      expect(rel(first, 'previous')).toBeUndefined();
      const next = rel(first, 'next')!;
      expect(next).toMatch(/_offset=5/);
      const second = await search(next.replace(/^https?:\/\/[^/]+/, ''));
      expect(second.entry!.map((e) => e.resource.id)).toEqual([...all].sort().slice(5, 10));
      expect(rel(second, 'previous')).toMatch(/_offset|_count=5&_sort=_id$/);
      const last = await search(rel(first, 'last')!.replace(/^https?:\/\/[^/]+/, ''));
      expect(rel(last, 'next')).toBeUndefined();
      expect((await search('/fhir/CodeSystem?_count=0')).entry ?? []).toEqual([]);
    });

    it('_sort by date, descending, then by id; values missing sort last', async () => {
      const sorted = (await search('/fhir/CodeSystem?_sort=-date,_id')).entry!.map((e) => e.resource);
      const dates = sorted.map((r) => r.date as string | undefined);
      const present = dates.filter((d) => d !== undefined);
      expect(present).toEqual([...present].sort().reverse());
      expect(dates.slice(present.length).every((d) => d === undefined)).toBe(true);
      await refused('/fhir/CodeSystem?_sort=colour', '_sort');
    });

    it('_summary=count, _elements, _total=none, and a self link that names what was applied', async () => {
      const count = await search('/fhir/ValueSet?_summary=count');
      expect(count.total).toBe(ofType('ValueSet').length + 1);
      expect(count.entry ?? []).toEqual([]);
      const slim = await search('/fhir/ValueSet?_elements=url,version&_id=ncmp-2014');
      expect(slim.entry![0]!.resource).toEqual({ resourceType: 'ValueSet', id: 'ncmp-2014', url: expect.any(String), version: '2014', meta: expect.objectContaining({ tag: [expect.objectContaining({ code: 'SUBSETTED' })] }) });
      expect((await search('/fhir/ValueSet?_total=none')).total).toBeUndefined();
      const self = (await search('/fhir/CodeSystem?_summary=true&title:contains=prosedyr')).link.find((l) => l.relation === 'self')!.url;
      expect(self).toMatch(/\/fhir\/CodeSystem\?title%3Acontains=prosedyr$/);
    });

    it('POST _search takes the parameters from the form body', async () => {
      const res = await request(t.app).post('/fhir/CodeSystem/_search').type('form').send('code=ZWUU40&_count=1').expect(200);
      expect(res.body.total).toBe(ofType('CodeSystem').filter((cs) => codesOf(cs.concept).includes('ZWUU40')).length);
      expect(res.body.entry).toHaveLength(1);
    });
  });

  describe('refusals: a 400 that names the parameter, never a 5xx', () => {
    it.each([
      ['/fhir/CodeSystem?colour=red', 'colour'],
      ['/fhir/CodeSystem?code:below=ZWUU40', 'code:below'],
      ['/fhir/CodeSystem?code:in=http://x', 'code:in'],
      ['/fhir/CodeSystem?title:below=x', 'title:below'],
      ['/fhir/CodeSystem?url:exact=x', 'url:exact'],
      ['/fhir/ConceptMap?source:identifier=x', 'source:identifier'],
      ['/fhir/ConceptMap?source:CodeSystem=x', 'source:CodeSystem'],
      ['/fhir/CodeSystem?supplements.url=x', 'supplements.url'],
      ['/fhir/CodeSystem?_text=x', '_text'],
      ['/fhir/CodeSystem?_content=x', '_content'],
      ['/fhir/CodeSystem?_include=CodeSystem:supplements', '_include'],
      ['/fhir/CodeSystem?title=', 'title'],
      ['/fhir/CodeSystem?code=', 'code'],
      ['/fhir/CodeSystem?code=|', 'code'],
      ['/fhir/CodeSystem?code=a,', 'code'],
      ['/fhir/CodeSystem?url=', 'url'],
      ['/fhir/ConceptMap?source=', 'source'],
      ['/fhir/CodeSystem?title:missing=maybe', 'title:missing'],
      ['/fhir/CodeSystem?_count=ten', '_count'],
      ['/fhir/CodeSystem?_count=1&_count=2', '_count'],
      ['/fhir/CodeSystem?_offset=-1', '_offset'],
      ['/fhir/CodeSystem?_summary=maybe', '_summary'],
      ['/fhir/CodeSystem?_elements=a.b', '_elements'],
      ['/fhir/CodeSystem?_total=some', '_total'],
      ['/fhir/CodeSystem?identifier:of-type=a|b', 'identifier:of-type'],
      ['/fhir/CodeSystem?_lastUpdated=2015-W01', '_lastUpdated'],
      ['/fhir/CodeSystem?date=2014%0D%0A', 'date'],
    ])('%s', async (url, name) => {
      await refused(url, name);
    });
  });

  it('the CapabilityStatement lists exactly the parameters the search evaluates, each with its definition', async () => {
    const cap = (await get('/fhir/metadata').expect(200)).body as { rest: { resource: { type: string; searchParam: { name: string; type: string; definition: string }[] }[] }[] };
    for (const resource of cap.rest[0]!.resource) {
      const definitions = searchDefinitions()[resource.type as 'CodeSystem' | 'ValueSet' | 'ConceptMap'];
      expect(resource.searchParam.map((p) => p.name)).toEqual(definitions.map((d) => d.code));
      expect(resource.searchParam.every((p) => p.definition.startsWith('http://hl7.org/fhir/SearchParameter/'))).toBe(true);
    }
    const codeSystem = cap.rest[0]!.resource.find((r) => r.type === 'CodeSystem')!.searchParam.map((p) => p.name);
    expect(codeSystem).toEqual(expect.arrayContaining(['_id', '_lastUpdated', 'code', 'context-type-value', 'date', 'identifier', 'supplements', 'system', 'title']));
    expect(codeSystem).not.toContain('_text');
  });
});
