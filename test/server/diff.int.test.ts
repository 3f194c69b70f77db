import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { NCMP_URL, SAERKODE_URL, postParameters, request, startTestApp, type TestApp } from '../support/test-app';

type Part = { name: string; valueCode?: string; valueString?: string; valueCoding?: { system: string; code: string } };
type Body = { resourceType: string; parameter?: { name: string; part?: Part[]; [k: string]: unknown }[]; issue?: { details: { text: string } }[] };
type Change = { code: string; type: string; fromDisplay?: string; toDisplay?: string; successors: string[] };

const changesOf = (body: Body): Change[] =>
  (body.parameter ?? [])
    .filter((p) => p.name === 'change')
    .map((p) => ({
      code: p.part!.find((x) => x.name === 'code')!.valueCode!,
      type: p.part!.find((x) => x.name === 'type')!.valueCode!,
      fromDisplay: p.part!.find((x) => x.name === 'fromDisplay')?.valueString,
      toDisplay: p.part!.find((x) => x.name === 'toDisplay')?.valueString,
      successors: p.part!.filter((x) => x.name === 'successor').map((x) => x.valueCoding!.code),
    }));

/** What the shipped 2021 fragment states, by change type (read from the package, not written out here). */
const PACKAGE = path.resolve(__dirname, '../../fhir-resources/package');
const fragment = JSON.parse(readFileSync(path.join(PACKAGE, 'CodeSystem-ncmp-2021.json'), 'utf8')) as {
  concept: { code: string; display: string; property?: { code: string; valueCode?: string }[] }[];
};
const stated = (type: string): string[] =>
  fragment.concept.filter((c) => c.property?.some((p) => p.code === 'changeType' && p.valueCode === type)).map((c) => c.code).sort();

describe('CodeSystem/$diff', () => {
  let t: TestApp;
  const diff = (q: string) => request(t.app).get(`/fhir/CodeSystem/$diff?system=${encodeURIComponent(NCMP_URL)}&${q}`);

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('NCMP 2017 → 2021 lists what the 2021 change document states, and nothing for the codes it leaves out', async () => {
    const res = await diff('from=2017&to=2021').expect(200);
    expect(res.type).toBe('application/fhir+json');
    const changes = changesOf(res.body);
    const of = (type: string) => changes.filter((c) => c.type === type).map((c) => c.code).sort();
    expect(of('added')).toEqual(stated('new'));
    expect(of('added')).toEqual(expect.arrayContaining(['AXDP05', 'JAGD55']));
    expect(of('reactivated')).toEqual(stated('reactivated'));
    expect(of('reactivated')).toEqual(['OAEA00', 'OCAA00']);
    expect(of('retired')).toEqual(stated('retired'));
    expect(of('retired')).toContain('ZWUU40');
    expect(of('text-changed')).toEqual(stated('text-changed'));
    expect(of('text-changed')).toContain('IBBA15');
    // The fragment lists 46 codes; the ~700 codes of 2017 it does not name are not reported as retired.
    expect(changes).toHaveLength(fragment.concept.length);
    const zwuu40 = changes.find((c) => c.code === 'ZWUU40')!;
    expect(zwuu40.fromDisplay).toBe('Bruk av telemedisin');
    expect(zwuu40.toDisplay).toBeUndefined();
    const axdp05 = changes.find((c) => c.code === 'AXDP05')!;
    expect(axdp05.fromDisplay).toBeUndefined();
    expect(axdp05.toDisplay).toBe(fragment.concept.find((c) => c.code === 'AXDP05')!.display);
  });

  it('takes dates as well as versions, and url as the system', async () => {
    const byDate = changesOf((await request(t.app).get(`/fhir/CodeSystem/$diff?url=${encodeURIComponent(NCMP_URL)}&from=2019-06-01&to=2021-06-01`).expect(200)).body);
    const byVersion = changesOf((await diff('from=2017&to=2021').expect(200)).body);
    expect(byDate).toEqual(byVersion);
  });

  it('filters by type (repeated or a comma list), by GET and POST', async () => {
    const one = changesOf((await diff('from=2017&to=2021&type=reactivated').expect(200)).body);
    expect(one.map((c) => c.code)).toEqual(['OAEA00', 'OCAA00']);
    const two = changesOf((await diff('from=2017&to=2021&type=reactivated,retired').expect(200)).body);
    expect(new Set(two.map((c) => c.type))).toEqual(new Set(['reactivated', 'retired']));
    const repeated = changesOf((await diff('from=2017&to=2021&type=reactivated&type=retired').expect(200)).body);
    expect(repeated).toEqual(two);
    const posted = await request(t.app)
      .post('/fhir/CodeSystem/$diff')
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(postParameters([
        { name: 'system', valueUri: NCMP_URL },
        { name: 'from', valueString: '2017' },
        { name: 'to', valueString: '2021' },
        { name: 'type', valueCode: 'reactivated' },
      ])))
      .expect(200);
    expect(changesOf(posted.body)).toEqual(one);
  });

  it('compares two complete versions code by code (2016 → 2017)', async () => {
    const changes = changesOf((await diff('from=2016&to=2017').expect(200)).body);
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      if (c.type === 'added' || c.type === 'reactivated') expect(c.fromDisplay).toBeUndefined();
      if (c.type === 'retired') expect(c.toDisplay).toBeUndefined();
      if (c.type === 'text-changed') expect(c.fromDisplay).not.toEqual(c.toDisplay);
    }
    const same = changesOf((await diff('from=2017&to=2017').expect(200)).body);
    expect(same).toEqual([]);
  });

  it('names the successor of a retired særkode from the ConceptMap', async () => {
    const res = await request(t.app).get(`/fhir/CodeSystem/$diff?system=${encodeURIComponent(SAERKODE_URL)}&from=2009&to=2017`).expect(200);
    const changes = changesOf(res.body);
    expect(changes.length).toBeGreaterThan(0);
    const withSuccessor = changes.filter((c) => c.successors.length > 0);
    expect(withSuccessor.length).toBeGreaterThan(0);
  });

  it('answers CSV for _format=csv and for Accept: text/csv', async () => {
    const json = changesOf((await diff('from=2017&to=2021').expect(200)).body);
    for (const res of [await diff('from=2017&to=2021&_format=csv').expect(200), await diff('from=2017&to=2021').set('Accept', 'text/csv').expect(200)]) {
      expect(res.type).toBe('text/csv');
      const rows = parse(res.text, { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual(['code', 'type', 'fromDisplay', 'toDisplay', 'successor', 'predecessor']);
      expect(rows.map((r) => [r.code, r.type, r.fromDisplay, r.toDisplay])).toEqual(json.map((c) => [c.code, c.type, c.fromDisplay ?? '', c.toDisplay ?? '']));
    }
  });

  it('is listed in the CapabilityStatement', async () => {
    const cs = (await request(t.app).get('/fhir/metadata').expect(200)).body as { rest: { resource: { type: string; operation: { name: string; definition: string }[] }[] }[] };
    const ops = cs.rest[0]!.resource.find((r) => r.type === 'CodeSystem')!.operation;
    const published = JSON.parse(readFileSync(path.resolve(__dirname, '../../fhir-resources/OperationDefinition-CodeSystem-diff.json'), 'utf8')) as { url: string; code: string; parameter: { name: string; use: string }[] };
    expect(ops).toContainEqual({ name: 'diff', definition: published.url });
    expect(published.code).toBe('diff');
    expect(published.parameter.filter((p) => p.use === 'in').map((p) => p.name)).toEqual(['system', 'url', 'from', 'to', 'type']);
  });

  it.each([
    ['unknown system', `system=${encodeURIComponent('http://example.org/none')}&from=2017&to=2021`, 404, /could not be found/],
    ['unknown version', `system=${encodeURIComponent(NCMP_URL)}&from=1999x&to=2021`, 404, /no version '1999x'/],
    ['no version in force', `system=${encodeURIComponent(NCMP_URL)}&from=1990-01-01&to=2021`, 404, /No version of NCMP/],
    ['from after to', `system=${encodeURIComponent(NCMP_URL)}&from=2021&to=2017`, 400, /later than/],
    ['unknown type', `system=${encodeURIComponent(NCMP_URL)}&from=2017&to=2021&type=moved`, 400, /Unknown change type 'moved'/],
    ['missing to', `system=${encodeURIComponent(NCMP_URL)}&from=2017`, 400, /needs to/],
  ])('%s: an OperationOutcome, never a 5xx', async (_name, q, status, text) => {
    const res = await request(t.app).get(`/fhir/CodeSystem/$diff?${q}`).expect(status);
    const body = res.body as Body;
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue![0]!.details.text).toMatch(text);
  });
});
