import { NCMP_URL, paramValue, postParameters, request, startTestApp, type TestApp } from '../support/test-app';

type Outcome = { resourceType: string; issue: { severity: string; code: string; diagnostics?: string; details?: { text?: string }; expression?: string[] }[] };

const outcomeText = (o: Outcome): string => o.issue.map((i) => `${i.details?.text ?? ''} ${i.diagnostics ?? ''} ${(i.expression ?? []).join(',')}`).join('\n');

describe('dates: one strict reader, partial dates, zoned dateTimes in Norwegian time', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app).get(path);
  const lookup = (code: string, date: string) =>
    get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=${code}&date=${encodeURIComponent(date)}`);
  const validate = (code: string, date: string) =>
    get(`/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}&code=${code}&date=${encodeURIComponent(date)}`);

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('a zoned dateTime is read as the calendar date in Oslo: 23:30 at -01:00 on 31 December is already NCMP 2021', async () => {
    const west = (await validate('OAEA00', '2020-12-31T23:30:00-01:00').expect(200)).body;
    expect(paramValue(west, 'version')).toBe('2021');
    // The same wall-clock time at +01:00 is still 2020-12-31 in Oslo: the version in force then (2017).
    const local = (await validate('OAEA00', '2020-12-31T23:30:00+01:00').expect(200)).body;
    expect(paramValue(local, 'version')).toBe('2017');
    // UTC 23:30 is 00:30 in Oslo (CET, +01:00).
    const utc = (await validate('OAEA00', '2020-12-31T23:30:00Z').expect(200)).body;
    expect(paramValue(utc, 'version')).toBe('2021');
    // ZWUU40 is retired from 2021-01-01: the zoned instant makes it invalid.
    const retired = (await validate('ZWUU40', '2020-12-31T23:30:00-01:00').expect(200)).body;
    expect(paramValue(retired, 'result')).toBe(false);
    const stillValid = (await validate('ZWUU40', '2020-12-31T22:59:59Z').expect(200)).body;
    expect(paramValue(stillValid, 'result')).toBe(true);
  });

  it('summer time (CEST, +02:00) is applied by the time zone database, not a fixed offset', async () => {
    // 2013-12-31T22:30Z is 23:30 in Oslo (winter): still 2013.
    const winter = (await validate('OAEA00', '2013-12-31T22:30:00Z').expect(200)).body;
    expect(paramValue(winter, 'version')).toBe('2013');
    const next = (await validate('OAEA00', '2013-12-31T23:30:00Z').expect(200)).body;
    expect(paramValue(next, 'version')).toBe('2014');
  });

  it('a partial date stands for the first instant of its period', async () => {
    const year = (await validate('OAEA00', '2021').expect(200)).body;
    expect(paramValue(year, 'version')).toBe('2021');
    const month = (await validate('OAEA00', '2013-03').expect(200)).body;
    expect(paramValue(month, 'version')).toBe('2013');
    const posted = (
      await request(t.app)
        .post('/fhir/CodeSystem/$validate-code')
        .set('Content-Type', 'application/fhir+json')
        .send(
          JSON.stringify(
            postParameters([
              { name: 'url', valueUri: NCMP_URL },
              { name: 'code', valueCode: 'OAEA00' },
              { name: 'date', valueDateTime: '2014' },
            ]),
          ),
        )
        .expect(200)
    ).body;
    expect(paramValue(posted, 'version')).toBe('2014');
  });

  it.each([
    ['2021-02-30', 'a day that does not exist'],
    ['2021-13-01', 'month 13'],
    ['2021-06-01T10:00:99Z', 'seconds 99'],
    ['2021-06-01T24:00:00Z', 'hour 24'],
    ['2021-06-01T10:00:00+15:00', 'offset beyond +14:00'],
    ['2021-06-01T10:00:00+01:60', 'offset minutes 60'],
    ['2021-06-01T10:00:00', 'a time without a zone'],
    ['2021-06-01T10:00Z', 'a time without seconds'],
  ])('date=%s (%s) is a 400 OperationOutcome naming the parameter', async (date) => {
    for (const res of [await validate('OAEA00', date), await lookup('OAEA00', date)]) {
      expect(res.status).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(outcomeText(res.body as Outcome)).toMatch(/date/);
    }
  });

  it('the search API reads dates with the same rule', async () => {
    const bad = await get('/fhir/CodeSystem?date=ge2021-02-30');
    expect(bad.status).toBe(400);
    expect(outcomeText(bad.body as Outcome)).toMatch(/date/);
    const ok = await get('/fhir/CodeSystem?date=ge2014');
    expect(ok.status).toBe(200);
    expect(ok.body.resourceType).toBe('Bundle');
  });

  it.each([
    '/fhir/CodeSystem?date=',
    '/fhir/ValueSet?date=',
    '/fhir/ConceptMap?date=',
    '/fhir/CodeSystem?date=2014-06-01&date=',
    '/fhir/CodeSystem?date&date=2014-06-01',
    '/fhir/CodeSystem?date:missing=',
    '/fhir/CodeSystem?date=ge',
    '/fhir/CodeSystem?date=2014-06-01%0D%0A',
  ])('an empty or malformed search date is a 400 that names it, never a 5xx: %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(outcomeText(res.body as Outcome)).toMatch(/'date'/);
  });

  it('an inline resource with an impossible date is refused, and TerminologyCapabilities states the rule', async () => {
    const cs = { resourceType: 'CodeSystem', url: 'http://example.org/fhir/CodeSystem/bad-date', version: '1', status: 'active', content: 'complete', date: '2021-02-30', concept: [{ code: 'a' }] };
    const res = await request(t.app)
      .post('/fhir/CodeSystem/$validate-code')
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(postParameters([{ name: 'url', valueUri: cs.url }, { name: 'code', valueCode: 'a' }, { name: 'tx-resource', resource: cs }])));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toMatch(/CodeSystem\.date/);
    const good = await request(t.app)
      .post('/fhir/CodeSystem/$validate-code')
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(postParameters([{ name: 'url', valueUri: cs.url }, { name: 'code', valueCode: 'a' }, { name: 'tx-resource', resource: { ...cs, date: '2021-02-28T23:00:00+01:00' } }])));
    expect(good.status).toBe(200);
    const caps = (await get('/fhir/metadata?mode=terminology').expect(200)).body;
    expect(caps.description).toMatch(/Europe\/Oslo/);
  });
});
