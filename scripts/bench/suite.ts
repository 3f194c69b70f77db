/**
 * The benchmark of issue 7, run once per database (PGlite always, PostgreSQL when a URL is given):
 * import timing, a cold start, then every scenario at 1 connection (latency) and at N (throughput)
 * against the compiled server (`dist/server/main.js`) in its own process, beside a plain Express ceiling.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_ENTRY, startScriptNodeFlags } from '../server-command';
import { freePort, startChildServer, type ChildServer } from './child-server';
import { freshPglite, freshPostgres, timeImport, type FreshDatabase } from './import-timing';
import { runLoad, type LoadResult } from './load';
import { checkTargets, type BenchReport, type DatabaseResult, type FirstStart, type Machine, type ReplicaResult, type ScenarioResult, type ServerFigures } from './report';
import { SCENARIO_IDS, buildScenarios, pathCycler, pathPicker, readCatalogue, steppedDateCycler, todayInNorway, type Scenario, type ScenarioId } from './scenarios';

/** What to run. */
export interface BenchOptions {
  /** Seconds per measured run. */
  seconds: number;
  /** Connections of the throughput runs (the latency runs use 1). */
  connections: number;
  /** Scenarios to run (all when absent). */
  only?: readonly ScenarioId[];
  /** Also run on this PostgreSQL server (a fresh database is created on it and dropped after). */
  databaseUrl?: string;
  /** The manifest to import (all registers 2007–2017 and the særkode lists). */
  manifest: string;
  /** Skip the server start on an empty database (which imports before listening). */
  skipColdStart?: boolean;
  /** Only the start-up rows (first start, cold start, start on the loaded database): no scenarios. */
  startsOnly?: boolean;
  /** Write V8 CPU profiles of the measured server here (`node --cpu-prof`). */
  cpuProfDir?: string;
  /** Progress messages. */
  log: (message: string) => void;
}

const ROOT = resolve(__dirname, '../..');
const SERVER_MAIN = join(ROOT, SERVER_ENTRY);
const CEILING_SERVER = join(ROOT, 'scripts/bench/ceiling-server.ts');
const BALANCER = join(ROOT, 'scripts/bench/balancer.ts');
/** Variables the server reads; the child gets only ours. */
const SERVER_VARIABLES = ['DATABASE_URL', 'PGLITE_DIR', 'NCMP_IMPORT_MANIFEST', 'PORT', 'HOST', 'LOG_LEVEL', 'PUBLIC_BASE_URL', 'PGLITE_TEMPLATE'];

const kbToMbText = (kb: number | undefined): string => (kb === undefined ? '?' : ((kb * 1024) / 1e6).toFixed(0));

function machine(loadAtStart: number): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpuModel = m[1]!.trim();
  } catch {
    // Not Linux: os.cpus() has it.
  }
  return { cpus: cpus().length, cpuModel, node: process.version, platform: `${process.platform}-${process.arch}`, memTotalMb: totalmem() / 1e6, loadAverage: { start: loadAtStart, end: loadavg()[0]! } };
}

function serverEnv(db: FreshDatabase, port: number, manifest: string | undefined, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SERVER_VARIABLES) delete env[name];
  return { ...env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...(manifest ? { NCMP_IMPORT_MANIFEST: manifest } : {}), ...extra };
}

/**
 * Starts the built server as `npm start` does. With `manifest: false` it is started exactly as `npm start`
 * with nothing configured (only the shipped content); `env` adds variables (the template switch).
 */
async function startServer(
  label: string,
  db: FreshDatabase,
  options: BenchOptions,
  profile: boolean,
  how: { manifest?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildServer> {
  const port = await freePort();
  const flags = profile && options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  // The node flags of `npm start` (heap and WebAssembly settings), so the figures are those of the server as users run it.
  return startChildServer({
    label,
    command: [process.execPath, ...startScriptNodeFlags(), ...flags, SERVER_MAIN],
    env: serverEnv(db, port, how.manifest === false ? undefined : options.manifest, how.env ?? {}),
    port,
    readyPath: '/ready',
    readyTimeoutMs: 180_000,
    cwd: ROOT,
  });
}

async function stopServer(server: ChildServer, readyRssKb: number | undefined): Promise<ServerFigures> {
  const memory = await server.stop();
  return { readyMs: server.readyMs, readyRssKb, peakRssKb: memory?.hwmKb, rssKb: memory?.rssKb };
}

/**
 * Sends a few requests of every scenario and reports answers that are not 200 (the mix should give only 200s).
 * For an every-URL-new scenario whose URLs step a `date`, it also checks that a stepped URL gets the answer
 * of its plain path (the same status and, but for the echoed date, the same body): the variant costs what the
 * operation costs, it does not ask something else.
 */
async function sanityCheck(baseUrl: string, scenarios: Scenario[], log: (m: string) => void): Promise<void> {
  const get = async (path: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/fhir+json' } });
    return { status: res.status, text: await res.text() };
  };
  const today = todayInNorway();
  for (const s of scenarios) {
    // An in-order scenario sends its paths once each: check paths from its end, which a short run never reaches.
    const far = 70_000;
    const next = s.stepDate ? steppedDateCycler(s.paths, far, today) : undefined;
    const sample = next ? Array.from({ length: 40 }, next) : s.inOrder ? s.paths.slice(-40) : s.paths.slice(0, 40);
    const bad: string[] = [];
    const differ: string[] = [];
    for (const [i, path] of sample.entries()) {
      const answer = await get(path);
      if (answer.status !== 200) bad.push(`${answer.status} ${path} → ${answer.text.slice(0, 200)}`);
      if (next) {
        const plain = await get(s.paths[(far + i) % s.paths.length]!);
        // The echoed `date` parameter (an $expand's expansion.parameter) is the one allowed difference.
        const strip = (text: string): string => text.replace(/\{"name":"date","value(?:DateTime|Date)":"[^"]*"\},?/g, '');
        if (plain.status !== answer.status || strip(plain.text).length !== strip(answer.text).length) differ.push(`${plain.status}→${answer.status} ${path}`);
      }
    }
    if (bad.length > 0) log(`  warning: ${s.id}: ${bad.length} of ${sample.length} sample requests were not 200, e.g. ${bad[0]}`);
    if (differ.length > 0) log(`  warning: ${s.id}: ${differ.length} of ${sample.length} stepped-date URLs were answered otherwise than their plain path, e.g. ${differ[0]}`);
  }
}

/**
 * Load runs at 1 connection and at `connections`, after a warm-up whose figures are dropped. Paths are
 * picked at random (seeded), or for an `inOrder` scenario sent in turn, the runs continuing where the
 * last one stopped, so no URL repeats before the list wraps.
 */
async function measure(
  server: ChildServer,
  scenario: Pick<Scenario, 'paths' | 'inOrder' | 'stepDate'>,
  options: BenchOptions,
  warmupSeconds: number,
  seed: number,
): Promise<LoadResult[]> {
  const baseUrl = server.baseUrl;
  const { paths } = scenario;
  const cycler = scenario.stepDate ? steppedDateCycler(paths, 0, todayInNorway()) : scenario.inOrder ? pathCycler(paths, 0) : undefined;
  const next = (runSeed: number): (() => string) => cycler ?? pathPicker(paths, runSeed);
  await runLoad({ baseUrl, nextPath: next(seed), connections: options.connections, seconds: warmupSeconds });
  const runs: LoadResult[] = [];
  for (const connections of [1, options.connections]) {
    runs.push(await runLoad({ baseUrl, nextPath: next(seed + connections), connections, seconds: options.seconds, serverCpuMs: server.cpuMs }));
  }
  return runs;
}

/** The ceiling: a real `$lookup` answer of median size, served by a plain Express route in its own process. */
async function measureCeiling(
  baseUrl: string,
  lookupPaths: readonly string[],
  options: BenchOptions,
  warmupSeconds: number,
): Promise<BenchReport['ceiling']> {
  const bodies: string[] = [];
  for (const path of lookupPaths.slice(0, 200)) {
    const res = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/fhir+json' } });
    if (res.status === 200) bodies.push(await res.text());
  }
  if (bodies.length === 0) throw new Error('no $lookup answered 200; cannot size the ceiling');
  bodies.sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b));
  const body = bodies[Math.floor(bodies.length / 2)]!;
  const dir = mkdtempSync(join(tmpdir(), 'ncmp-bench-ceiling-'));
  const bodyFile = join(dir, 'lookup.json');
  writeFileSync(bodyFile, body);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CEILING_BODY_FILE: bodyFile };
  const ceiling = await startChildServer({
    label: 'ceiling server',
    command: [process.execPath, '--import', 'tsx', CEILING_SERVER],
    env,
    port,
    readyPath: '/ready',
    readyTimeoutMs: 30_000,
    cwd: ROOT,
  });
  try {
    options.log(`ceiling: express 5 route with a fixed ${Buffer.byteLength(body)} B body (median of ${bodies.length} real $lookup answers)`);
    const runs = await measure(ceiling, { paths: [...lookupPaths] }, options, warmupSeconds, 1);
    return { bodyBytes: Buffer.byteLength(body), runs };
  } finally {
    await ceiling.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The round-robin balancer (`balancer.ts`) in its own process, in front of `upstreams`. */
async function startBalancer(upstreams: ChildServer[]): Promise<ChildServer> {
  const port = await freePort();
  return startChildServer({
    label: `balancer (${upstreams.length} upstreams)`,
    command: [process.execPath, '--import', 'tsx', BALANCER],
    env: { ...process.env, PORT: String(port), UPSTREAMS: upstreams.map((u) => u.baseUrl).join(',') },
    port,
    readyPath: '/balancer-ready',
    readyTimeoutMs: 30_000,
    cwd: ROOT,
  });
}

/**
 * The replica row (PostgreSQL only: replicas share one database, which PGlite cannot): the $lookup mix at
 * N connections through the local balancer to one replica, then to two (a second server process on the
 * same database). Server CPU is the sum over the replicas behind the balancer.
 */
async function measureReplicas(
  kind: 'pglite' | 'postgres',
  first: ChildServer,
  db: FreshDatabase,
  lookup: Scenario,
  options: BenchOptions,
  warmupSeconds: number,
): Promise<ReplicaResult[]> {
  const { log } = options;
  const second = await startServer(`server (${kind}, replica 2)`, db, options, false);
  const results: ReplicaResult[] = [];
  try {
    // The second replica reads its snapshot and concepts on first use: warm it directly, unmeasured, so the
    // row compares two warm replicas with one.
    await runLoad({ baseUrl: second.baseUrl, nextPath: pathPicker(lookup.paths, 899), connections: options.connections, seconds: Math.max(2, warmupSeconds) });
    for (const replicas of [[first], [first, second]]) {
      const balancer = await startBalancer(replicas);
      try {
        log(`[${kind}] ${lookup.title} through the local balancer to ${replicas.length} replica(s): ${warmupSeconds} s warm-up, then ${options.seconds} s at ${options.connections} connections`);
        const baseUrl = balancer.baseUrl;
        const seed = 900 + replicas.length;
        await runLoad({ baseUrl, nextPath: pathPicker(lookup.paths, seed), connections: options.connections, seconds: warmupSeconds });
        const serverCpuMs = (): number | undefined => {
          const each = replicas.map((r) => r.cpuMs());
          return each.some((c) => c === undefined) ? undefined : each.reduce((a, b) => a! + b!, 0);
        };
        const run = await runLoad({ baseUrl, nextPath: pathPicker(lookup.paths, seed + 1), connections: options.connections, seconds: options.seconds, serverCpuMs });
        results.push({ replicas: replicas.length, run });
      } finally {
        await balancer.stop();
      }
    }
  } finally {
    await second.stop();
  }
  return results;
}

async function benchDatabase(
  kind: 'pglite' | 'postgres',
  fresh: () => Promise<FreshDatabase>,
  options: BenchOptions,
  warmupSeconds: number,
  ceilingHolder: { value?: BenchReport['ceiling'] },
): Promise<DatabaseResult> {
  const { log } = options;
  const db = await fresh();
  try {
    log(`[${kind}] importing the manifest into a fresh database (${db.description})`);
    const timing = await timeImport(db, options.manifest);
    log(`[${kind}] manifest loaded in ${timing.manifestMs.toFixed(0)} ms (${timing.files} files, ${timing.rows} rows)`);

    // First start as `npm start` gives it (issue 16): an empty database, only the shipped content. On PGlite once
    // with the packaged template (what `npm start` does after its build) and once without it (initdb and import).
    const firstStarts: FirstStart[] = [];
    if (!options.skipColdStart) {
      const variants: { template: FirstStart['template']; env: NodeJS.ProcessEnv }[] =
        kind === 'pglite' ? [{ template: 'used', env: {} }, { template: 'off', env: { PGLITE_TEMPLATE: 'off' } }] : [{ template: 'n/a', env: {} }];
      for (const variant of variants) {
        const empty = await fresh();
        try {
          const what = kind === 'pglite' ? (variant.template === 'used' ? 'with the packaged template' : 'without the template (initdb, then import)') : 'on an empty database';
          log(`[${kind}] first start as npm start gives it, ${what}`);
          const first = await startServer(`server (${kind}, first start)`, empty, options, false, { manifest: false, env: variant.env });
          const figures = await stopServer(first, first.memory()?.rssKb);
          firstStarts.push({ template: variant.template, ...figures });
          log(`[${kind}] first start ${what}: ready in ${figures.readyMs.toFixed(0)} ms, peak RSS ${kbToMbText(figures.peakRssKb)} MB`);
        } finally {
          await empty.drop();
        }
      }
    }

    let coldStart: ServerFigures | undefined;
    if (!options.skipColdStart) {
      const empty = await fresh();
      try {
        log(`[${kind}] cold start: server on an empty database, importing the manifest before it listens`);
        const cold = await startServer(`server (${kind}, cold)`, empty, options, false);
        coldStart = await stopServer(cold, cold.memory()?.rssKb);
        log(`[${kind}] cold start ready in ${coldStart.readyMs.toFixed(0)} ms, peak RSS ${kbToMbText(coldStart.peakRssKb)} MB`);
      } finally {
        await empty.drop();
      }
    }

    log(`[${kind}] starting the server on the imported database`);
    const server = await startServer(`server (${kind})`, db, options, true);
    const readyRssKb = server.memory()?.rssKb;
    const scenarioResults: ScenarioResult[] = [];
    let replicas: ReplicaResult[] | undefined;
    let figures: ServerFigures;
    try {
      const catalogue = await readCatalogue(server.baseUrl);
      log(
        `[${kind}] ready in ${server.readyMs.toFixed(0)} ms; ${catalogue.versions.length} code system versions, ` +
          `${catalogue.versions.reduce((n, v) => n + v.codes.length, 0)} codes, ${catalogue.mappings.length} mappings`,
      );
      const scenarios = options.startsOnly ? [] : buildScenarios(catalogue).filter((s) => !options.only || options.only.includes(s.id));
      await sanityCheck(server.baseUrl, scenarios, log);
      if (!ceilingHolder.value && !options.startsOnly) {
        const lookup = buildScenarios(catalogue).find((s) => s.id === 'lookup')!;
        ceilingHolder.value = await measureCeiling(server.baseUrl, lookup.paths, options, warmupSeconds);
      }
      for (const s of scenarios) {
        log(`[${kind}] ${s.title}: ${warmupSeconds} s warm-up, then ${options.seconds} s at 1 and at ${options.connections} connections`);
        // Seeded by the scenario, so `--only` sends the same requests as a full run.
        const runs = await measure(server, s, options, warmupSeconds, 100 * (SCENARIO_IDS.indexOf(s.id) + 2));
        scenarioResults.push({ id: s.id, title: s.title, runs, rssAfterKb: server.memory()?.rssKb });
      }
      const lookup = scenarios.find((s) => s.id === 'lookup');
      if (kind === 'postgres' && lookup) replicas = await measureReplicas(kind, server, db, lookup, options, warmupSeconds);
    } finally {
      figures = await stopServer(server, readyRssKb);
    }
    return { kind, description: db.description, import: timing, firstStarts, coldStart, server: figures, scenarios: scenarioResults, ...(replicas ? { replicas } : {}) };
  } finally {
    await db.drop();
  }
}

/** Runs the whole benchmark and returns the report with the targets checked. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  const startedAt = new Date().toISOString();
  const warmupSeconds = Math.min(1, options.seconds);
  const ceilingHolder: { value?: BenchReport['ceiling'] } = {};
  const databases: DatabaseResult[] = [];
  databases.push(await benchDatabase('pglite', async () => freshPglite(), options, warmupSeconds, ceilingHolder));
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    databases.push(await benchDatabase('postgres', () => freshPostgres(url), options, warmupSeconds, ceilingHolder));
  }
  const autocannonVersion = (JSON.parse(readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as { version: string }).version;
  const partial: Omit<BenchReport, 'targets'> = {
    startedAt,
    totalSeconds: (performance.now() - started) / 1000,
    machine: machine(loadAtStart),
    options: { seconds: options.seconds, connections: options.connections, warmupSeconds, autocannon: autocannonVersion },
    ceiling: ceilingHolder.value ?? { bodyBytes: 0, runs: [] },
    databases,
  };
  return { ...partial, targets: checkTargets(partial) };
}
