// Two server processes on one real PostgreSQL, as replicas behind a load balancer run: each is the built
// server (`node dist/server/main.js`, with the node flags of `npm start`) in a child process of its own, on its
// own port on 127.0.0.1, with DATABASE_URL pointing at the same database.
//
// - A write through either one is answered by the other within 300 ms (LISTEN/NOTIFY).
// - PostgreSQL stopped: both keep answering the content they hold (200) under a stream of requests, `/ready` says
//   `degraded` on both, and only what needs the database gets a 503 with Retry-After: writes, and a read of a
//   version neither replica has loaded yet.
// - PostgreSQL started again: both are fully back without a restart of either (`/ready` ready, writes work and
//   reach the other replica within 300 ms again, the version that was refused is answered).
//
// It stops the whole PostgreSQL server, so it runs alone in CI's fault step (see db-fault.fault.ts and .ci/run):
//   node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand --testMatch '**/*.fault.ts'
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureContent } from '../../server/content';
import { EFFECTIVE_PERIOD_EXT } from '../../server/terminology/systems';
import { NCMP_URL } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { describeWithPgControl, postgresRunning, startPostgres, stopPostgres } from './pg-control';
import { ADMIN_TOKEN, assertOperationOutcome } from './support';
import { freePort } from '../../scripts/bench/child-server';

const ROOT = path.resolve(__dirname, '../..');
const MAIN_JS = path.join(ROOT, 'dist/server/main.js');
/** The node flags `npm start` runs the server with (package.json), so the processes are the ones users run. */
const NODE_FLAGS = (/\bnode\s+(.*?)\s*dist\/server\/main\.js/.exec(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!,
)?.[1] ?? '')
  .split(/\s+/)
  .filter(Boolean);

const CS_URL = 'http://example.org/fhir/CodeSystem/two-processes';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


interface Answer {
  at: number;
  server: string;
  path: string;
  status: number;
  retryAfter: string | undefined;
  body: string;
}

interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  log(): string;
  exited: Promise<number | null>;
}

/** Starts `node dist/server/main.js` on a free port and waits until `/ready` answers 200. */
async function startServer(name: string, databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  Object.assign(env, { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN, LOG_LEVEL: 'info' });
  const child = spawn(process.execPath, [...NODE_FLAGS, MAIN_JS], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString('utf8')));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((done) => child.on('exit', (c) => done((code = c))));
  const until = Date.now() + 60_000;
  for (;;) {
    if (code !== undefined) throw new Error(`${name} exited (${code}) before it was ready:\n${log}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 60 s:\n${log}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  return { name, port, child, log: () => log, exited };
}

/** SIGTERM, and the exit code (SIGKILL after 15 s). */
async function stopServer(s: ServerProcess): Promise<number | null> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return s.child.exitCode;
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  const code = await s.exited;
  clearTimeout(timer);
  return code;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function ask(s: ServerProcess, p: string, options: { method?: string; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const at = Date.now();
    const headers: Record<string, string | number> = {};
    if (options.body !== undefined) {
      Object.assign(headers, { 'Content-Type': 'application/fhir+json', Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Length': Buffer.byteLength(options.body) });
    }
    const req = httpRequest({ host: '127.0.0.1', port: s.port, path: p, method: options.method ?? 'GET', agent, timeout: 15_000, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve({ at, server: s.name, path: p, status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`${s.name}: no answer within 15 s to ${options.method ?? 'GET'} ${p}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

let nextYear = 2201;
const codeSystem = (id: string, url = CS_URL): string =>
  JSON.stringify({
    resourceType: 'CodeSystem',
    id,
    url,
    version: id,
    status: 'active',
    content: 'complete',
    extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: `${nextYear++}-01-01` } }],
    concept: [{ code: 'A', display: 'Alpha' }],
  });
const writeVersion = (s: ServerProcess, version: string, url = CS_URL): Promise<Answer> => ask(s, `/fhir/CodeSystem/${version}`, { method: 'PUT', body: codeSystem(version, url) });
const lookupVersion = (version: string, url = CS_URL): string => `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(url)}&version=${version}&code=A`;
const ncmpLookup = (version: string): string => `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&version=${version}&code=WBGM00`;
/** A code system written through the other replica before the outage, whose concepts this one has not read. */
const unreadUrl = (s: ServerProcess): string => `http://example.org/fhir/CodeSystem/two-processes-unread-by-${s.name}`;

/**
 * Writes a new version through `from` and polls `to` until it answers it; returns how long that took (ms), or
 * the status `to` still gave after 300 ms. `to` is asked just before the write, so its revision poll (once a
 * second) is not due within the window: a pass needs the notification most of the time.
 */
async function crossWrite(from: ServerProcess, to: ServerProcess, version: string): Promise<{ version: string; from: string; status: number; ms?: number }> {
  const before = await ask(to, lookupVersion(version));
  if (before.status !== 404) return { version, from: from.name, status: before.status };
  const written = await writeVersion(from, version);
  if (written.status !== 201) return { version, from: from.name, status: written.status };
  const at = Date.now();
  let status = 0;
  while (Date.now() - at < 300) {
    status = (await ask(to, lookupVersion(version))).status;
    if (status === 200) break;
    await sleep(10);
  }
  if (status !== 200) return { version, from: from.name, status };
  const ms = Date.now() - at;
  // The writer answers it too: both now hold its concepts.
  return { version, from: from.name, status: (await ask(from, lookupVersion(version))).status, ms };
}

describeWithPgControl('two server processes on one PostgreSQL: agreement, outage and recovery', () => {
  let db: TestDatabase | undefined;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    // The built server: `tsc -b` is incremental, so this is quick when the build is current (CI built it already).
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, timeout: 180_000 });
  }, 200_000);
  afterAll(async () => {
    await Promise.all(servers.map(stopServer));
    agent.destroy();
    // Whatever happened, leave PostgreSQL running for the rest of CI.
    if (!(await postgresRunning())) await startPostgres();
    await db?.destroy();
  });

  it('a write on one is seen on the other within 300 ms; with PostgreSQL down both serve what they hold; both are back without a restart', async () => {
    db = await createTestDatabase();
    await ensureContent(db.db, {});
    const [a, b] = await Promise.all([startServer('A', db.url!), startServer('B', db.url!)]);
    servers.push(a!, b!);
    const both = [a!, b!];

    // Held content: each replica answers these once before the outage.
    const reads = [
      ncmpLookup('2014'),
      `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}&code=OAEA00&date=2021-06-01`,
      '/fhir/ValueSet/ncmp-2014/$expand?filter=kne&count=5',
      '/fhir/metadata?mode=terminology',
    ];
    for (const s of both) for (const p of reads) expect({ server: s.name, p, status: (await ask(s, p)).status }).toEqual({ server: s.name, p, status: 200 });

    // Agreement: writes through either replica reach the other within 300 ms.
    const agreement = [];
    for (const [i, [from, to]] of [[a!, b!], [b!, a!], [a!, b!], [b!, a!]].entries()) agreement.push(await crossWrite(from!, to!, `tp-${i}`));
    expect(agreement.map((r) => ({ ...r, ms: undefined }))).toEqual(agreement.map((r) => ({ version: r.version, from: r.from, status: 200, ms: undefined })));
    // The versions written are held by both now, and so is everything read before the writes: a content change
    // keeps the concepts a replica has read (loaded versions never change).
    reads.push(...agreement.map((r) => lookupVersion(r.version)));
    // One more code system for each replica, written through the other (which reads it to answer the write): in
    // this replica's catalogue, but its concepts never read here.
    expect((await writeVersion(b!, 'tp-unread-a', unreadUrl(a!))).status).toBe(201);
    expect((await writeVersion(a!, 'tp-unread-b', unreadUrl(b!))).status).toBe(201);
    // Both serve a catalogue that has them (the terminology capabilities list every code system).
    for (const s of both) {
      const caps = await ask(s, '/fhir/metadata?mode=terminology');
      expect({ server: s.name, listed: caps.body.includes(unreadUrl(a!)) && caps.body.includes(unreadUrl(b!)) }).toEqual({ server: s.name, listed: true });
    }

    // PostgreSQL goes away right after the last write; then a stream of reads to both replicas, for the rest of the test.
    const stoppedAt = Date.now();
    await stopPostgres();

    const samples: Answer[] = [];
    const errors: unknown[] = [];
    let streaming = true;
    const stream = Promise.all(
      both.flatMap((s) =>
        reads.map(async (p, i) => {
          await sleep(i * 7);
          while (streaming) {
            try {
              samples.push(await ask(s, p));
            } catch (error) {
              errors.push(error);
            }
            await sleep(50);
          }
        }),
      ),
    );
    const waitFor = async (what: string, done: () => boolean, ms: number): Promise<void> => {
      const until = Date.now() + ms;
      while (!done()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last answers: ${JSON.stringify(samples.slice(-4))}`);
        await sleep(50);
      }
    };
    const readyOf = async (s: ServerProcess): Promise<{ server: string; status: number; body: { status?: string; database?: string } }> => {
      const r = await ask(s, '/ready');
      return { server: s.name, status: r.status, body: JSON.parse(r.body) as { status?: string } };
    };

    let startedAt = 0;
    const refusedWrites: Answer[] = [];
    const refusedReads: Answer[] = [];
    const afterRestart: Awaited<ReturnType<typeof crossWrite>>[] = [];
    const unloadedAfter: Answer[] = [];
    try {
      // Both notice (a revision check fails) and say so in /ready, while still answering 200.
      for (const s of both) {
        const until = Date.now() + 20_000;
        let ready = await readyOf(s);
        while (ready.body.status !== 'degraded' && Date.now() < until) {
          await sleep(100);
          ready = await readyOf(s);
        }
        expect(ready).toMatchObject({ status: 200, body: { status: 'degraded', database: 'unavailable' } });
      }
      // What needs the database: a write through either replica, and a version neither has loaded yet.
      for (const s of both) refusedWrites.push(await writeVersion(s, `tp-down-${s.name}`));
      for (const s of both) refusedReads.push(await ask(s, lookupVersion(`tp-unread-${s.name.toLowerCase()}`, unreadUrl(s))));
      await sleep(2500);
      startedAt = Date.now();
      await startPostgres();
      for (const s of both) {
        const until = Date.now() + 30_000;
        let ready = await readyOf(s);
        while (ready.body.status !== 'ready' && Date.now() < until) {
          await sleep(100);
          ready = await readyOf(s);
        }
        expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
      }
      // The LISTEN connection retries once a second by itself; give it that, then writes must agree again.
      await sleep(2500);
      for (const [i, [from, to]] of [[a!, b!], [b!, a!]].entries()) afterRestart.push(await crossWrite(from!, to!, `tp-after-${i}`));
      for (const s of both) unloadedAfter.push(await ask(s, lookupVersion(`tp-unread-${s.name.toLowerCase()}`, unreadUrl(s))));
      const backAt = Date.now();
      await waitFor('reads after the restart', () => samples.filter((s) => s.at > backAt).length >= 2 * reads.length, 20_000);
    } finally {
      streaming = false;
      await stream;
    }

    expect(errors).toEqual([]);
    // Every held read answered 200 on both replicas, before, during and after the outage.
    expect(samples.filter((s) => s.status !== 200).map((s) => `${s.server} ${s.status} ${s.path}`)).toEqual([]);
    for (const s of both) {
      const during = samples.filter((x) => x.server === s.name && x.at >= stoppedAt && x.at < startedAt);
      expect({ server: s.name, enough: during.length >= 2 * reads.length }).toEqual({ server: s.name, enough: true });
    }
    // Only what needs the database: 503, Retry-After, a transient OperationOutcome.
    for (const r of [...refusedWrites, ...refusedReads]) {
      expect({ server: r.server, path: r.path, status: r.status, retryAfter: r.retryAfter }).toEqual({ server: r.server, path: r.path, status: 503, retryAfter: '5' });
      const outcome = JSON.parse(r.body) as { issue: { code: string }[] };
      assertOperationOutcome(outcome, r.path);
      expect(outcome.issue[0]!.code).toBe('transient');
    }
    // Back, without a restart: writes work and agree within 300 ms, and the refused versions are answered.
    expect(afterRestart.map((r) => ({ ...r, ms: undefined }))).toEqual(afterRestart.map((r) => ({ version: r.version, from: r.from, status: 200, ms: undefined })));
    expect(unloadedAfter.map((r) => `${r.server} ${r.status}`)).toEqual(['A 200', 'B 200']);
    // Each says so in its log once each way, and neither process restarted or died.
    for (const s of both) {
      expect({ server: s.name, down: s.log().split('\n').filter((l) => /serving the content held in memory/.test(l)).length }).toEqual({ server: s.name, down: 1 });
      expect({ server: s.name, back: s.log().split('\n').filter((l) => /database reachable again/.test(l)).length }).toEqual({ server: s.name, back: 1 });
      expect(s.child.exitCode).toBeNull();
    }
    expect(await Promise.all(both.map(stopServer))).toEqual([0, 0]);
  }, 180_000);
});
