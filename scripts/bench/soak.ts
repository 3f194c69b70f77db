/**
 * Soak test: the real server (server/main.ts, in its own process, listening on 127.0.0.1 only) with every
 * NCMP register loaded, under a bounded autocannon load of mixed operations for a fixed time. Prints
 * requests, req/s, p50/p99 latency, the server's RSS before and after, and every answer that was not the
 * one expected; exits 1 when there was any.
 *
 *   npx tsx scripts/bench/soak.ts [--seconds 60] [--connections 50]
 *
 * Store: a temporary PGlite folder (removed afterwards), or, when DATABASE_URL is set, a fresh database
 * created on that PostgreSQL server and dropped afterwards. The mix: `$lookup`, CodeSystem and ValueSet
 * `$validate-code` with valid and invalid codes (GET and POSTed Parameters), `$expand` with a filter,
 * `$translate`, an unknown code (404 expected) and an over-large `count` (400 expected). Each request's
 * expected status is checked once before the load; during it, any other status, a socket error or a
 * timeout counts as an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startScriptNodeFlags } from '../server-command';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort, startChildServer, type ProcessMemory } from './child-server';
import { Samples, percentileOfSorted } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST = path.join(ROOT, 'scripts/manifests/ncmp-sources.json');
const NCMP = 'urn:oid:2.16.578.1.12.4.1.1.7220';
const SAERKODER = 'urn:oid:2.16.578.1.12.4.1.1.7020';
const VS_NCMP = 'https://ncmp-terminology.example/fhir/ValueSet/ncmp';
const CM = 'https://ncmp-terminology.example/fhir/ConceptMap/saerkode-to-ncmp';

/** One request of the mix and the status it must get. */
interface MixEntry {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  expect: number;
}

const q = encodeURIComponent;

/** The mix, built from codes the running server itself lists (NCMP 2014) and from the særkode map. */
function mix(codes: string[], saerkoder: string[]): MixEntry[] {
  const out: MixEntry[] = [];
  const words = ['stråle', 'telemedisin', 'undersøkelse', 'behandling', 'vurdering', 'kontroll'];
  codes.slice(0, 12).forEach((code, i) => {
    out.push({ label: '$lookup', method: 'GET', path: `/fhir/CodeSystem/$lookup?system=${q(NCMP)}&code=${code}&date=2014-06-01`, expect: 200 });
    out.push({ label: 'CS $validate-code', method: 'GET', path: `/fhir/CodeSystem/$validate-code?url=${q(NCMP)}&code=${code}&date=${2008 + (i % 10)}-03-01`, expect: 200 });
    out.push({ label: 'VS $validate-code', method: 'GET', path: `/fhir/ValueSet/$validate-code?url=${q(`${VS_NCMP}|2014`)}&system=${q(NCMP)}&code=${code}`, expect: 200 });
  });
  for (const bad of ['XXXX99', 'AAAA00', 'WB', 'ZZZZ11']) {
    out.push({ label: 'CS $validate-code (invalid)', method: 'GET', path: `/fhir/CodeSystem/$validate-code?url=${q(NCMP)}&code=${bad}&date=2014-06-01`, expect: 200 });
    out.push({ label: 'VS $validate-code (invalid)', method: 'GET', path: `/fhir/ValueSet/$validate-code?url=${q(`${VS_NCMP}|2014`)}&system=${q(NCMP)}&code=${bad}`, expect: 200 });
  }
  for (const word of words) {
    out.push({ label: '$expand filter', method: 'GET', path: `/fhir/ValueSet/$expand?url=${q(`${VS_NCMP}|2014`)}&filter=${q(word)}&count=50`, expect: 200 });
  }
  for (const code of saerkoder.slice(0, 6)) {
    out.push({ label: '$translate', method: 'GET', path: `/fhir/ConceptMap/$translate?url=${q(CM)}&system=${q(SAERKODER)}&code=${q(code)}`, expect: 200 });
  }
  const coding = codes.slice(12, 15).map((code) => ({ system: NCMP, code }));
  out.push({
    label: 'POST CS $validate-code',
    method: 'POST',
    path: '/fhir/CodeSystem/$validate-code',
    body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'url', valueUri: NCMP }, { name: 'codeableConcept', valueCodeableConcept: { coding } }, { name: 'date', valueDateTime: '2014-06-01' }] }),
    expect: 200,
  });
  out.push({ label: '$lookup (unknown code)', method: 'GET', path: `/fhir/CodeSystem/$lookup?system=${q(NCMP)}&code=XXXX99`, expect: 404 });
  out.push({ label: '$expand (count too large)', method: 'GET', path: `/fhir/ValueSet/$expand?url=${q(VS_NCMP)}&count=99999`, expect: 400 });
  return out;
}

async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/fhir+json', ...(init?.body ? { 'content-type': 'application/fhir+json' } : {}) } });
  return { status: res.status, body: (await res.json()) as unknown };
}

const mb = (m: ProcessMemory | undefined, key: keyof ProcessMemory): string => (m ? `${(m[key] / 1024).toFixed(0)} MB` : 'n/a');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '50' } },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw new Error('--seconds must be a whole number from 1 to 3600');
  if (!Number.isInteger(connections) || connections < 1 || connections > 1000) throw new Error('--connections must be a whole number from 1 to 1000');

  const dir = mkdtempSync(path.join(tmpdir(), 'ncmp-soak-'));
  const adminUrl = process.env.DATABASE_URL?.trim() || undefined;
  let dbName: string | undefined;
  let databaseUrl: string | undefined;
  if (adminUrl) {
    dbName = `ncmp_soak_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const port = await freePort();
  process.stderr.write(`starting the server (${databaseUrl ? 'PostgreSQL' : 'PGlite'}, loading every NCMP register) on 127.0.0.1:${port} …\n`);
  const server = await startChildServer({
    label: 'server',
    command: [process.execPath, ...startScriptNodeFlags(), '--import', 'tsx', 'server/main.ts'],
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NCMP_IMPORT_MANIFEST: MANIFEST,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite') }),
    },
    port,
    readyPath: '/ready',
    readyTimeoutMs: 180_000,
  });
  let errors = 0;
  try {
    const expansion = await fetchJson(`${server.baseUrl}/fhir/ValueSet/$expand?url=${q(`${VS_NCMP}|2014`)}&count=200`);
    const codes = ((expansion.body as { expansion?: { contains?: { code: string }[] } }).expansion?.contains ?? []).map((c) => c.code);
    const map = await fetchJson(`${server.baseUrl}/fhir/ConceptMap/saerkode-to-ncmp`);
    const saerkoder = ((map.body as { group?: { element: { code: string }[] }[] }).group ?? []).flatMap((g) => g.element.map((e) => e.code));
    if (codes.length < 15 || saerkoder.length < 1) throw new Error(`the server lists too few codes (${codes.length} NCMP, ${saerkoder.length} særkoder)`);
    const entries = mix(codes, saerkoder);

    // Each request once, so that a wrong expectation is a clear message rather than a flood of errors.
    for (const e of entries) {
      const res = await fetchJson(`${server.baseUrl}${e.path}`, e.body ? { method: 'POST', body: e.body } : undefined);
      if (res.status !== e.expect) throw new Error(`${e.label}: ${e.method} ${e.path} answered ${res.status}, expected ${e.expect}`);
    }

    const before = server.memory();
    const latencies = new Samples();
    const unexpected = new Map<string, number>();
    process.stderr.write(`load: ${seconds} s, ${connections} connections, ${entries.length} requests in the mix …\n`);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: server.baseUrl,
          connections,
          duration: seconds,
          timeout: 10,
          headers: { accept: 'application/fhir+json' },
          requests: entries.map((e) => ({
            method: e.method,
            path: e.path,
            ...(e.body ? { body: e.body, headers: { accept: 'application/fhir+json', 'content-type': 'application/fhir+json' } } : {}),
            onResponse: (status: number) => {
              if (status !== e.expect) unexpected.set(`${e.label} → ${status}`, (unexpected.get(`${e.label} → ${status}`) ?? 0) + 1);
            },
          })),
        },
        (error, res) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(res)),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    const after = server.memory();

    const sorted = latencies.sorted();
    const wrong = [...unexpected.values()].reduce((a, b) => a + b, 0);
    errors = wrong + result.errors + result.timeouts;
    const lines = [
      `requests        ${sorted.length} in ${result.duration.toFixed(1)} s (${(sorted.length / result.duration).toFixed(0)} req/s) at ${connections} connections`,
      `latency         p50 ${percentileOfSorted(sorted, 50).toFixed(2)} ms, p99 ${percentileOfSorted(sorted, 99).toFixed(2)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(2)} ms`,
      `server RSS      before ${mb(before, 'rssKb')}, after ${mb(after, 'rssKb')}, peak ${mb(after, 'hwmKb')}`,
      `errors          ${errors} (unexpected status ${wrong}, socket errors ${result.errors}, timeouts ${result.timeouts})`,
      ...[...unexpected.entries()].map(([what, n]) => `  ${n} × ${what}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    if (adminUrl && dbName) {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
