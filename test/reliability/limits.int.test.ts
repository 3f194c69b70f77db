import type { AddressInfo } from 'node:net';
import { connect as connectTcp } from 'node:net';
import { sql } from 'kysely';
import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import { connect } from '../../db/connect';
import { createApp, createHttpServer, databaseTrouble } from '../../server/app';
import { ensureContent } from '../../server/content';
import { MAX_REPEATS } from '../../server/http/parameters';
import { MAX_EXPANSION_COUNT } from '../../server/operations/valueset-expand';
import { MAX_REGEX_LENGTH } from '../../server/terminology/regex';
import { createTestDatabase } from '../support/test-db';
import { NCMP_URL } from '../support/test-app';
import { ADMIN_TOKEN, appOn, assertOperationOutcome, LEAKS, startApp, type ReliabilityApp } from './support';

const postJson = (app: Parameters<typeof request>[0], path: string, body: unknown) =>
  request(app).post(path).set('Content-Type', 'application/fhir+json').send(JSON.stringify(body));

/** A raw HTTP/1.1 exchange, for what a client library would refuse to send. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', (e) => (answer ? resolve(answer) : reject(e)));
    socket.write(text);
  });
}

describe('limits, error bodies, headers', () => {
  let t: ReliabilityApp;
  beforeAll(async () => {
    t = await startApp({ captureLog: true });
  });
  afterAll(() => t.close());

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const small = appOn(t, { maxBodyBytes: 2048 });
    const body = { resourceType: 'Parameters', parameter: [{ name: 'code', valueCode: 'x'.repeat(3000) }] };
    const res = await postJson(small, '/fhir/CodeSystem/$lookup', body).expect(413);
    assertOperationOutcome(res.body);
    expect(res.body.issue[0].code).toBe('too-costly');
    const form = await request(small).post('/fhir/CodeSystem/$lookup').type('form').send(`code=${'x'.repeat(3000)}`).expect(413);
    assertOperationOutcome(form.body);
  });

  it('refuses a URL over MAX_URL_BYTES with 414, before any parsing', async () => {
    const long = `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=${'A'.repeat(9000)}`;
    const res = await request(t.app).get(long).expect(414);
    assertOperationOutcome(res.body);
    expect(res.body.issue[0].details.text).toMatch(/longer than the limit of 8192/);
    const many = `/fhir/ValueSet/$expand?${Array.from({ length: 1500 }, (_, i) => `p${i}=1`).join('&')}`;
    assertOperationOutcome((await request(t.app).get(many).expect(414)).body);
    const tight = appOn(t, { maxUrlBytes: 300 });
    await request(tight).get(`/fhir/CodeSystem/$lookup?code=${'A'.repeat(300)}`).expect(414);
    await request(tight).get('/fhir/metadata?_format=json').expect(200);
  });

  it('answers what the HTTP parser refuses (headers beyond its limit, garbage) with an OperationOutcome', async () => {
    const { server } = createHttpServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const huge = await rawRequest(port, `GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
      expect(huge).toMatch(/^HTTP\/1\.1 431 /);
      assertOperationOutcome(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4)));
      const garbage = await rawRequest(port, 'THIS IS NOT HTTP\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      assertOperationOutcome(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)));
      // A URL between the app's limit and Node's default header limit still gets the app's 414.
      const long = await rawRequest(port, `GET /fhir/metadata?x=${'a'.repeat(12_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(long).toMatch(/^HTTP\/1\.1 414 /);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('while draining, answers /ready with 503 and closes every connection after its answer', async () => {
    const { server, startDraining } = createHttpServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const ask = (p: string): Promise<string> => rawRequest(port, `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`);
      startDraining();
      const ready = await ask('/ready');
      expect(ready).toMatch(/^HTTP\/1\.1 503 /);
      expect(ready).toMatch(/\r\nRetry-After: 5\r\n/i);
      const metadata = await ask('/fhir/metadata');
      expect(metadata).toMatch(/^HTTP\/1\.1 200 /);
      expect(metadata).toMatch(/\r\nConnection: close\r\n/i);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it(`refuses more than ${MAX_REPEATS} codings or repeats with 413`, async () => {
    const coding = Array.from({ length: MAX_REPEATS + 1 }, (_, i) => ({ system: NCMP_URL, code: `WBGM${String(i % 100).padStart(2, '0')}` }));
    const res = await postJson(t.app, '/fhir/CodeSystem/$validate-code', {
      resourceType: 'Parameters',
      parameter: [{ name: 'url', valueUri: NCMP_URL }, { name: 'codeableConcept', valueCodeableConcept: { coding } }],
    }).expect(413);
    assertOperationOutcome(res.body);
    expect(res.body.issue[0].details.text).toMatch(/101 codings; at most 100/);
    const repeated = Array.from({ length: MAX_REPEATS + 1 }, () => 'property=display').join('&');
    const rep = await request(t.app).get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=WBGM00&${repeated}`).expect(413);
    assertOperationOutcome(rep.body);
    // At the limit it is fine.
    const atLimit = await postJson(t.app, '/fhir/CodeSystem/$validate-code', {
      resourceType: 'Parameters',
      parameter: [{ name: 'url', valueUri: NCMP_URL }, { name: 'codeableConcept', valueCodeableConcept: { coding: coding.slice(0, MAX_REPEATS) } }],
    });
    expect(atLimit.status).toBe(200);
  });

  it(`caps $expand count at ${MAX_EXPANSION_COUNT} (400) and refuses negative paging`, async () => {
    const vs = encodeURIComponent('https://ncmp-terminology.example/fhir/ValueSet/ncmp');
    for (const q of [`count=${MAX_EXPANSION_COUNT + 1}`, 'count=-1', 'offset=-5', 'count=1e9', 'count=99999999999']) {
      const res = await request(t.app).get(`/fhir/ValueSet/$expand?url=${vs}&${q}`).expect(400);
      assertOperationOutcome(res.body, q);
    }
    await request(t.app).get(`/fhir/ValueSet/$expand?url=${vs}&count=${MAX_EXPANSION_COUNT}`).expect(200);
  });

  it('refuses malformed inline resources with 400; runs any regex filter in linear time', async () => {
    const expand = (valueSet: unknown) => postJson(t.app, '/fhir/ValueSet/$expand', { resourceType: 'Parameters', parameter: [{ name: 'valueSet', resource: valueSet }] });
    const include = (filter: unknown[]) => ({ resourceType: 'ValueSet', compose: { include: [{ system: NCMP_URL, filter }] } });
    for (const vs of [{ resourceType: 'ValueSet', compose: {} }, { resourceType: 'ValueSet', compose: { include: [null] } }, include([{ property: 'code', op: 'regex' }])]) {
      assertOperationOutcome((await expand(vs).expect(400)).body);
    }
    // RE2 runs any pattern in linear time: the nested quantifiers the old guard refused are answered at once.
    for (const pattern of ['(.*)*x', '(.|.)*x', '(a|aa)+b', '.*.*.*x']) {
      const started = Date.now();
      const res = await expand(include([{ property: 'display', op: 'regex', value: `${pattern}` }])).expect(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.body.expansion.total).toBe(0);
    }
    // What RE2 cannot run (back references), or a pattern past the size limit, is refused with the location.
    for (const pattern of ['(a)\\1', `${'a'.repeat(MAX_REGEX_LENGTH + 1)}`]) {
      const res = await expand(include([{ property: 'display', op: 'regex', value: pattern }])).expect(400);
      expect(res.body.issue[0].details.text).toMatch(/valueSet.*filter\[0\]\.value/);
    }
    const safe = await expand(include([{ property: 'code', op: 'regex', value: 'AX.*' }])).expect(200);
    expect(safe.body.expansion.contains.length).toBeGreaterThan(0);
    const tx = await postJson(t.app, '/fhir/CodeSystem/$lookup', {
      resourceType: 'Parameters',
      parameter: [{ name: 'tx-resource', resource: { resourceType: 'ConceptMap', group: [null] } }, { name: 'system', valueUri: NCMP_URL }, { name: 'code', valueCode: 'AXDP05' }],
    }).expect(400);
    expect(tx.body.issue[0].details.text).toMatch(/tx-resource.*ConceptMap\.group\[0\] must be an object/);
  });

  it('sends security headers for an API on every answer', async () => {
    for (const path of ['/health', '/fhir/metadata', '/fhir/nothing-here']) {
      const res = await request(t.app).get(path);
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-request-id']).toMatch(/^[\w.-]+$/);
    }
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const res = await request(t.app).get('/fhir/metadata').set('Origin', 'https://epj.example.no').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured origins, exposes X-Request-Id, and answers preflights', async () => {
    const app = appOn(t, { corsOrigins: ['https://epj.example.no', 'http://localhost:3000'] });
    const ok = await request(app).get('/fhir/metadata').set('Origin', 'https://epj.example.no').expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://epj.example.no');
    expect(ok.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
    expect(ok.headers.vary).toMatch(/Origin/);
    const other = await request(app).get('/fhir/metadata').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app)
      .options('/fhir/ValueSet/x')
      .set('Origin', 'http://localhost:3000')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(preflight.headers['access-control-allow-methods']).toMatch(/PUT/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
    const any = await request(appOn(t, { corsOrigins: ['*'] })).get('/fhir/metadata').set('Origin', 'https://anywhere.example').expect(200);
    expect(any.headers['access-control-allow-origin']).toBe('*');
  });

  it('keeps a valid client X-Request-Id and replaces an unsafe one', async () => {
    const kept = await request(t.app).get('/fhir/metadata').set('X-Request-Id', 'epj-123.abc').expect(200);
    expect(kept.headers['x-request-id']).toBe('epj-123.abc');
    const replaced = await request(t.app).get('/fhir/metadata').set('X-Request-Id', 'bad id\u00e6<script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an internal error with a 500 OperationOutcome carrying the request id (also in the header and the log), and no internals', async () => {
    // A broken store: a table the catalogue reads is gone. The database's message names it; the client must not see it.
    await sql`alter table concept_map_element rename to concept_map_element_hidden`.execute(t.db.db);
    await sql`update content_revision set revision = revision + 1`.execute(t.db.db);
    t.terminology.invalidate();
    try {
      const res = await request(t.app).get('/fhir/CodeSystem/$lookup?system=urn:oid:2.16.578.1.12.4.1.1.7220&code=WBGM00').expect(500);
      assertOperationOutcome(res.body);
      const id = res.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.issue[0].details.text).toBe(`Internal server error (request id ${id})`);
      expect(res.text).not.toMatch(/concept_map_element|relation|select|\.ts:|node_modules/);
      const logged = t.logLines.map((l) => JSON.parse(l) as { msg?: string; reqId?: string; req?: { id?: string }; err?: { message?: string } });
      const line = logged.find((l) => l.msg === 'unhandled error' && (l.req?.id === id || l.reqId === id));
      expect(line?.err?.message).toMatch(/concept_map_element/);
    } finally {
      await sql`alter table concept_map_element_hidden rename to concept_map_element`.execute(t.db.db);
      t.terminology.invalidate();
    }
    await request(t.app).get('/fhir/metadata?mode=terminology').expect(200);
  });

  it('classifies database errors: unreachable and timed out are temporary, anything else is not', () => {
    expect(databaseTrouble(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('unavailable');
    expect(databaseTrouble(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe('unavailable');
    expect(databaseTrouble(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe('unavailable');
    expect(databaseTrouble(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseTrouble(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(databaseTrouble(new Error('wrapped', { cause: new Error('Connection terminated due to connection timeout') }))).toBe('unavailable');
    expect(databaseTrouble(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe('timeout');
    expect(databaseTrouble(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBeUndefined();
    expect(databaseTrouble(new TypeError('x is not a function'))).toBeUndefined();
  });
});

/** A write that needs the database (a small value set over NCMP codes). */
const OUTAGE_VALUE_SET = {
  resourceType: 'ValueSet',
  id: 'outage',
  url: 'http://example.org/fhir/ValueSet/outage',
  version: '1',
  status: 'active',
  compose: { include: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7220', concept: [{ code: 'WBGM00' }] }] },
};

describe('a closed database', () => {
  it('is a 503 OperationOutcome with Retry-After, and /ready fails', async () => {
    const db = await createTestDatabase();
    await ensureContent(db.db, {});
    const { app } = createApp({ db: db.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined } });
    await request(app).get('/ready').expect(200);
    await db.destroy();
    const res = await request(app).get('/fhir/CodeSystem/$lookup?system=urn:oid:2.16.578.1.12.4.1.1.7220&code=WBGM00').expect(503);
    assertOperationOutcome(res.body);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.issue[0].code).toBe('transient');
    expect(LEAKS.some((re) => re.test(res.text))).toBe(false);
    await request(app).get('/ready').expect(503);
  });

  it('keeps answering the content it holds (200), /ready says degraded, writes answer 503 with Retry-After, logged once', async () => {
    const db = await createTestDatabase();
    await ensureContent(db.db, {});
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const { app, terminology } = createApp({ db: db.db, logger, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, adminToken: ADMIN_TOKEN } });
    const lookup = '/fhir/CodeSystem/$lookup?system=urn:oid:2.16.578.1.12.4.1.1.7220&code=WBGM00';
    const before = await request(app).get(lookup).expect(200);
    await db.destroy();
    for (let i = 0; i < 3; i++) {
      terminology.invalidate(); // every request re-checks the revision, and finds the database gone
      const res = await request(app).get(lookup).set('Cache-Control', 'no-cache').expect(200);
      expect(res.body).toEqual(before.body);
    }
    expect(terminology.degraded()?.reason).toBe('unavailable');
    const ready = await request(app).get('/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'degraded', database: 'unavailable' });
    expect(typeof ready.body.revision).toBe('number');
    await request(app).get('/health').expect(200);
    const metrics = (await request(app).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^ncmp_degraded 1$/m);
    expect(metrics).toMatch(/^ncmp_db_up 0$/m);
    const write = await request(app)
      .put('/fhir/ValueSet/outage')
      .set('Content-Type', 'application/fhir+json')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send(JSON.stringify(OUTAGE_VALUE_SET))
      .expect(503);
    assertOperationOutcome(write.body);
    expect(write.headers['retry-after']).toBe('5');
    expect(write.body.issue[0].code).toBe('transient');
    const degradedLines = lines.filter((l) => /serving the content held in memory/.test(l));
    expect(degradedLines).toHaveLength(1);
  });
});

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('statement timeout (PostgreSQL only; skipped without TEST_DATABASE_URL)', () => {
  it('ends a statement that waits too long with a 503 timeout, and the next request succeeds', async () => {
    const db = await createTestDatabase();
    await ensureContent(db.db, {});
    const handle = await connect({ kind: 'postgres', url: db.url!, poolSize: 2, statementTimeoutMs: 300 });
    const blocker = new Client({ connectionString: db.url! });
    await blocker.connect();
    try {
      const { app, terminology } = createApp({ db: handle.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, adminToken: ADMIN_TOKEN } });
      await request(app).get('/fhir/metadata?mode=terminology').expect(200);
      // Another session holds a lock the catalogue read needs: the read waits until statement_timeout ends it.
      await blocker.query('begin');
      await blocker.query('lock table content_revision in access exclusive mode');
      terminology.invalidate();
      // The held snapshot is served while the revision check times out (degraded)...
      const started = Date.now();
      await request(app).get('/fhir/metadata?mode=terminology').set('Cache-Control', 'no-cache').expect(200);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(terminology.degraded()?.reason).toBe('timeout');
      // ...while what needs the database (a write, which bumps the locked revision row) ends in a 503 timeout.
      const res = await request(app)
        .put('/fhir/ValueSet/outage')
        .set('Content-Type', 'application/fhir+json')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send(JSON.stringify(OUTAGE_VALUE_SET))
        .expect(503);
      expect(Date.now() - started).toBeLessThan(6000);
      assertOperationOutcome(res.body);
      expect(res.body.issue[0].code).toBe('timeout');
      expect(res.headers['retry-after']).toBe('5');
      await blocker.query('rollback');
      terminology.invalidate();
      await request(app).get('/fhir/metadata?mode=terminology').expect(200);
      await request(app).get('/fhir/CodeSystem/$lookup?system=urn:oid:2.16.578.1.12.4.1.1.7220&code=WBGM00').expect(200);
      expect(terminology.degraded()).toBeUndefined();
    } finally {
      await blocker.end();
      await handle.close();
      await db.destroy();
    }
  });
});
