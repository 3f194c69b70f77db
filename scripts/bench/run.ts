/**
 * The benchmark of issue 7: `npm run bench`.
 *
 *   npm run bench [-- --seconds N] [--connections N] [--only lookup,cs-validate,…] [--json] [--no-build]
 *                 [--no-cold-start] [--starts-only] [--cpu-prof DIR]
 *
 * Builds the server (`npm run build`), then measures on the embedded PGlite (a temp dir) and, when
 * DATABASE_URL is set, on that PostgreSQL server too (in a fresh database it creates and drops): the
 * manifest import time, the first start as `npm start` gives it (on PGlite with and without the packaged template),
 * the server's start-up and peak RSS, and req/s and p50/p99 latency of $lookup,
 * CodeSystem and ValueSet $validate-code, $translate and $expand at 1 connection and at N, next to a plain
 * Express route answering a fixed body of the size of a real $lookup answer. Prints a table, or with
 * `--json` the report as JSON on stdout (the table then goes to stderr; `npm run -s bench -- --json`
 * keeps npm's banner out of stdout). Exit code 0 when it ran (targets missed or not), 1 on failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from './report';
import { SCENARIO_IDS, type ScenarioId } from './scenarios';
import { runBench } from './suite';

const USAGE =
  'usage: npm run bench -- [--seconds N] [--connections N] [--only ' + SCENARIO_IDS.join(',') + '] [--json] [--no-build] [--no-cold-start] [--starts-only] [--cpu-prof DIR]';
const ROOT = resolve(__dirname, '../..');
const MANIFEST = resolve(ROOT, 'scripts/manifests/ncmp-sources.json');

function positiveInteger(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, got '${raw}'`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-cold-start': { type: 'boolean', default: false },
      'starts-only': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seconds = positiveInteger('seconds', values.seconds, 5, 600);
  const connections = positiveInteger('connections', values.connections, 10, 1000);
  const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = only?.filter((s) => !SCENARIO_IDS.includes(s as ScenarioId));
  if (unknown && unknown.length > 0) throw new Error(`--only: unknown scenario ${unknown.join(', ')} (${SCENARIO_IDS.join(', ')})`);
  const log = (message: string): void => {
    process.stderr.write(`${message}\n`);
  };

  if (!values['no-build']) {
    log('building the server (npm run build)');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
  }
  const cpuProfDir = values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']);
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;

  const report = await runBench({
    seconds,
    connections,
    ...(only ? { only: only as ScenarioId[] } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    manifest: MANIFEST,
    skipColdStart: values['no-cold-start'],
    startsOnly: values['starts-only'],
    ...(cpuProfDir ? { cpuProfDir } : {}),
    log,
  });
  const text = formatReport(report);
  if (values.json) {
    process.stderr.write(`\n${text}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${text}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
