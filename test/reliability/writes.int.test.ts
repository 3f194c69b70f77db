import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import type { AppListener } from '../../server/app';
import request from 'supertest';
import { EFFECTIVE_PERIOD_EXT } from '../../server/terminology/systems';
import { ADMIN_TOKEN, appOn, assertOperationOutcome, revision, startApp, type ReliabilityApp } from './support';

const CS_URL = 'http://example.org/fhir/CodeSystem/reliability';

let nextYear = 2000;

/** A code system version; each gets its own effective date (two versions of a system cannot share one). */
function codeSystem(id: string, version: string, display = 'Alpha', from = `${nextYear++}-01-01`): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id,
    url: CS_URL,
    version,
    name: 'Reliability',
    status: 'active',
    content: 'complete',
    extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: from } }],
    concept: [{ code: 'A', display, concept: [{ code: 'A1', display: 'Alpha one' }] }, { code: 'B', display: 'Beta' }],
  };
}

function valueSet(id: string, version: string): ValueSet {
  return {
    resourceType: 'ValueSet',
    id,
    url: 'http://example.org/fhir/ValueSet/reliability',
    version,
    name: 'Reliability',
    status: 'active',
    compose: { include: [{ system: CS_URL, version: '1', concept: [{ code: 'A' }, { code: 'B' }] }] },
  };
}

function conceptMap(id: string, version: string): ConceptMap {
  return {
    resourceType: 'ConceptMap',
    id,
    url: 'http://example.org/fhir/ConceptMap/reliability',
    version,
    name: 'Reliability',
    status: 'active',
    group: [{ source: CS_URL, target: 'urn:oid:2.16.578.1.12.4.1.1.7220', element: [{ code: 'A', target: [{ code: 'WBGM00', equivalence: 'equivalent' }] }] }],
  };
}

const TYPES = ['CodeSystem', 'ValueSet', 'ConceptMap'] as const;
type Type = (typeof TYPES)[number];
const sample = (type: Type, id: string, version: string): CodeSystem | ValueSet | ConceptMap =>
  type === 'CodeSystem' ? codeSystem(id, version) : type === 'ValueSet' ? valueSet(id, version) : conceptMap(id, version);

/** Every write route: method, path and a body that would be accepted. */
const ROUTES = TYPES.flatMap((type) => [
  { method: 'put' as const, path: `/fhir/${type}/auth-${type.toLowerCase()}`, body: sample(type, `auth-${type.toLowerCase()}`, 'auth') },
  { method: 'post' as const, path: `/fhir/${type}`, body: sample(type, `auth-post-${type.toLowerCase()}`, 'auth-post') },
]);

function send(app: AppListener, method: 'put' | 'post', path: string, body: unknown, token?: string) {
  const req = request(app)[method](path).set('Content-Type', 'application/fhir+json');
  if (token !== undefined) req.set('Authorization', token);
  return req.send(JSON.stringify(body));
}

describe('writes', () => {
  let t: ReliabilityApp;
  const auth = `Bearer ${ADMIN_TOKEN}`;
  beforeAll(async () => {
    t = await startApp({ captureLog: true, config: { adminToken: ADMIN_TOKEN } });
  });
  afterAll(() => t.close());

  it.each(ROUTES)('without an admin token configured, $method $path is refused with 403, whatever the token', async ({ method, path, body }) => {
    const readOnly = appOn(t, {});
    const before = await revision(t);
    for (const token of [undefined, `Bearer ${ADMIN_TOKEN}`]) {
      const res = await send(readOnly, method, path, body, token).expect(403);
      assertOperationOutcome(res.body);
      expect(res.body.issue[0].code).toBe('forbidden');
      expect(res.body.issue[0].details.text).toMatch(/writes are disabled.*ADMIN_TOKEN/i);
    }
    expect(await revision(t)).toBe(before);
  });

  it.each(ROUTES)('$method $path: no or a wrong token is a 401 with WWW-Authenticate, and nothing changes', async ({ method, path, body }) => {
    const before = await revision(t);
    for (const token of [undefined, '', 'Bearer', 'Bearer wrong-token-wrong-token', `Basic ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}x`, `Bearer ${ADMIN_TOKEN.slice(1)}`]) {
      const res = await send(t.app, method, path, body, token).expect(401);
      assertOperationOutcome(res.body, String(token));
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(res.body.issue[0].code).toBe('login');
    }
    expect(await revision(t)).toBe(before);
  });

  it.each(ROUTES)('$method $path with the token stores the resource and serves it afterwards', async ({ method, path, body }) => {
    const res = await send(t.app, method, path, body, auth).expect(201);
    expect(res.body.resourceType).toBe(body.resourceType);
    expect(res.body.id).toBe(body.id);
    expect(res.headers.location).toMatch(new RegExp(`/fhir/${body.resourceType}/${body.id}$`));
    const read = await request(t.app).get(`/fhir/${body.resourceType}/${body.id}`).expect(200);
    expect(read.body.url).toBe(body.url);
    expect(read.body.version).toBe(body.version);
    // The same content again is not an error, and not a new revision.
    const before = await revision(t);
    await send(t.app, method, path, body, auth).expect(200);
    expect(await revision(t)).toBe(before);
  });

  it('serves a written code system through the operations at once (the cache is invalidated)', async () => {
    await send(t.app, 'put', '/fhir/CodeSystem/ops-1', codeSystem('ops-1', 'ops'), auth).expect(201);
    const lookup = await request(t.app).get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(CS_URL)}&version=ops&code=A1`).expect(200);
    expect(JSON.stringify(lookup.body)).toContain('Alpha one');
    const first = await request(t.app).get('/fhir/CodeSystem/ops-1').expect(200);
    const from = first.body.extension[0].valuePeriod.start as string;
    const replaced = await send(t.app, 'put', '/fhir/CodeSystem/ops-1', codeSystem('ops-1', 'ops', 'Alpha renamed', from), auth).expect(200);
    expect(replaced.body.concept[0].display).toBe('Alpha renamed');
    const again = await request(t.app).get(`/fhir/CodeSystem/$lookup?system=${encodeURIComponent(CS_URL)}&version=ops&code=A`).expect(200);
    expect(JSON.stringify(again.body)).toContain('Alpha renamed');
  });

  it('loads a new NCMP version under its own id', async () => {
    const ncmp: CodeSystem = {
      resourceType: 'CodeSystem',
      id: 'ncmp-2099',
      url: 'urn:oid:2.16.578.1.12.4.1.1.7220',
      version: '2099',
      status: 'draft',
      content: 'fragment',
      extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: '2099-01-01' } }],
      concept: [{ code: 'WBGM99', display: 'Testkode' }],
    };
    await send(t.app, 'put', '/fhir/CodeSystem/other-id', { ...ncmp, id: 'other-id' }, auth).expect(400);
    await send(t.app, 'put', '/fhir/CodeSystem/ncmp-2099', ncmp, auth).expect(201);
    const read = await request(t.app).get('/fhir/CodeSystem/ncmp-2099').expect(200);
    expect(JSON.stringify(read.body)).toContain('WBGM99');
  });

  const BAD: { name: string; path: string; method: 'put' | 'post'; body: unknown; status: number; text: RegExp }[] = [
    { name: 'not JSON object', method: 'put', path: '/fhir/ValueSet/bad-1', body: ['x'], status: 400, text: /JSON object/ },
    { name: 'another resource type', method: 'post', path: '/fhir/CodeSystem', body: valueSet('bad-2', '1'), status: 400, text: /must be a CodeSystem/ },
    { name: 'id differs from the URL', method: 'put', path: '/fhir/ValueSet/bad-3', body: valueSet('bad-4', '1'), status: 400, text: /must be the id in the URL/ },
    { name: 'no url', method: 'post', path: '/fhir/ValueSet', body: { ...valueSet('bad-5', '1'), url: undefined }, status: 400, text: /ValueSet\.url is required/ },
    { name: 'compose.include not an array', method: 'post', path: '/fhir/ValueSet', body: { ...valueSet('bad-6', '1'), compose: { include: 'x' } }, status: 400, text: /compose\.include must be an array/ },
    { name: 'unknown filter op', method: 'post', path: '/fhir/ValueSet', body: { ...valueSet('bad-7', '1'), compose: { include: [{ system: CS_URL, filter: [{ property: 'concept', op: 'near', value: 'A' }] }] } }, status: 400, text: /op must be one of/ },
    { name: 'concept code not a string', method: 'post', path: '/fhir/CodeSystem', body: { ...codeSystem('bad-8', 'bad-8'), concept: [{ code: 7 }] }, status: 400, text: /concept\[0\]\.code must be a non-empty string/ },
    { name: 'a cycle in the hierarchy', method: 'post', path: '/fhir/CodeSystem', body: { ...codeSystem('bad-9', 'bad-9'), concept: [{ code: 'X', property: [{ code: 'parent', valueCode: 'Y' }] }, { code: 'Y', property: [{ code: 'parent', valueCode: 'X' }] }] }, status: 400, text: /cycle/ },
    { name: 'a date the store cannot keep', method: 'post', path: '/fhir/ConceptMap', body: { ...conceptMap('bad-10', 'bad-10'), group: [{ source: CS_URL, element: [{ code: 'A', target: [{ code: 'B', equivalence: 'equal', extension: [{ url: 'x', valuePeriod: { start: '2021-02-30' } }] }] }] }] }, status: 400, text: /start must be a FHIR date/ },
    { name: 'a mapping without equivalence', method: 'post', path: '/fhir/ConceptMap', body: { ...conceptMap('bad-11', 'bad-11'), group: [{ source: CS_URL, element: [{ code: 'A', target: [{ code: 'B' }] }] }] }, status: 400, text: /must have an equivalence/ },
    { name: 'duplicate codes (refused by the loader)', method: 'post', path: '/fhir/CodeSystem', body: { ...codeSystem('bad-12', 'bad-12'), concept: [{ code: 'A' }, { code: 'A' }] }, status: 422, text: /duplicate code A/ },
    { name: 'a second version with the same effective date', method: 'post', path: '/fhir/CodeSystem', body: codeSystem('bad-14', 'bad-14', 'Alpha', '2000-01-01'), status: 422, text: /already in force from 2000-01-01; two versions cannot start on the same day/ },
    { name: 'an id taken by another url', method: 'put', path: '/fhir/ValueSet/auth-valueset', body: { ...valueSet('auth-valueset', '1'), url: 'http://example.org/other' }, status: 409, text: /holds http:\/\/example\.org\/fhir\/ValueSet\/reliability\|auth/ },
  ];

  it.each(BAD)('a bad resource ($name) is a $status naming the problem, and nothing changes', async ({ method, path, body, status, text }) => {
    const before = await revision(t);
    const res = await send(t.app, method, path, body, auth).expect(status);
    assertOperationOutcome(res.body);
    expect(res.body.issue.map((i: { details: { text: string } }) => i.details.text).join(' ')).toMatch(text);
    expect(await revision(t)).toBe(before);
    const id = (body as { id?: string }).id;
    if (id?.startsWith('bad-')) await request(t.app).get(`/fhir/${path.split('/')[2]}/${id}`).expect(404);
  });

  it('a POST of an existing url|version with other content is a 409 that says where to PUT', async () => {
    const body = { ...valueSet('auth-post-valueset', 'auth-post'), title: 'changed' };
    const res = await send(t.app, 'post', '/fhir/ValueSet', body, auth).expect(409);
    expect(res.body.issue[0].details.text).toMatch(/PUT to ValueSet\/auth-post-valueset/);
  });

  it('refuses a non-JSON write with 415 and an oversized one with 413', async () => {
    const form = await request(t.app).put('/fhir/ValueSet/x').set('Authorization', auth).set('Content-Type', 'text/plain').send('x').expect(415);
    assertOperationOutcome(form.body);
    const small = appOn(t, { adminToken: ADMIN_TOKEN, maxWriteBodyBytes: 2048 });
    const big = { ...valueSet('big', '1'), description: 'x'.repeat(4096) };
    const res = await send(small, 'put', '/fhir/ValueSet/big', big, auth).expect(413);
    assertOperationOutcome(res.body);
    expect(res.body.issue[0].details.text).toMatch(/larger than the limit of 2048 bytes/);
    // A write may be larger than an operation's body: the two limits are separate.
    await send(t.app, 'put', '/fhir/ValueSet/big', { ...big, description: 'x'.repeat(1536 * 1024) }, auth).expect(201);
  });

  it('leaves reads and operations to the read router (405 for PUT on an operation, 404 for other types)', async () => {
    await send(t.app, 'put', '/fhir/CodeSystem/$lookup', {}, auth).expect(405);
    await send(t.app, 'put', '/fhir/Patient/1', {}, auth).expect(404);
    await send(t.app, 'post', '/fhir/Patient', {}, auth).expect(404);
    const op = await request(t.app)
      .post('/fhir/CodeSystem/$lookup')
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'system', valueUri: CS_URL }, { name: 'version', valueString: 'auth' }, { name: 'code', valueCode: 'B' }] }))
      .expect(200);
    expect(JSON.stringify(op.body)).toContain('Beta');
  });

  it('never logs the Authorization header', async () => {
    await send(t.app, 'put', '/fhir/ValueSet/log-check', valueSet('log-check', 'log'), auth).expect(201);
    await send(t.app, 'put', '/fhir/ValueSet/log-check', valueSet('log-check', 'log'), 'Bearer a-wrong-token-that-is-secret').expect(401);
    const log = t.logLines.join('\n');
    expect(log).toContain('/fhir/ValueSet/log-check');
    expect(log).not.toContain(ADMIN_TOKEN);
    expect(log).not.toContain('a-wrong-token-that-is-secret');
  });
});
