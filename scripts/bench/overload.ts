/**
 * The overload row (issue 30): does a flood of expensive requests starve the cheap ones? The built server
 * (`npm run build` first, or `--build`), started as `npm start` starts it on a fresh embedded database with the
 * shipped content only, gets at once:
 * - the flood: `--flood` connections (50) of whole-version `$expand` of the largest value set shipped, every URL
 *   new (a `date` stepping by one second on today's date in Norway), so no answer comes from the answer cache and
 *   each one is serialised, hashed and sent whole;
 * - the cheap side: `--cheap` connections (5) of CodeSystem `$validate-code` of the shipped NCMP codes, every URL
 *   new the same way.
 * Both run for `--seconds` against 127.0.0.1 only, bounded in time; the script prints each side's req/s, p50 and
 * p99 latency and status counts, and exits 1 when the cheap side's p99 is over `--p99-limit-ms` (250).
 *
 *   npx tsx scripts/bench/overload.ts [--seconds 10] [--flood 50] [--cheap 5] [--p99-limit-ms 250]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVER_ENTRY, startScriptNodeFlags } from '../server-command';
import { freePort, startChildServer } from './child-server';
import { freshPglite } from './import-timing';
import { runLoad, type LoadResult } from './load';
import { steppedDateCycler, todayInNorway } from './scenarios';

const ROOT = resolve(__dirname, '../..');
const NCMP = 'urn:oid:2.16.578.1.12.4.1.1.7220';

interface Bundle {
  entry?: { resource: { id: string; url?: string; version?: string } }[];
}

async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/fhir+json' } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** The id and size of the largest value set the server holds (by its expansion's total). */
async function largestValueSet(baseUrl: string): Promise<{ id: string; total: number }> {
  const bundle = await getJson<Bundle>(baseUrl, '/fhir/ValueSet?_count=1000&_elements=id');
  let best = { id: '', total: -1 };
  for (const e of bundle.entry ?? []) {
    const vs = await fetch(`${baseUrl}/fhir/ValueSet/${e.resource.id}/$expand?count=0`, { headers: { accept: 'application/fhir+json' } });
    if (!vs.ok) continue;
    const total = ((await vs.json()) as { expansion?: { total?: number } }).expansion?.total ?? -1;
    if (total > best.total) best = { id: e.resource.id, total };
  }
  if (best.total < 0) throw new Error('no value set could be expanded');
  return best;
}

/** `$validate-code` paths of NCMP 2014's codes (valid ones, each with the date they are valid on). */
async function cheapPaths(baseUrl: string): Promise<string[]> {
  const expansion = await getJson<{ expansion?: { contains?: { code: string }[] } }>(baseUrl, '/fhir/ValueSet/ncmp-2014/$expand');
  const codes = (expansion.expansion?.contains ?? []).map((c) => c.code);
  if (codes.length === 0) throw new Error('NCMP 2014 has no codes to validate');
  return codes.map((code) => `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP)}&code=${code}&date=2014-06-01`);
}

function row(name: string, r: LoadResult): string {
  const statuses = Object.entries(r.statusCodes)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  return `${name.padEnd(44)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(0).padStart(7)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)}  ${statuses}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      flood: { type: 'string', default: '50' },
      cheap: { type: 'string', default: '5' },
      'p99-limit-ms': { type: 'string', default: '250' },
    },
  });
  const seconds = Number(values.seconds);
  const limit = Number(values['p99-limit-ms']);
  const entry = join(ROOT, SERVER_ENTRY);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const db = freshPglite();
  const port = await freePort();
  const server = await startChildServer({
    label: 'server',
    command: [process.execPath, ...startScriptNodeFlags(), entry],
    env: { ...process.env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    port,
    readyPath: '/ready',
    readyTimeoutMs: 180_000,
    cwd: ROOT,
  });
  try {
    const largest = await largestValueSet(server.baseUrl);
    const today = todayInNorway();
    const flood = steppedDateCycler([`/fhir/ValueSet/${largest.id}/$expand`], 0, today);
    const cheap = steppedDateCycler(await cheapPaths(server.baseUrl), 0, today);
    // Warm both paths (JIT, the expansion below the answer cache) before measuring.
    await Promise.all([
      runLoad({ baseUrl: server.baseUrl, nextPath: flood, connections: 5, seconds: 2 }),
      runLoad({ baseUrl: server.baseUrl, nextPath: cheap, connections: 2, seconds: 2 }),
    ]);
    const cheapAlone = await runLoad({ baseUrl: server.baseUrl, nextPath: cheap, connections: Number(values.cheap), seconds });
    const [floodResult, cheapResult] = await Promise.all([
      runLoad({ baseUrl: server.baseUrl, nextPath: flood, connections: Number(values.flood), seconds }),
      runLoad({ baseUrl: server.baseUrl, nextPath: cheap, connections: Number(values.cheap), seconds }),
    ]);
    const memory = server.memory();
    console.log(`largest value set shipped: ValueSet/${largest.id} (${largest.total} codes); ${seconds} s per run; peak RSS ${memory?.hwmKb ? Math.round(memory.hwmKb / 1024) : '?'} MB`);
    console.log(`${'scenario'.padEnd(44)} conns   req/s   p50 ms   p99 ms  statuses`);
    console.log(row('cheap $validate-code alone', cheapAlone));
    console.log(row(`flood: whole $expand of ${largest.id}`, floodResult));
    console.log(row('cheap $validate-code beside the flood', cheapResult));
    const ok = cheapResult.p99Ms <= limit && cheapResult.errors === 0;
    console.log(`cheap requests' p99 beside the flood: ${cheapResult.p99Ms.toFixed(1)} ms (limit ${limit} ms): ${ok ? 'ok' : 'OVER'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await server.stop();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
