import type { ConceptMap } from 'fhir/r4';
import { TEST_ADMIN_TOKEN, paramValue, postParameters, request, startTestApp, type TestApp } from '../support/test-app';

// R4 and R5 ConceptMaps with every equivalence and every relationship, stored (PUT, POST) and sent inline
// (tx-resource, conceptMap): one reading of both, `not-related-to`/`disjoint`/`unmatched` never a translation,
// and no validity statement where the map makes none.

const SOURCE = 'http://example.org/fhir/CodeSystem/cm-source';
const TARGET = 'http://example.org/fhir/CodeSystem/cm-target';

type Part = { name: string; valueCode?: string; valueCoding?: { system?: string; code?: string }; valueUri?: string; valueString?: string; valueCanonical?: string };
type Body = { parameter?: { name: string; part?: Part[]; [k: string]: unknown }[] };
type Match = { equivalence?: string; relationship?: string; concept?: { system?: string; code?: string }; comment?: string; source?: string; originMap?: string };

const matches = (body: Body): Match[] =>
  (body.parameter ?? [])
    .filter((p) => p.name === 'match')
    .map((m) => Object.fromEntries((m.part ?? []).map((p) => [p.name, p.valueCode ?? p.valueCoding ?? p.valueUri ?? p.valueString ?? p.valueCanonical])) as Match);

/** R5 relationships: source code → [target code, relationship, the R4 equivalence it is, whether it translates]. */
const R5_CASES = [
  ['s-equivalent', 't-equivalent', 'equivalent', 'equivalent', true],
  ['s-narrower', 't-broad', 'source-is-narrower-than-target', 'wider', true],
  ['s-broader', 't-narrow', 'source-is-broader-than-target', 'narrower', true],
  ['s-related', 't-related', 'related-to', 'relatedto', true],
  ['s-not-related', 't-not-related', 'not-related-to', 'disjoint', false],
] as const;

/** R4 equivalences: source code → [target code, equivalence, the R5 relationship it is, whether it translates]. */
const R4_CASES = [
  ['a-relatedto', 'b-relatedto', 'relatedto', 'related-to', true],
  ['a-equivalent', 'b-equivalent', 'equivalent', 'equivalent', true],
  ['a-equal', 'b-equal', 'equal', 'equivalent', true],
  ['a-wider', 'b-wider', 'wider', 'source-is-narrower-than-target', true],
  ['a-subsumes', 'b-subsumes', 'subsumes', 'source-is-narrower-than-target', true],
  ['a-narrower', 'b-narrower', 'narrower', 'source-is-broader-than-target', true],
  ['a-specializes', 'b-specializes', 'specializes', 'source-is-broader-than-target', true],
  ['a-inexact', 'b-inexact', 'inexact', 'related-to', true],
  ['a-unmatched', 'b-unmatched', 'unmatched', 'not-related-to', false],
  ['a-disjoint', 'b-disjoint', 'disjoint', 'not-related-to', false],
] as const;

/** An R5 ConceptMap (as JSON: `relationship`, `noMap`, `sourceScopeUri` are not R4 elements). */
function r5Map(id: string, url: string): ConceptMap {
  return {
    resourceType: 'ConceptMap',
    id,
    url,
    version: '1',
    name: 'EveryRelationship',
    status: 'active',
    sourceScopeUri: 'http://example.org/fhir/ValueSet/cm-source',
    targetScopeUri: 'http://example.org/fhir/ValueSet/cm-target',
    group: [
      {
        source: SOURCE,
        target: TARGET,
        element: [
          ...R5_CASES.map(([code, target, relationship]) => ({ code, target: [{ code: target, relationship }] })),
          { code: 's-no-map', noMap: true },
          { code: 's-mixed', target: [{ code: 't-not-this', relationship: 'not-related-to' }, { code: 't-this', relationship: 'equivalent' }] },
        ],
      },
    ],
  } as unknown as ConceptMap;
}

function r4Map(id: string, url: string): ConceptMap {
  return {
    resourceType: 'ConceptMap',
    id,
    url,
    version: '1',
    name: 'EveryEquivalence',
    status: 'active',
    group: [
      {
        source: SOURCE,
        target: TARGET,
        element: [
          ...R4_CASES.map(([code, target, equivalence]) => ({ code, target: [{ code: target, equivalence }] })),
          { code: 'a-no-target' },
        ],
      },
    ],
  };
}

const R5_URL = 'http://example.org/fhir/ConceptMap/every-relationship';
const R4_URL = 'http://example.org/fhir/ConceptMap/every-equivalence';

describe('ConceptMaps in R4 and R5, stored and inline', () => {
  let t: TestApp;
  const write = (method: 'put' | 'post', path: string, body: unknown) =>
    request(t.app)[method](path).set('Content-Type', 'application/fhir+json').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).send(JSON.stringify(body));
  const post = (parameter: Record<string, unknown>[]) =>
    request(t.app).post('/fhir/ConceptMap/$translate').set('Content-Type', 'application/fhir+json').send(JSON.stringify(postParameters(parameter)));
  const get = (q: string) => request(t.app).get(`/fhir/ConceptMap/$translate?${q}`);

  beforeAll(async () => {
    t = await startTestApp({ adminToken: TEST_ADMIN_TOKEN });
    await write('put', '/fhir/ConceptMap/every-relationship', r5Map('every-relationship', R5_URL)).expect((res) => expect([200, 201]).toContain(res.status));
    await write('post', '/fhir/ConceptMap', r4Map('every-equivalence', R4_URL)).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  describe.each([
    ['stored', (url: string, _map: ConceptMap) => [{ name: 'url', valueUri: url }], (url: string) => url],
    ['tx-resource', (url: string, map: ConceptMap) => [{ name: 'url', valueUri: `${url}-inline` }, { name: 'tx-resource', resource: { ...map, url: `${url}-inline` } }], (url: string) => `${url}-inline`],
    ['conceptMap parameter', (url: string, map: ConceptMap) => [{ name: 'conceptMap', resource: { ...map, url: `${url}-sent` } }], (url: string) => `${url}-sent`],
  ])('%s', (_how, mapParameters, servedUrl) => {
    it.each(R5_CASES)('R5 %s → %s (%s) is equivalence %s; a translation: %s', async (code, target, relationship, equivalence, translates) => {
      const r4 = (await post([...mapParameters(R5_URL, r5Map('x', R5_URL)), { name: 'system', valueUri: SOURCE }, { name: 'code', valueCode: code }]).expect(200)).body;
      expect(paramValue(r4, 'result')).toBe(translates);
      expect(matches(r4)).toEqual([{ equivalence, concept: { system: TARGET, code: target }, source: `${servedUrl(R5_URL)}|1` }]);
      const r5 = (await post([...mapParameters(R5_URL, r5Map('x', R5_URL)), { name: 'sourceSystem', valueUri: SOURCE }, { name: 'sourceCode', valueCode: code }]).expect(200)).body;
      expect(paramValue(r5, 'result')).toBe(translates);
      expect(matches(r5)).toMatchObject([{ equivalence, relationship, concept: { code: target }, originMap: `${servedUrl(R5_URL)}|1` }]);
    });

    it('R5 noMap is unmatched and no translation; one equivalent target beside a not-related-to one is', async () => {
      const none = (await post([...mapParameters(R5_URL, r5Map('x', R5_URL)), { name: 'sourceSystem', valueUri: SOURCE }, { name: 'sourceCode', valueCode: 's-no-map' }]).expect(200)).body;
      expect(paramValue(none, 'result')).toBe(false);
      expect(matches(none)).toEqual([{ equivalence: 'unmatched', relationship: 'not-related-to', concept: { system: TARGET }, originMap: `${servedUrl(R5_URL)}|1` }]);
      const mixed = (await post([...mapParameters(R5_URL, r5Map('x', R5_URL)), { name: 'system', valueUri: SOURCE }, { name: 'code', valueCode: 's-mixed' }]).expect(200)).body;
      expect(paramValue(mixed, 'result')).toBe(true);
      expect(matches(mixed).map((m) => [m.concept?.code, m.equivalence])).toEqual([['t-not-this', 'disjoint'], ['t-this', 'equivalent']]);
    });

    it.each(R4_CASES)('R4 %s → %s (%s) is relationship %s; a translation: %s', async (code, target, equivalence, relationship, translates) => {
      const r5 = (await post([...mapParameters(R4_URL, r4Map('x', R4_URL)), { name: 'sourceSystem', valueUri: SOURCE }, { name: 'sourceCode', valueCode: code }]).expect(200)).body;
      expect(paramValue(r5, 'result')).toBe(translates);
      expect(matches(r5)).toMatchObject([{ equivalence, relationship, concept: { system: TARGET, code: target } }]);
    });

    it('a general map\'s target is named with the display the map gives, none looked up (as tx.fhir.org)', async () => {
      const target = { resourceType: 'CodeSystem', url: TARGET, name: 'Target', status: 'active', content: 'complete', concept: [{ code: 'x1', display: 'X one' }, { code: 'x2', display: 'X two' }] };
      const map: ConceptMap = { resourceType: 'ConceptMap', url: 'http://example.org/fhir/ConceptMap/displays', status: 'active', group: [{ source: SOURCE, target: TARGET, element: [{ code: 'c1', target: [{ code: 'x1', equivalence: 'equivalent' }] }, { code: 'c2', target: [{ code: 'x2', display: 'Two, as the map says', equivalence: 'equivalent' }] }] }] };
      const concept = async (code: string) => {
        const body = (await post([{ name: 'conceptMap', resource: map }, { name: 'tx-resource', resource: target }, { name: 'system', valueUri: SOURCE }, { name: 'code', valueCode: code }]).expect(200)).body;
        return matches(body)[0]?.concept as { code?: string; display?: string } | undefined;
      };
      expect(await concept('c1')).toEqual({ system: TARGET, code: 'x1' });
      expect(await concept('c2')).toEqual({ system: TARGET, code: 'x2', display: 'Two, as the map says' });
    });

    it('the maps say nothing about validity, and neither does the answer', async () => {
      for (const [url, map, code] of [[R5_URL, r5Map('x', R5_URL), 's-broader'], [R4_URL, r4Map('x', R4_URL), 'a-wider']] as const) {
        const body = (await post([...mapParameters(url, map), { name: 'system', valueUri: SOURCE }, { name: 'code', valueCode: code }, { name: 'date', valueDateTime: '1990-01-01' }]).expect(200)).body;
        expect(paramValue(body, 'result')).toBe(true);
        expect(paramValue(body, 'message')).toBeUndefined();
        expect(matches(body)[0]?.comment).toBeUndefined();
      }
    });
  });

  it('reverse: wider reads narrower, source-is-narrower-than-target reads source-is-broader-than-target', async () => {
    const r4 = (await get(`url=${encodeURIComponent(R4_URL)}&system=${encodeURIComponent(TARGET)}&code=b-wider&reverse=true`).expect(200)).body;
    expect(matches(r4)).toMatchObject([{ equivalence: 'narrower', concept: { system: SOURCE, code: 'a-wider' } }]);
    const r5 = (await post([{ name: 'url', valueUri: R5_URL }, { name: 'targetCoding', valueCoding: { system: TARGET, code: 't-broad' } }]).expect(200)).body;
    expect(matches(r5)).toMatchObject([{ equivalence: 'narrower', relationship: 'source-is-broader-than-target', concept: { code: 't-broad' }, source: { code: 's-narrower' } }]); // R5 reverse: the coding given is concept, the one found is source (tx.fhir.org)
    const disjoint = (await get(`url=${encodeURIComponent(R5_URL)}&system=${encodeURIComponent(TARGET)}&code=t-not-related&reverse=true`).expect(200)).body;
    expect(paramValue(disjoint, 'result')).toBe(false);
  });

  it('a stored R5 map is served as R4: equivalence for relationship, source/target for the scopes', async () => {
    const map = (await request(t.app).get('/fhir/ConceptMap/every-relationship').expect(200)).body as ConceptMap & Record<string, unknown>;
    expect(map).toMatchObject({ sourceUri: 'http://example.org/fhir/ValueSet/cm-source', targetUri: 'http://example.org/fhir/ValueSet/cm-target' });
    expect(map.sourceScopeUri).toBeUndefined();
    const targets = map.group!.flatMap((g) => g.element.flatMap((e) => (e.target ?? []).map((x) => [e.code, x.code, x.equivalence, (x as { relationship?: string }).relationship])));
    expect(targets).toEqual([
      ...R5_CASES.map(([code, target, , equivalence]) => [code, target, equivalence, undefined]),
      ['s-mixed', 't-not-this', 'disjoint', undefined],
      ['s-mixed', 't-this', 'equivalent', undefined],
    ]);
    expect(map.group![0]!.element.find((e) => e.code === 's-no-map')?.target).toBeUndefined();
    const scoped = (await get(`source=${encodeURIComponent('http://example.org/fhir/ValueSet/cm-source')}&system=${encodeURIComponent(SOURCE)}&code=s-related`).expect(200)).body;
    expect(matches(scoped)).toMatchObject([{ equivalence: 'relatedto', source: `${R5_URL}|1` }]);
  });

  it('a not-related-to or unmatched mapping is not a successor of the code in $validate-code', async () => {
    await write('put', '/fhir/CodeSystem/cm-source', {
      resourceType: 'CodeSystem', id: 'cm-source', url: SOURCE, version: '1', status: 'active', content: 'complete',
      extension: [{ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CodeSystem.effectivePeriod', valuePeriod: { start: '2000-01-01' } }],
      concept: [{ code: 's-not-related', display: 'Not related' }, { code: 's-no-map', display: 'No map' }],
    }).expect((res) => expect([200, 201]).toContain(res.status));
    for (const code of ['s-not-related', 's-no-map']) {
      const body = (await request(t.app).get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(SOURCE)}&code=${code}`).expect(200)).body;
      expect(paramValue(body, 'result')).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/replaced by|no longer valid/i);
    }
  });

  it('refuses an R4 code as relationship, an R5 code as equivalence, and the two disagreeing', async () => {
    const bad = (target: Record<string, unknown>) => ({ ...r4Map('bad-map', 'http://example.org/fhir/ConceptMap/bad'), group: [{ source: SOURCE, target: TARGET, element: [{ code: 'x', target: [{ code: 'y', ...target }] }] }] });
    const r4AsR5 = await write('put', '/fhir/ConceptMap/bad-map', bad({ relationship: 'wider' })).expect(400);
    expect(r4AsR5.body.issue[0].details.text).toMatch(/relationship/);
    await write('put', '/fhir/ConceptMap/bad-map', bad({ equivalence: 'not-related-to' })).expect(400);
    const none = await write('put', '/fhir/ConceptMap/bad-map', bad({})).expect(400);
    expect(none.body.issue[0].details.text).toMatch(/must have an equivalence/);
    const disagree = await write('put', '/fhir/ConceptMap/bad-map', bad({ equivalence: 'wider', relationship: 'equivalent' })).expect(422);
    expect(disagree.body.issue[0].details.text).toMatch(/equivalence 'wider' and relationship 'equivalent' disagree/);
    const inline = await post([{ name: 'conceptMap', resource: bad({ equivalence: 'wider', relationship: 'equivalent' }) }, { name: 'system', valueUri: SOURCE }, { name: 'code', valueCode: 'x' }]).expect(400);
    expect(inline.body.issue[0].details.text).toMatch(/disagree/);
    const inlineNone = await post([{ name: 'tx-resource', resource: bad({}) }, { name: 'system', valueUri: SOURCE }, { name: 'code', valueCode: 'x' }]).expect(400);
    expect(inlineNone.body.issue[0].details.text).toMatch(/must have an equivalence/);
  });
});
