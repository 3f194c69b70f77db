// /metrics: the Prometheus text exposition of requests, latency, the answer cache, the content revision,
// the database, and imports, read as Prometheus would (the text parsed line by line).
import { NCMP_URL, request, startTestApp, type TestApp } from '../support/test-app';

/** The value of one sample (`name{labels} value`) of the exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts requests by operation and status, times them, and counts answer-cache hits and misses', async () => {
    const before = (await request(t.app).get('/metrics').expect(200)).text;
    const hitsBefore = sample(before, 'ncmp_answer_cache_total', { result: 'hit' }) ?? 0;
    const lookup = `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=AXDP05`;
    // The first answer is worked out, the second worked out and kept (the cache admits an answer on its second
    // request), the third comes from the cache.
    await request(t.app).get(lookup).expect(200);
    await request(t.app).get(lookup).expect(200);
    const afterTwo = (await request(t.app).get('/metrics').expect(200)).text;
    expect(sample(afterTwo, 'ncmp_answer_cache_total', { result: 'hit' }) ?? 0).toBe(hitsBefore);
    await request(t.app).get(lookup).expect(200);
    await request(t.app).get('/fhir/CodeSystem/no-such').expect(404);
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = res.text;
    expect(sample(text, 'ncmp_http_requests_total', { operation: '$lookup', method: 'GET', status: '200' })).toBe(3);
    expect(sample(text, 'ncmp_http_requests_total', { operation: 'read', status: '404' })).toBe(1);
    expect(sample(text, 'ncmp_http_request_duration_seconds_count', { operation: '$lookup', status: '200' })).toBe(3);
    expect(sample(text, 'ncmp_answer_cache_total', { result: 'hit' })).toBe(hitsBefore + 1);
    expect(sample(text, 'ncmp_answer_cache_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE ncmp_http_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('reports the content revision served and that the database answers', async () => {
    await request(t.app).get('/fhir/metadata').expect(200);
    const text = (await request(t.app).get('/metrics').expect(200)).text;
    expect(sample(text, 'ncmp_content_revision')).toBe((await t.terminology.snapshot()).revision);
    expect(sample(text, 'ncmp_db_up')).toBe(1);
    expect(sample(text, 'ncmp_degraded')).toBe(0);
  });

  it('counts imports through the API, and is not under the FHIR base', async () => {
    // This app has no admin token: the write is refused, and counted so.
    const write = await request(t.app).put('/fhir/ValueSet/x').set('Content-Type', 'application/fhir+json').send('{"resourceType":"ValueSet","id":"x"}');
    expect(write.status).toBeGreaterThanOrEqual(400);
    const text = (await request(t.app).get('/metrics').expect(200)).text;
    expect(sample(text, 'ncmp_imports_total', { source: 'write', outcome: 'refused' })).toBe(1);
    expect(text).toMatch(/^# TYPE ncmp_imports_total counter$/m);
    expect(text).toMatch(/^# TYPE ncmp_import_duration_seconds histogram$/m);
    await request(t.app).get('/fhir/metrics').expect(404);
  });
});
