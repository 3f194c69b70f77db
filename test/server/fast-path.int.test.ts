// One operation pipeline (`server/http/operation-pipeline.ts`), two ways in: the app's Node listener answers GET
// and HEAD of `/fhir/<Type>[/<id>]/$op` without Express (`operation-listener.ts`), and Express's FHIR router
// answers the rest through the same pipeline: POST, and the same operation with a trailing slash (`…/$lookup/?…`),
// which the listener leaves to Express. Each request is sent both ways, and status, headers (but for the request
// id and the date) and body must agree: the front door and the send step are the same on both.
import type { AddressInfo } from 'node:net';
import { createHttpServer, type HttpServer } from '../../server/app';
import { NCMP_URL, request, startTestApp, type TestApp } from '../support/test-app';

describe('the operation pipeline, with and without Express', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const routedTwin = (path: string): string => path.replace(/(\/\$[a-z-]+)(\?|$)/, '$1/$2');
  const comparable = (headers: Record<string, string>): Record<string, string> => {
    const { date: _date, 'x-request-id': _id, ...rest } = headers;
    return rest;
  };

  const system = encodeURIComponent(NCMP_URL);
  // An expansion names itself with a new identifier and timestamp each time: those (and so the ETag) differ.
  const unique = (text: string): string => text.replace(/"identifier":"urn:uuid:[^"]*"/, '').replace(/"timestamp":"[^"]*"/, '');
  const cases: { what: string; path: string; method?: 'get' | 'head'; headers?: Record<string, string>; unique?: true }[] = [
    { what: '$lookup', path: `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55` },
    { what: '$lookup of an unknown code (404)', path: `/fhir/CodeSystem/$lookup?system=${system}&code=QQQQ99` },
    { what: 'CodeSystem $validate-code with a date', path: `/fhir/CodeSystem/$validate-code?url=${system}&code=ZWUU40&date=2021-06-01T10:00:00Z` },
    { what: 'instance-level $validate-code', path: `/fhir/CodeSystem/ncmp-2014/$validate-code?code=JAGD55` },
    { what: '$expand with filter', path: `/fhir/ValueSet/ncmp-2014/$expand?filter=hjerte&count=5`, unique: true },
    { what: '$translate', path: `/fhir/ConceptMap/$translate?system=urn:oid:2.16.578.1.12.4.1.1.7020&code=B0014` },
    { what: 'HEAD', path: `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55`, method: 'head' },
    { what: 'a version-pinned answer', path: `/fhir/CodeSystem/$validate-code?url=${system}%7C2014&code=JAGD55` },
    { what: 'gzip asked', path: `/fhir/ValueSet/ncmp-2014/$expand?count=40`, headers: { 'accept-encoding': 'gzip' }, unique: true },
    { what: '_format=xml (406)', path: `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55&_format=xml` },
    { what: 'Accept: text/xml (406)', path: `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55`, headers: { accept: 'text/xml' } },
    { what: 'an operation the type lacks (404)', path: `/fhir/ConceptMap/$lookup?code=x` },
    { what: 'a malformed parameter (400)', path: `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55&date=2021-13-01` },
    { what: 'an unknown instance (404)', path: `/fhir/CodeSystem/no-such-id/$lookup?code=JAGD55` },
    { what: 'a client request id', path: `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55`, headers: { 'x-request-id': 'abc-123' } },
  ];

  it.each(cases)('answers $what as the routed path does', async ({ path, method = 'get', headers = {}, unique: varies }) => {
    const send = (p: string) => {
      let r = request(t.app)[method](p);
      for (const [name, value] of Object.entries(headers)) r = r.set(name, value);
      return r;
    };
    // The routed twin first, then the listener three times: worked out, worked out and kept (the answer cache
    // admits an answer on its second request), and from the answer cache.
    const routed = await send(routedTwin(path));
    for (let i = 0; i < 3; i++) {
      const fast = await send(path);
      expect(fast.status).toBe(routed.status);
      const { etag: fastEtag, ...fastHeaders } = comparable(fast.headers);
      const { etag: routedEtag, ...routedHeaders } = comparable(routed.headers);
      expect(fastHeaders).toEqual(routedHeaders);
      if (varies) {
        expect(unique(fast.text)).toBe(unique(routed.text));
        expect(fastEtag === undefined).toBe(routedEtag === undefined);
      } else {
        expect(fastEtag).toBe(routedEtag);
        expect(fast.text ?? '').toBe(routed.text ?? '');
      }
      if (headers['x-request-id']) expect(fast.headers['x-request-id']).toBe(headers['x-request-id']);
      else expect(fast.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers a matching If-None-Match with 304 and no body, as the routed path does', async () => {
    const path = `/fhir/CodeSystem/$lookup?system=${system}&code=AXDP05`;
    const etag = (await request(t.app).get(path).expect(200)).headers.etag as string;
    const fast = await request(t.app).get(path).set('If-None-Match', etag).expect(304);
    const routed = await request(t.app).get(routedTwin(path)).set('If-None-Match', etag).expect(304);
    expect(fast.text).toBe('');
    expect(comparable(fast.headers)).toEqual(comparable(routed.headers));
  });

  it('answers a POST of the same operation (through Express) with the same Parameters as its GET', async () => {
    const get = await request(t.app).get(`/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55`).expect(200);
    const post = await request(t.app)
      .post('/fhir/CodeSystem/$lookup')
      .set('Content-Type', 'application/fhir+json')
      .send({ resourceType: 'Parameters', parameter: [{ name: 'system', valueUri: NCMP_URL }, { name: 'code', valueCode: 'JAGD55' }] })
      .expect(200);
    expect(post.text).toBe(get.text);
    expect(post.headers['content-type']).toBe(get.headers['content-type']);
    expect(post.headers['content-security-policy']).toBe(get.headers['content-security-policy']);
    // A POST is not cached by HTTP caches: no validators, no Cache-Control.
    expect(post.headers.etag).toBeUndefined();
    expect(post.headers['cache-control']).toBeUndefined();
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const path = `/fhir/CodeSystem/$validate-code?url=${system}&code=JAGD55`;
    // Identity asked for both: compression leaves a HEAD alone, so a compressed GET's headers would differ.
    const get = await request(t.app).get(path).set('Accept-Encoding', 'identity').expect(200);
    const head = await request(t.app).head(path).set('Accept-Encoding', 'identity').expect(200);
    expect(head.text).toBeUndefined();
    expect(comparable(head.headers)).toEqual(comparable(get.headers));
  });

  it('refuses an over-long URL with 414 before it is parsed', async () => {
    const path = `/fhir/CodeSystem/$lookup?system=${system}&code=${'A'.repeat(9000)}`;
    const res = await request(t.app).get(path).expect(414);
    expect(res.body.issue[0].code).toBe('too-long');
  });

  it('counts the listener\'s answers in the metrics under their operation', async () => {
    await request(t.app).get(`/fhir/CodeSystem/$subsumes?system=${system}&codeA=JAGD55&codeB=JAGD55`);
    const text = (await request(t.app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/ncmp_http_requests_total\{operation="\$subsumes",method="GET",status="\d+"\} 1/);
  });

  it('serves the same answers through the HTTP server', async () => {
    const http: HttpServer = createHttpServer(t.app);
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
      const path = `/fhir/CodeSystem/$lookup?system=${system}&code=JAGD55`;
      const fast = await fetch(`${base}${path}`);
      const routed = await fetch(`${base}${routedTwin(path)}`);
      expect(fast.status).toBe(200);
      expect(await fast.text()).toBe(await routed.text());
      expect(fast.headers.get('etag')).toBe(routed.headers.get('etag'));
      expect(fast.headers.get('content-security-policy')).toBe(routed.headers.get('content-security-policy'));
      // A page and an error still go through Express as before.
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/fhir/Patient/$lookup`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => http.server.close(resolve));
    }
  });
});
