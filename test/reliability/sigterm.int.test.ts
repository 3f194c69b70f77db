// SIGTERM drains: the real server process (server/main.ts) stops accepting connections, finishes every
// request it has begun, closes idle keep-alive connections, and exits 0. The in-flight requests are made
// slow on purpose: their bodies arrive in two halves, the second after the signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NCMP_URL } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const ROOT = path.resolve(__dirname, '../..');

/** Starts server/main.ts on a free port; resolves once it listens. */
function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; log: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start:\n${log}`));
    }, 90_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      const port = /"port":(\d+).*"msg":"listening"/.exec(log)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, port: Number(port), log: () => log, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${log}`));
    });
  });
}

/** A POST whose body is sent in two halves; `finish()` sends the rest, `answer` is the whole raw response. */
function slowRequest(port: number, requestPath: string, body: string): { sentHeaders: Promise<void>; finish: () => void; answer: Promise<string> } {
  const socket: Socket = connectTcp(port, '127.0.0.1');
  const half = Math.floor(body.length / 2);
  let raw = '';
  const answer = new Promise<string>((resolve, reject) => {
    socket.on('data', (d) => (raw += d.toString('utf8')));
    socket.on('end', () => resolve(raw));
    socket.on('error', (e) => reject(e));
  });
  const sentHeaders = new Promise<void>((resolve) =>
    socket.on('connect', () => {
      socket.write(
        `POST ${requestPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
        () => resolve(),
      );
    }),
  );
  return { sentHeaders, finish: () => socket.write(body.slice(half)), answer };
}

function getJson(port: number, requestPath: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: requestPath, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('SIGTERM', () => {
  let dir: string;
  let pgDb: TestDatabase | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncmp-sigterm-'));
    if (process.env.TEST_DATABASE_URL) pgDb = await createTestDatabase();
  });
  afterAll(async () => {
    await pgDb?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every in-flight request, closes idle connections, refuses new ones, and exits 0', async () => {
    const env = pgDb ? { DATABASE_URL: pgDb.url } : { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'db') };
    const server = await startServer(env);
    const agent = new Agent({ keepAlive: true });
    try {
      // An idle keep-alive connection must not hold the drain up.
      expect(await getJson(server.port, '/fhir/metadata', agent)).toBe(200);
      const body = JSON.stringify({
        resourceType: 'Parameters',
        parameter: [
          { name: 'system', valueUri: NCMP_URL },
          { name: 'code', valueCode: 'AXDP05' },
        ],
      });
      const inFlight = Array.from({ length: 20 }, () => slowRequest(server.port, '/fhir/CodeSystem/$lookup', body));
      await Promise.all(inFlight.map((r) => r.sentHeaders));
      await sleep(300);

      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      await sleep(300);
      // No new connections once draining.
      await expect(getJson(server.port, '/health', new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      inFlight.forEach((r) => r.finish());
      const answers = await Promise.all(inFlight.map((r) => r.answer));
      for (const answer of answers) {
        expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        // Complete: the body has every byte its Content-Length announced.
        const text = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        expect(Buffer.byteLength(text)).toBe(Number(/\r\nContent-Length: (\d+)\r\n/i.exec(answer)?.[1]));
        expect((JSON.parse(text) as { resourceType: string }).resourceType).toBe('Parameters');
      }
      expect(await server.exited).toBe(0);
      // Well before the 10 s drain limit: the idle keep-alive connection did not hold it up.
      expect(Date.now() - signalledAt).toBeLessThan(5000);
      expect(server.log()).toMatch(/"msg":"draining in-flight requests"/);
      expect(server.log()).toMatch(/"msg":"stopped"/);
      expect(server.log()).not.toMatch(/"level":50/);
    } finally {
      agent.destroy();
      server.child.kill('SIGKILL');
    }
  }, 120_000);
});
