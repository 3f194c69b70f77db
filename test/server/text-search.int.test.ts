import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request, startTestApp, type TestApp } from '../support/test-app';

type Contains = { code: string; display?: string };
type FlatConcept = { code: string; display?: string; concept?: FlatConcept[] };

/** The NCMP 2014 concepts as shipped, read here so that no expected answer is written by hand. */
function shippedConcepts(): FlatConcept[] {
  const cs = JSON.parse(readFileSync(path.resolve(__dirname, '../../fhir-resources/package/CodeSystem-ncmp-2014.json'), 'utf8')) as { concept: FlatConcept[] };
  const out: FlatConcept[] = [];
  const walk = (list: FlatConcept[] = []): void => list.forEach((c) => (out.push(c), walk(c.concept)));
  walk(cs.concept);
  return out;
}

describe('text search: Norwegian compounds, accents, codes typed loosely, ranked', () => {
  let t: TestApp;
  const get = (p: string) => request(t.app).get(p);
  const expand = async (filter: string): Promise<Contains[]> =>
    ((await get(`/fhir/ValueSet/ncmp-2014/$expand?filter=${encodeURIComponent(filter)}`).expect(200)).body.expansion.contains ?? []) as Contains[];

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('filter=dialyse finds every NCMP 2014 code whose text holds "dialyse", also inside compounds', async () => {
    const expected = shippedConcepts().filter((c) => (c.display ?? '').toLowerCase().includes('dialyse')).map((c) => c.code).sort();
    expect(expected.length).toBeGreaterThan(4);
    const found = await expand('dialyse');
    expect(found.map((c) => c.code).sort()).toEqual(expected);
    expect(found.some((c) => /hemodialyse/i.test(c.display ?? ''))).toBe(true);
    // Upper case and accents do not matter.
    expect((await expand('DIALYSE')).map((c) => c.code).sort()).toEqual(expected);
  });

  it('ranks word starts before inner matches', async () => {
    const found = await expand('dialyse');
    const startsWord = (c: Contains): boolean => /(^|[^\p{L}\p{N}])dialyse/iu.test(c.display ?? '');
    const ranks = found.map((c) => (startsWord(c) ? 0 : 1));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks).toContain(1);
  });

  it('a code typed with a space or in lower case is found, the exact code first', async () => {
    const spaced = await expand('zwu 40');
    expect(spaced[0]?.code).toBe('ZWUU40');
    const lower = await expand('wbgm00');
    expect(lower[0]?.code).toBe('WBGM00');
    const prefix = await expand('wbgm');
    expect(prefix.length).toBeGreaterThan(1);
    expect(prefix.every((c) => c.code.startsWith('WBGM'))).toBe(true);
  });

  it('accent-insensitive: intravenøs and INTRAVENOS agree', async () => {
    const a = await expand('intravenøs');
    const b = await expand('INTRAVENOS');
    expect(a.length).toBeGreaterThan(0);
    expect(b.map((c) => c.code)).toEqual(a.map((c) => c.code));
  });

  it('the search API matches a title inside a word, without regard to case or accents', async () => {
    const body = (await get(`/fhir/CodeSystem?title=${encodeURIComponent('KLASSIFIKASJON')}`).expect(200)).body;
    const urls = (body.entry ?? []).map((e: { resource: { url: string } }) => e.resource.url);
    expect(urls).toContain('urn:oid:2.16.578.1.12.4.1.1.7220');
    const inner = (await get(`/fhir/CodeSystem?title=${encodeURIComponent('medisinske prosedyr')}`).expect(200)).body;
    expect((inner.entry ?? []).length).toBeGreaterThan(0);
    const none = (await get('/fhir/CodeSystem?title=zzzyx').expect(200)).body;
    expect(none.entry ?? []).toEqual([]);
  });
});
