// The pages in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core) against the
// real app listening on 127.0.0.1, on the real database. A screenshot of each page goes to
// test-output/screenshots/ (git-ignored) for a reviewer to look at.
// Chromium is found at CHROMIUM_PATH or /usr/bin/chromium. Without it the test is skipped, except under
// CI=true, where a missing browser fails.
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

if (!available && process.env.CI === 'true') {
  test('Chromium is installed (CI must run the browser test)', () => {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
  });
}

(available ? describe : describe.skip)('the pages in headless Chromium', () => {
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone screen
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    // No request may leave the server under test (no CDNs, no fonts).
    await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('searches, opens a code, and opens a version diff, as a person would', async () => {
    const externals: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) externals.push(r.url());
    });

    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('nb');
    const box = page.getByRole('searchbox', { name: 'Kode eller tekst' });
    await expect(box.isVisible()).resolves.toBe(true);
    // The stylesheet applied (CSP allows it): the search button has the accent background.
    const bg = await page.locator('button[type=submit]').evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
    expect(bg).toBe('rgb(11, 83, 148)');
    await shot('1-search');

    // Type with the keyboard and submit with Enter.
    await box.focus();
    await page.keyboard.type('telemedisin');
    await Promise.all([page.waitForURL(/\?q=telemedisin/), page.keyboard.press('Enter')]);
    const hits = page.locator('main table tbody tr');
    expect(await hits.count()).toBeGreaterThan(0);
    const zwuu40 = page.getByRole('link', { name: 'ZWUU40' });
    await expect(zwuu40.isVisible()).resolves.toBe(true);
    await shot('2-search-results');

    await Promise.all([page.waitForURL(/\/code\/ZWUU40/), zwuu40.click()]);
    const heading = await page.locator('h1').innerText();
    expect(heading).toContain('ZWUU40');
    expect(heading).toContain('Bruk av telemedisin');
    expect(await page.locator('.status').innerText()).toBe('utgått');
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/2007–2020/);
    expect(await page.getByRole('link', { name: '$lookup' }).getAttribute('href')).toMatch(/^\/fhir\/CodeSystem\/\$lookup\?/);
    await shot('3-code-ZWUU40');

    await page.goto(`${base}/diff`);
    await page.getByLabel('Fra').selectOption('2017');
    await page.getByLabel('Til').selectOption('2021');
    await Promise.all([page.waitForURL(/from=2017&to=2021/), page.getByRole('button', { name: 'Sammenlign' }).click()]);
    const title = await page.locator('h2#changes').innerText();
    expect(title).toMatch(/^\d+ endringer fra NCMP 2017 til 2021$/);
    const rowText = async (code: string) => page.locator('tbody tr', { has: page.getByRole('link', { name: code, exact: true }) }).first().innerText();
    expect(await rowText('AXDP05')).toContain('ny');
    expect(await rowText('OAEA00')).toContain('gjeninnført');
    expect(await rowText('ZWUU40')).toContain('utgått');
    expect(await rowText('IBBA15')).toContain('endret tekst');
    expect(await page.getByRole('link', { name: 'Last ned som CSV' }).getAttribute('href')).toContain('_format=csv');
    await shot('4-diff-2017-2021');

    expect(consoleErrors).toEqual([]); // the stylesheet loaded, nothing was blocked by the CSP

    await page.goto(`${base}/code/NOSUCH1`);
    expect(await page.locator('h1').innerText()).toBe('Fant ikke koden');
    await shot('5-not-found');

    expect(await page.locator('main').innerText()).toContain('NOSUCH1');
    expect(externals).toEqual([]);
  }, 120_000);
});
