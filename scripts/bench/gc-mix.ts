/**
 * What the garbage collector costs and how high the server's RSS peaks under a fixed mix of requests, for sets of
 * node flags side by side: each set starts the built server (`dist/`) with `--trace-gc` on one PGlite database
 * (the manifest imported once) or on `DATABASE_URL`'s server, sends the same requests, and sums the trace.
 * Counting GC work from the trace is steadier than comparing req/s on a shared machine.
 *
 *   npx tsx scripts/bench/gc-mix.ts [--only lookup,lookup-uncached,…] [--scale 1] \
 *     "--flags=--max-semi-space-size=8 --heap-growing-percent=50 --liftoff-only" "--flags=…" …
 *
 * The mix: for each scenario 1,000 requests at 1 connection and 3,000 at 10, times `--scale` (a tenth of that for
 * the whole-version `$expand`). Without `--flags`, `npm start`'s flags.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startScriptNodeFlags } from '../server-command';
import { freePort, readProcessCpuMs, readProcessMemory } from './child-server';
import { freshPglite, freshPostgres, timeImport, type FreshDatabase } from './import-timing';
import { runLoad } from './load';
import { SCENARIO_IDS, buildScenarios, pathCycler, pathPicker, readCatalogue, steppedDateCycler, todayInNorway, type ScenarioId } from './scenarios';

const ROOT = resolve(__dirname, '../..');
const MANIFEST = resolve(ROOT, 'scripts/manifests/ncmp-sources.json');

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'lookup,lookup-uncached,cs-validate-uncached,vs-validate-uncached,translate-uncached,expand-all,expand-filter-uncached' },
    scale: { type: 'string', default: '1' },
    flags: { type: 'string', multiple: true },
  },
});

/** The sums of one `--trace-gc` log. */
interface GcSummary {
  scavenges: number;
  scavengeMs: number;
  markCompacts: number;
  markCompactMs: number;
  incrementalMs: number;
}

function summarise(lines: readonly string[]): GcSummary {
  const sum: GcSummary = { scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0, incrementalMs: 0 };
  for (const line of lines) {
    const m = /ms: (Scavenge|Mark-Compact)[^,]*MB, ([\d.]+) \/ [\d.]+ ms/.exec(line);
    if (!m) continue;
    const pause = Number(m[2]);
    if (m[1] === 'Scavenge') {
      sum.scavenges++;
      sum.scavengeMs += pause;
    } else {
      sum.markCompacts++;
      sum.markCompactMs += pause;
      const steps = /\+ ([\d.]+) ms in/.exec(line);
      if (steps) sum.incrementalMs += Number(steps[1]);
    }
  }
  return sum;
}

async function runOne(db: FreshDatabase, flags: string[], ids: ScenarioId[], scale: number): Promise<string> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  if (!('DATABASE_URL' in db.env)) delete env.DATABASE_URL;
  delete env.NCMP_IMPORT_MANIFEST;
  const child = spawn(process.execPath, [...flags, '--trace-gc', join(ROOT, 'dist/server/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (p.includes('ms: ')) lines.push(p);
  });
  child.stderr.resume();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 1200) throw new Error('the server was not ready after 60 s');
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
      const ok = await fetch(`${baseUrl}/ready`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const all = buildScenarios(await readCatalogue(baseUrl));
    const gcBefore = lines.length;
    const cpuBefore = readProcessCpuMs(child.pid!) ?? 0;
    let requests = 0;
    for (const id of ids) {
      const s = all.find((x) => x.id === id)!;
      for (const connections of [1, 10]) {
        const next = s.stepDate ? steppedDateCycler(s.paths, 0, todayInNorway()) : s.inOrder ? pathCycler(s.paths, 0) : pathPicker(s.paths, 7);
        const amount = Math.ceil((connections === 1 ? 1000 : 3000) * scale * (id.startsWith('expand-all') ? 0.1 : 1));
        await runLoad({ baseUrl, nextPath: next, connections, amount });
        requests += amount;
      }
    }
    const cpuMs = (readProcessCpuMs(child.pid!) ?? 0) - cpuBefore;
    const memory = readProcessMemory(child.pid!);
    const gc = summarise(lines.slice(gcBefore));
    return [
      `flags: ${flags.join(' ')}`,
      `  ${requests} requests; server CPU ${(cpuMs / 1000).toFixed(1)} s; peak RSS ${memory ? (memory.hwmKb / 1024).toFixed(0) : '?'} MB`,
      `  scavenges ${gc.scavenges} (${gc.scavengeMs.toFixed(0)} ms); mark-compacts ${gc.markCompacts} (${gc.markCompactMs.toFixed(0)} ms, + ${gc.incrementalMs.toFixed(0)} ms incremental marking)`,
    ].join('\n');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const ids = values.only.split(',').map((s) => s.trim()) as ScenarioId[];
  for (const id of ids) if (!SCENARIO_IDS.includes(id)) throw new Error(`unknown scenario ${id}`);
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 20)) throw new Error('--scale must be a number above 0, at most 20');
  const sets = (values.flags ?? []).length > 0 ? values.flags!.map((f) => f.split(/\s+/).filter((w) => w !== '')) : [startScriptNodeFlags()];
  const db = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : freshPglite();
  try {
    await timeImport(db, MANIFEST);
    process.stdout.write(`${db.description}; scenarios ${ids.join(', ')}\n`);
    for (const flags of sets) process.stdout.write(`${await runOne(db, flags, ids, scale)}\n`);
  } finally {
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`gc-mix failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
