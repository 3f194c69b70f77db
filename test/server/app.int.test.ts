import { request, startTestApp, type TestApp } from '../support/test-app';

describe('the app (foundation)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a CapabilityStatement for FHIR 4.0.1 listing every operation', async () => {
    const res = await request(t.app).get('/fhir/metadata').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body.resourceType).toBe('CapabilityStatement');
    expect(res.body.fhirVersion).toBe('4.0.1');
    const ops = res.body.rest[0].resource.flatMap((r: { type: string; operation: { name: string }[] }) => r.operation.map((o) => `${r.type}/$${o.name}`));
    expect(ops).toEqual(
      expect.arrayContaining(['CodeSystem/$lookup', 'CodeSystem/$validate-code', 'CodeSystem/$subsumes', 'ValueSet/$expand', 'ValueSet/$validate-code', 'ConceptMap/$translate']),
    );
  });

  it('accepts application/json and _format=json, refuses XML with 406', async () => {
    await request(t.app).get('/fhir/metadata').set('Accept', 'application/json').expect(200);
    await request(t.app).get('/fhir/metadata?_format=json').expect(200);
    // fhirpath.js and others send a charset parameter; it must not make JSON unacceptable.
    await request(t.app).get('/fhir/metadata').set('Accept', 'application/fhir+json; charset=utf-8').expect(200);
    await request(t.app).get('/fhir/metadata').set('Accept', 'text/html, application/fhir+json;q=0.9').expect(200);
    const xml = await request(t.app).get('/fhir/metadata?_format=xml').expect(406);
    expect(xml.body.resourceType).toBe('OperationOutcome');
    await request(t.app).get('/fhir/metadata').set('Accept', 'application/fhir+xml').expect(406);
  });

  it('answers /health and /ready', async () => {
    expect((await request(t.app).get('/health').expect(200)).body.status).toBe('ok');
    expect((await request(t.app).get('/ready').expect(200)).body.status).toBe('ready');
  });

  it('answers unknown routes with a 404 OperationOutcome', async () => {
    for (const path of ['/nope', '/fhir/Patient/1', '/fhir/CodeSystem/$nope', '/fhir/CodeSystem/ncmp-2014/history']) {
      const res = await request(t.app).get(path).expect(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0].details.text).toEqual(expect.any(String));
    }
  });

  it('answers a malformed JSON body with a 400 OperationOutcome and an oversized one with 413', async () => {
    const bad = await request(t.app).post('/fhir/CodeSystem/$lookup').set('Content-Type', 'application/fhir+json').send('{"resourceType":').expect(400);
    expect(bad.body.issue[0].details.text).toMatch(/not valid JSON/);
    const big = await request(t.app)
      .post('/fhir/CodeSystem/$lookup')
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'code', valueString: 'x'.repeat(2 * 1024 * 1024) }] }))
      .expect(413);
    expect(big.body.resourceType).toBe('OperationOutcome');
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const res = await request(t.app).delete('/fhir/CodeSystem/ncmp-2021').expect(405);
    expect(res.headers.allow).toBe('GET');
    expect(res.body.resourceType).toBe('OperationOutcome');
  });

  it('serves the shipped content on an otherwise empty database', async () => {
    const cs = await request(t.app).get('/fhir/CodeSystem/ncmp-2021').expect(200);
    expect(cs.body.content).toBe('fragment');
    const cm = await request(t.app).get('/fhir/ConceptMap/saerkode-to-ncmp').expect(200);
    expect(cm.body.group[0].element).toHaveLength(27);
  });
});

describe('every OperationOutcome issue is coded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['/fhir/CodeSystem/$lookup?system=x&code=A&date=notadate', 'invalid-data'],
    ['/fhir/CodeSystem/$lookup?system=urn:oid:2.16.578.1.12.4.1.1.7220&code=XXXX99', 'not-found'],
    ['/fhir/metadata?_format=xml', 'not-supported'],
    ['/fhir/Patient', 'not-found'],
  ])('%s → details.coding %s from tx-issue-type', async (path, code) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.issue[0].details.coding).toEqual([{ system: 'http://hl7.org/fhir/tools/CodeSystem/tx-issue-type', code }]);
  });
});

describe('the answers cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a repeated GET identically, and still refuses formats it cannot give', async () => {
    const path = '/fhir/CodeSystem/$lookup?system=urn:oid:2.16.578.1.12.4.1.1.7220&code=JAGD55';
    const first = await request(t.app).get(path).expect(200);
    const second = await request(t.app).get(path).expect(200);
    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    await request(t.app).get(path).set('Accept', 'application/fhir+xml').expect(406);
    await request(t.app).get(`${path}&_format=xml`).expect(406);
  });

  it('is emptied when content changes', async () => {
    const path = '/fhir/CodeSystem/$validate-code?url=http://example.org/cs&code=a';
    const before = await request(t.app).get(path).expect(200);
    expect(before.body.parameter.find((p: { name: string }) => p.name === 'result').valueBoolean).toBe(false);
    const { loadFhirResource } = await import('../../server/import/load');
    await loadFhirResource(t.db.db, { resourceType: 'CodeSystem', url: 'http://example.org/cs', version: '1', status: 'active', content: 'complete', concept: [{ code: 'a' }] }, { effectiveFrom: '2020-01-01' });
    t.terminology.invalidate();
    const after = await request(t.app).get(path).expect(200);
    expect(after.body.parameter.find((p: { name: string }) => p.name === 'result').valueBoolean).toBe(true);
  });
});
