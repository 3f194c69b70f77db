import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NCMP_URL, SAERKODE_URL, request, startTestApp, type TestApp } from '../support/test-app';

const fragment = JSON.parse(readFileSync(path.resolve(__dirname, '../../fhir-resources/package/CodeSystem-ncmp-2021.json'), 'utf8')) as {
  concept: { code: string; display: string }[];
};

describe('the HTML pages', () => {
  let t: TestApp;
  const get = (p: string) => request(t.app).get(p).set('Accept', 'text/html');

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const expectPage = (res: { status: number; type: string; text: string; headers: Record<string, string> }) => {
    expect(res.type).toBe('text/html');
    expect(res.text).toMatch(/^<!doctype html><html lang="nb">/);
    expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(res.text).toContain('<main id="main"');
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!127)[^"]*\.(css|js|woff)/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'self'/);
  };

  it('/ shows the search form, labelled, and /style.css is served', async () => {
    const res = await get('/').expect(200);
    expectPage(res);
    expect(res.text).toMatch(/<label for="q">Kode eller tekst<input id="q" name="q" type="search"/);
    expect(res.text).toContain('role="search"');
    const css = await request(t.app).get('/style.css').expect(200);
    expect(css.type).toBe('text/css');
  });

  it('searches codes and texts across versions, case- and accent-insensitive', async () => {
    const byText = await get('/?q=TELEMEDISIN').expect(200);
    expectPage(byText);
    expect(byText.text).toContain('ZWUU40');
    const accentless = await get(`/?q=${encodeURIComponent('intravenos injeksjon')}`).expect(200);
    expect(accentless.text).toContain('WBGM00');
    const byCode = await get('/?q=axdp').expect(200);
    expect(byCode.text).toContain('AXDP05');
    const none = await get('/?q=zzzzqqq').expect(200);
    expect(none.text).toContain('Ingen treff');
  });

  it('escapes what the user typed', async () => {
    const res = await get(`/?q=${encodeURIComponent('<script>alert(1)</script>')}`).expect(200);
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain('&lt;script&gt;');
  });

  it('a code page shows the text per version, validity, status, successors and FHIR links', async () => {
    const res = await get(`/code/ZWUU40?system=${encodeURIComponent(NCMP_URL)}`).expect(200);
    expectPage(res);
    expect(res.text).toContain('Bruk av telemedisin');
    expect(res.text).toContain('utgått');
    expect(res.text).toMatch(/2007–2020/);
    expect(res.text).toContain('/fhir/CodeSystem/$lookup?system=');
    const jagd55 = await get('/code/JAGD55').expect(200);
    expect(jagd55.text).toContain(fragment.concept.find((c) => c.code === 'JAGD55')!.display);
    expect(jagd55.text).toContain('A0093'); // its særkode predecessor, from the ConceptMap
    const a0093 = await get(`/code/A0093?system=${encodeURIComponent(SAERKODE_URL)}`).expect(200);
    expect(a0093.text).toContain('JAGD55'); // and the other way
    expect(a0093.text).toContain('Erstattet av');
  });

  it('a code page shows the hierarchy', async () => {
    const res = await get('/code/WBGM00').expect(200);
    expect(res.text).toMatch(/Overordnet: <a class="code" href="\/code\/WBGM\?/);
    const group = await get(`/code/WBGM?system=${encodeURIComponent(NCMP_URL)}`).expect(200);
    expect(group.text).toContain('gruppe (ikke valgbar)');
    expect(group.text).toContain('>WBGM00</a>');
  });

  it('an unknown code, page or version is a friendly 404 page', async () => {
    const code = await get('/code/XXXX99').expect(404);
    expectPage(code);
    expect(code.text).toContain('Fant ikke koden');
    expect(code.text).toContain('XXXX99');
    const pageRes = await get('/no/such/page').expect(404);
    expectPage(pageRes);
    const version = await get(`/version?system=${encodeURIComponent(NCMP_URL)}&version=1999`).expect(404);
    expect(version.text).toContain('Fant ikke versjonen');
    // The FHIR API keeps its OperationOutcome.
    const fhir = await request(t.app).get('/fhir/nothing').expect(404);
    expect(fhir.body.resourceType).toBe('OperationOutcome');
  });

  it('a version page lists the codes in force on a date; 2021 is 2017 with the 2021 changes', async () => {
    const v2014 = await get(`/version?system=${encodeURIComponent(NCMP_URL)}&version=2014`).expect(200);
    expectPage(v2014);
    expect(v2014.text).toMatch(/885 koder i kraft/);
    const onDate = await get(`/version?system=${encodeURIComponent(NCMP_URL)}&date=2021-06-01`).expect(200);
    expect(onDate.text).toContain('AXDP05');
    expect(onDate.text).not.toContain('>ZWUU40<');
    expect(onDate.text).toContain('OAEA00');
    const bad = await get(`/version?date=not-a-date`).expect(400);
    expect(bad.text).toContain('Ugyldig dato');
  });

  it('a diff page shows the same changes as $diff, with a CSV link', async () => {
    const page = await get(`/diff?system=${encodeURIComponent(NCMP_URL)}&from=2017&to=2021`).expect(200);
    expectPage(page);
    const op = await request(t.app).get(`/fhir/CodeSystem/$diff?system=${encodeURIComponent(NCMP_URL)}&from=2017&to=2021`).expect(200);
    const changes = (op.body.parameter as { name: string }[]).filter((p) => p.name === 'change');
    expect(page.text).toContain(`${changes.length} endringer fra NCMP 2017 til 2021`);
    for (const code of ['AXDP05', 'OAEA00', 'ZWUU40', 'IBBA15']) expect(page.text).toContain(`>${code}</a>`);
    expect(page.text).toContain('gjeninnført');
    const csvHref = /<a href="([^"]+)" download>Last ned som CSV<\/a>/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const csv = await request(t.app).get(csvHref).expect(200);
    expect(csv.type).toBe('text/csv');
    expect(csv.text.split('\r\n').filter((l) => l !== '')).toHaveLength(changes.length + 1);
    const reversed = await get(`/diff?system=${encodeURIComponent(NCMP_URL)}&from=2021&to=2017`).expect(400);
    expect(reversed.text).toContain('later than');
  });
});
