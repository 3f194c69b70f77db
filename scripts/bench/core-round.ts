/**
 * `npx tsx scripts/bench/core-round.ts [--runs N]` (after `npm run build`): what FHIR core, v2, v3 and the
 * library-answered systems (issue 27) cost. Starts the server as `npm start` does on an empty PGlite folder (so from
 * the packaged template), times `/ready`, then asks a round of questions a validator asks of a Norwegian resource
 * (`$validate-code`, `$lookup` and `$expand` over administrative-gender, observation-status, v2-0203, v3 ActCode,
 * UCUM, BCP-47, ISO 3166, media types, ISO 4217), and prints ready time and memory (VmRSS, VmHWM) at each step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_ENTRY, startScriptNodeFlags } from '../server-command';
import { freePort, startChildServer, type ProcessMemory } from './child-server';

const ROOT = resolve(__dirname, '../..');

/** The questions: each answered 200 (a `$validate-code` of an invalid code too; `$lookup` only of valid codes). */
const ROUND: readonly string[] = [
  ...(
    [
      ['http://hl7.org/fhir/administrative-gender', 'male', true],
      ['http://hl7.org/fhir/administrative-gender', 'man', false],
      ['http://hl7.org/fhir/observation-status', 'final', true],
      ['http://terminology.hl7.org/CodeSystem/v2-0203', 'MR', true],
      ['http://terminology.hl7.org/CodeSystem/v3-ActCode', 'AMB', true],
      ['http://unitsofmeasure.org', 'mg/dL', true],
      ['http://unitsofmeasure.org', '10*3/uL', true],
      ['http://unitsofmeasure.org', 'mg/dX', false],
      ['urn:ietf:bcp:47', 'nb-NO', true],
      ['urn:ietf:bcp:47', 'english', false],
      ['urn:iso:std:iso:3166', 'NO', true],
      ['urn:iso:std:iso:3166', 'XX', false],
      ['urn:ietf:bcp:13', 'application/fhir+json', true],
      ['urn:iso:std:iso:4217', 'NOK', true],
    ] as const
  ).flatMap(([system, code, valid]) => {
    const q = `system=${encodeURIComponent(system)}&code=${encodeURIComponent(code)}`;
    const check = `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(system)}&code=${encodeURIComponent(code)}`;
    return valid ? [check, `/fhir/CodeSystem/$lookup?${q}`] : [check];
  }),
  ...[
    'http://hl7.org/fhir/ValueSet/administrative-gender',
    'http://hl7.org/fhir/ValueSet/observation-status',
    'http://hl7.org/fhir/ValueSet/identifier-type',
    'http://terminology.hl7.org/ValueSet/v3-ActEncounterCode',
    'http://hl7.org/fhir/ValueSet/mimetypes',
    'http://hl7.org/fhir/ValueSet/currencies',
  ].map((url) => `/fhir/ValueSet/$expand?url=${encodeURIComponent(url)}&count=100`),
];

const mb = (kb: number | undefined): string => (kb === undefined ? '?' : `${Math.round(kb / 1024)} MB`);

async function once(): Promise<{ readyMs: number; afterStart: ProcessMemory | undefined; afterRound: ProcessMemory | undefined; failures: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ncmp-core-round-'));
  const port = await freePort();
  try {
    const server = await startChildServer({
      label: 'server',
      command: [process.execPath, ...startScriptNodeFlags(), resolve(ROOT, SERVER_ENTRY)],
      env: { ...process.env, PORT: String(port), PGLITE_DIR: join(dir, 'pglite'), LOG_LEVEL: 'warn' },
      port,
      readyPath: '/ready',
      readyTimeoutMs: 60_000,
      cwd: ROOT,
    });
    const afterStart = server.memory();
    const failures: string[] = [];
    for (const path of ROUND) {
      const res = await fetch(`${server.baseUrl}${path}`);
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(`${res.status} ${decodeURIComponent(path)}`);
    }
    const afterRound = await server.stop();
    return { readyMs: server.readyMs, afterStart, afterRound, failures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
  let failed = false;
  for (let i = 1; i <= runs; i++) {
    const r = await once();
    console.log(
      `run ${i}: ready in ${Math.round(r.readyMs)} ms; RSS after start ${mb(r.afterStart?.rssKb)} (peak ${mb(r.afterStart?.hwmKb)}); ` +
        `after ${ROUND.length} questions ${mb(r.afterRound?.rssKb)} (peak ${mb(r.afterRound?.hwmKb)})`,
    );
    for (const f of r.failures) console.log(`  not answered 200: ${f}`);
    failed ||= r.failures.length > 0;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
