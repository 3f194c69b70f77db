// The operation fast path (`server/http/fast-operations.ts`: GET and HEAD of `/fhir/<Type>[/<id>]/$op`, in front
// of Express's router) answers exactly as the routed path does. The routed path still serves the same operation
// with a trailing slash (`…/$lookup/?…`), which the fast path leaves to the router: each request is sent both
// ways, and status, headers (but for the request id and the date) and body must agree.
import type { AddressInfo } from 'node:net';
import { createHttpServer, type HttpServer } from '../../server/app';
import { NCMP_URL, request, startTestApp, type TestApp } from '../support/test-app';

describe('the operation fast path', () => {
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
    // The routed twin first, then the fast path three times: worked out, worked out and kept (the answer cache
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

  it('refuses an over-long URL with 414 before it is parsed', async () => {
    const path = `/fhir/CodeSystem/$lookup?system=${system}&code=${'A'.repeat(9000)}`;
    const res = await request(t.app).get(path).expect(414);
    expect(res.body.issue[0].code).toBe('too-long');
  });

  it('counts fast-path answers in the metrics under their operation', async () => {
    await request(t.app).get(`/fhir/CodeSystem/$subsumes?system=${system}&codeA=JAGD55&codeB=JAGD55`);
    const text = (await request(t.app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/ncmp_http_requests_total\{operation="\$subsumes",method="GET",status="\d+"\} 1/);
  });

  it('serves the same answers through the HTTP server, whose requests carry the app prototypes from birth', async () => {
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
