// HTTP as FHIR clients and caches expect: ETag and 304, Cache-Control, Last-Modified, gzip/br, HEAD, and
// CORS preflights, on the fast path (answers served from the answer cache) and the routed one alike.
import { get as httpGet, type Server } from 'node:http';
import { createApp } from '../../server/app';
import { CACHE_PINNED, CACHE_REVALIDATE } from '../../server/http/caching';
import { NCMP_URL, request, startTestApp, type TestApp } from '../support/test-app';

describe('HTTP caching and transport', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const lookup = `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=AXDP05`;

  it('gives GET answers a weak ETag and answers a matching If-None-Match with 304, routed and cached alike', async () => {
    const first = await request(t.app).get(lookup).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[0-9a-z]+-[\w-]+"$/);
    // The second GET is worked out again and kept; the third is served by the answer cache before routing: the
    // same validator each time.
    const second = await request(t.app).get(lookup).expect(200);
    expect(second.headers.etag).toBe(etag);
    const third = await request(t.app).get(lookup).expect(200);
    expect(third.headers.etag).toBe(etag);
    const notModified = await request(t.app).get(lookup).set('If-None-Match', etag).expect(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    await request(t.app).get(lookup).set('If-None-Match', 'W/"other"').expect(200);
    // Another answer has another ETag.
    const other = await request(t.app).get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=ZZZZ99`);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('changes the ETag when the content revision changes', async () => {
    const before = (await request(t.app).get('/fhir/metadata').expect(200)).headers.etag as string;
    await t.db.db.updateTable('content_revision').set((eb) => ({ revision: eb('revision', '+', 1) })).where('id', '=', 1).execute();
    t.terminology.invalidate();
    const after = (await request(t.app).get('/fhir/metadata').expect(200)).headers.etag as string;
    expect(after).toMatch(/^W\//);
    expect(after).not.toBe(before);
  });

  it('marks version-pinned answers immutable and date-resolved ones for revalidation; errors are not stored', async () => {
    const pinned = await request(t.app).get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&version=2021&code=AXDP05`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers['cache-control']).toBe(CACHE_PINNED);
    expect((await request(t.app).get(lookup).expect(200)).headers['cache-control']).toBe(CACHE_REVALIDATE);
    const missing = await request(t.app).get('/fhir/CodeSystem/no-such-thing').expect(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.headers.etag).toBeUndefined();
  });

  it('sends Last-Modified from the loaded content, and If-Modified-Since gets a 304', async () => {
    const res = await request(t.app).get('/fhir/CodeSystem').expect(200);
    const modified = res.headers['last-modified'] as string;
    expect(Number.isNaN(Date.parse(modified))).toBe(false);
    expect(Date.parse(modified)).toBeLessThanOrEqual(Date.now());
    await request(t.app).get('/fhir/CodeSystem').set('If-Modified-Since', modified).expect(304);
  });

  it('compresses large bodies with gzip or br as asked, and leaves small ones alone', async () => {
    const expand = '/fhir/ValueSet/ncmp-2021/$expand';
    const gz = await request(t.app).get(expand).set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.resourceType).toBe('ValueSet');
    // A shared cache learns every request header the answer depends on.
    expect(String(gz.headers.vary).split(', ').sort()).toEqual(['Accept', 'Accept-Encoding', 'Accept-Language', 'X-TOO-COSTLY-THRESHOLD']);
    const br = await request(t.app).get(expand).set('Accept-Encoding', 'br').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.expansion.total).toBe(gz.body.expansion.total);
    const plain = await request(t.app).get(expand).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const small = await request(t.app).get('/health').set('Accept-Encoding', 'gzip').expect(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('without Accept-Encoding answers uncompressed, byte for byte as UTF-8, and still says Vary: Accept-Encoding (and the headers the answer depends on)', async () => {
    const server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const port = (server.address() as { port: number }).port;
      // node:http sends no Accept-Encoding unless told to (supertest and fetch send gzip).
      const raw = (path: string) =>
        new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
          httpGet({ host: '127.0.0.1', port, path }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject);
        });
      const display = `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=AXDP05&property=display`;
      for (const path of ['/fhir/ValueSet/ncmp-2021/$expand', display, display, '/fhir/CodeSystem/ncmp-2021']) {
        const res = await raw(path);
        expect({ path, vary: res.headers.vary, encoding: res.headers['content-encoding'], type: res.headers['content-type'] }).toEqual({
          path,
          vary: 'Accept-Encoding, Accept, Accept-Language, X-TOO-COSTLY-THRESHOLD',
          encoding: undefined,
          type: 'application/fhir+json; charset=utf-8',
        });
        expect(Number(res.headers['content-length'])).toBe(res.body.length);
        // Non-ASCII text (ø, å) arrives as UTF-8.
        expect(JSON.parse(res.body.toString('utf8'))).toHaveProperty('resourceType');
      }
      const body = (await raw('/fhir/CodeSystem/ncmp-2021')).body.toString('utf8');
      expect(body).toMatch(/[æøåÆØÅ]/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers HEAD wherever GET works, with the headers and without a body', async () => {
    // One listening server: search bundles name the host, port included, so both requests must share it.
    const server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      for (const path of ['/fhir/metadata', '/fhir/CodeSystem', '/fhir/CodeSystem/ncmp-2021', lookup, '/health', '/ready']) {
        const get = await request(server).get(path).expect(200);
        const head = await request(server).head(path).expect(200);
        expect(head.text ?? '').toBe('');
        expect(head.headers['content-type']).toBe(get.headers['content-type']);
        // metadata carries the time of the answer, so its ETag changes from one answer to the next.
        if (path !== '/fhir/metadata') expect({ path, etag: head.headers.etag }).toEqual({ path, etag: get.headers.etag });
      }
      await request(server).head('/fhir/CodeSystem/no-such-thing').expect(404);
    } finally {
      server.close();
    }
  });

  it('answers a CORS preflight OPTIONS when CORS is on', async () => {
    const { app } = createApp({ db: t.db.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, corsOrigins: ['https://epj.example.no'] } });
    const preflight = await request(app)
      .options(lookup)
      .set('Origin', 'https://epj.example.no')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'if-none-match')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://epj.example.no');
    expect(preflight.headers['access-control-allow-methods']).toMatch(/GET/);
    const get = await request(app).get(lookup).set('Origin', 'https://epj.example.no').expect(200);
    expect(get.headers['access-control-expose-headers']).toMatch(/ETag/);
  });
});
