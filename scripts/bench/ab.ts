/**
 * An A/B of two builds of the server on one database: the same scenarios against each build in turn
 * (alternating which goes first, several rounds), reporting the median server CPU µs per answer and req/s.
 * On a shared machine this is what a claim of "faster" should rest on: both builds see the same load.
 *
 *   npx tsx scripts/bench/ab.ts --a dist-base --b dist [--only lookup-uncached,…] [--rounds 3] [--amount 6000]
 *                               [--connections 10] [--ceiling] [--a-flags "--flag …"] [--b-flags "--flag …"]
 *
 * `--a-flags`/`--b-flags` replace the node flags of `npm start` for that side (one build may then be given as
 * both `--a` and `--b`, to compare flags alone). Each server's peak RSS (VmHWM, read just before it stops) is
 * reported too, as the median over the rounds.
 *
 * `--a`/`--b` are build folders (what `npm run build` writes to `dist/`), placed in the repository root (beside
 * `dist/`, so that they find node_modules and the package as `dist/` does). The database is a fresh PGlite with
 * the manifest imported once. Each measured run: a fresh server, a warm-up of a quarter of `--amount`
 * requests, then `--amount` requests at `--connections`. With `--ceiling`, each round also measures the bench's
 * ceiling (`ceiling-server.ts`, a plain Express route with the median `$lookup` answer) with the `$lookup` paths.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startScriptNodeFlags } from '../server-command';
import { freePort, startChildServer, type ChildServer } from './child-server';
import { freshPglite, timeImport } from './import-timing';
import { runLoad } from './load';
import { SCENARIO_IDS, buildScenarios, pathCycler, pathPicker, readCatalogue, steppedDateCycler, todayInNorway, type Scenario, type ScenarioId } from './scenarios';

const ROOT = resolve(__dirname, '../..');

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const MANIFEST = resolve(ROOT, 'scripts/manifests/ncmp-sources.json');

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    only: { type: 'string', default: 'lookup-uncached,cs-validate-uncached,expand-filter-uncached' },
    rounds: { type: 'string', default: '3' },
    amount: { type: 'string', default: '6000' },
    connections: { type: 'string', default: '10' },
    ceiling: { type: 'boolean', default: false },
    'a-flags': { type: 'string' },
    'b-flags': { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (!values.a || !values.b) throw new Error('usage: ab.ts --a BUILD_DIR --b BUILD_DIR [--only …] [--rounds N] [--amount N]');
  const builds = { A: resolve(ROOT, values.a), B: resolve(ROOT, values.b) };
  const splitFlags = (raw: string | undefined): string[] => (raw === undefined ? startScriptNodeFlags() : raw.split(/\s+/).filter((w) => w !== ''));
  const flags = { A: splitFlags(values['a-flags']), B: splitFlags(values['b-flags']) };
  const peakMb = { A: [] as number[], B: [] as number[] };
  const ids = values.only.split(',').map((s) => s.trim()) as ScenarioId[];
  for (const id of ids) if (!SCENARIO_IDS.includes(id)) throw new Error(`unknown scenario ${id}`);
  const rounds = Number(values.rounds);
  const amount = Number(values.amount);
  const connections = Number(values.connections);

  const db = freshPglite();
  try {
    await timeImport(db, MANIFEST);
    const start = async (which: 'A' | 'B'): Promise<ChildServer> => {
      const build = builds[which];
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      delete env.NCMP_IMPORT_MANIFEST;
      return startChildServer({
        label: `server (${build})`,
        command: [process.execPath, ...flags[which], join(build, 'server/main.js')],
        env,
        port,
        readyPath: '/ready',
        readyTimeoutMs: 180_000,
        cwd: ROOT,
      });
    };
    const first = await start('A');
    let scenarios: Scenario[];
    let lookupPaths: string[];
    let ceilingBody: string | undefined;
    try {
      const all = buildScenarios(await readCatalogue(first.baseUrl));
      scenarios = all.filter((s) => ids.includes(s.id));
      lookupPaths = all.find((s) => s.id === 'lookup')!.paths;
      if (values.ceiling) {
        const bodies: string[] = [];
        for (const path of lookupPaths.slice(0, 200)) {
          const res = await fetch(`${first.baseUrl}${path}`, { headers: { accept: 'application/fhir+json' } });
          if (res.status === 200) bodies.push(await res.text());
        }
        bodies.sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b));
        ceilingBody = bodies[Math.floor(bodies.length / 2)];
      }
    } finally {
      await first.stop();
    }
    const ceilingDir = mkdtempSync(join(tmpdir(), 'ncmp-ab-ceiling-'));
    const ceilingFile = join(ceilingDir, 'lookup.json');
    if (ceilingBody !== undefined) writeFileSync(ceilingFile, ceilingBody);
    const startCeiling = async (): Promise<ChildServer> => {
      const port = await freePort();
      return startChildServer({
        label: 'ceiling server',
        command: [process.execPath, '--import', 'tsx', join(ROOT, 'scripts/bench/ceiling-server.ts')],
        env: { ...process.env, PORT: String(port), CEILING_BODY_FILE: ceilingFile },
        port,
        readyPath: '/ready',
        readyTimeoutMs: 30_000,
        cwd: ROOT,
      });
    };
    const figures = new Map<string, { cpu: number[]; rps: number[] }>();
    for (let round = 0; round < rounds; round++) {
      const order: ('A' | 'B')[] = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      if (ceilingBody !== undefined) {
        const ceiling = await startCeiling();
        try {
          const next = pathPicker(lookupPaths, 7);
          await runLoad({ baseUrl: ceiling.baseUrl, nextPath: next, connections, amount: Math.ceil(amount / 4) });
          const run = await runLoad({ baseUrl: ceiling.baseUrl, nextPath: next, connections, amount, serverCpuMs: ceiling.cpuMs });
          const f = figures.get('ceiling\t-') ?? { cpu: [], rps: [] };
          f.cpu.push(run.serverCpuUsPerRequest ?? Number.NaN);
          f.rps.push(run.rps);
          figures.set('ceiling\t-', f);
          process.stderr.write(`round ${round + 1} ceiling: ${run.serverCpuUsPerRequest?.toFixed(0)} µs/req, ${run.rps.toFixed(0)} req/s\n`);
        } finally {
          await ceiling.stop();
        }
      }
      for (const which of order) {
        const server = await start(which);
        try {
          for (const s of scenarios) {
            const next = s.stepDate ? steppedDateCycler(s.paths, 0, todayInNorway()) : s.inOrder ? pathCycler(s.paths, 0) : pathPicker(s.paths, 7);
            await runLoad({ baseUrl: server.baseUrl, nextPath: next, connections, amount: Math.ceil(amount / 4) });
            const run = await runLoad({ baseUrl: server.baseUrl, nextPath: next, connections, amount, serverCpuMs: server.cpuMs });
            const key = `${s.id}\t${which}`;
            const f = figures.get(key) ?? { cpu: [], rps: [] };
            f.cpu.push(run.serverCpuUsPerRequest ?? Number.NaN);
            f.rps.push(run.rps);
            figures.set(key, f);
            process.stderr.write(`round ${round + 1} ${which} ${s.id}: ${run.serverCpuUsPerRequest?.toFixed(0)} µs/req, ${run.rps.toFixed(0)} req/s, non-2xx ${run.non2xx}\n`);
          }
        } finally {
          const memory = server.memory();
          if (memory) peakMb[which].push(memory.hwmKb / 1024);
          await server.stop();
        }
      }
    }
    console.log(`A = ${values.a} (${flags.A.join(' ')}), B = ${values.b} (${flags.B.join(' ')}); median of ${rounds} rounds, ${amount} requests at ${connections} connections each`);
    for (const which of ['A', 'B'] as const) {
      if (peakMb[which].length > 0) console.log(`peak RSS ${which}: ${median(peakMb[which]).toFixed(0)} MB (${peakMb[which].map((m) => m.toFixed(0)).join(' ')})`);
    }
    console.log('scenario\tbuild\tserver CPU µs/req\treq/s\tall CPU figures');
    const ceilingCpu = figures.has('ceiling\t-') ? median(figures.get('ceiling\t-')!.cpu) : undefined;
    for (const [key, f] of figures) {
      const share = ceilingCpu === undefined ? '' : `\t${((100 * ceilingCpu) / median(f.cpu)).toFixed(0)}% of the ceiling's CPU per answer`;
      console.log(`${key}\t${median(f.cpu).toFixed(0)}\t${median(f.rps).toFixed(0)}\t${f.cpu.map((c) => c.toFixed(0)).join(' ')}${share}`);
    }
    rmSync(ceilingDir, { recursive: true, force: true });
  } finally {
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`ab failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
