// `npm start` as the README gives it: the second start does not rebuild a current build, and SIGTERM to the
// npm process (what a process manager or `docker stop` sends) reaches node, which drains and exits. On PGlite the
// first start takes the packaged database that the build made.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const ROOT = path.resolve(__dirname, '../..');
const MAIN_JS = path.join(ROOT, 'dist/server/main.js');

interface Started {
  child: ChildProcess;
  port: number;
  log: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start` on a free port; resolves once the server logs that it listens. */
function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not listen:\n${log}`));
    }, 150_000);
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
      reject(new Error(`npm start exited (${code}) before it listened:\n${log}`));
    });
  });
}

/** Whether anything still accepts connections on the port. */
async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  let dir: string;
  let pgDb: TestDatabase | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncmp-npm-start-'));
    if (process.env.TEST_DATABASE_URL) pgDb = await createTestDatabase();
  });
  afterAll(async () => {
    await pgDb?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds at most once, and SIGTERM to npm drains the server and ends both processes', async () => {
    const env = pgDb ? { DATABASE_URL: pgDb.url } : { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'db') };
    for (const round of [1, 2]) {
      const builtBefore = round === 2 ? statSync(MAIN_JS).mtimeMs : undefined;
      const server = await npmStart(env);
      try {
        const res = await fetch(`http://127.0.0.1:${server.port}/fhir/metadata`);
        expect(res.status).toBe(200);
        // The second start found the build current: nothing was compiled again.
        if (builtBefore !== undefined) expect(statSync(MAIN_JS).mtimeMs).toBe(builtBefore);
        // On PGlite the first start unpacks the build's packaged database (no initdb, no import); the second
        // finds its database.
        if (!pgDb) {
          const fromTemplate = /"msg":"new database from the packaged PGlite template"/.test(server.log());
          expect(fromTemplate).toBe(round === 1);
          expect(server.log()).not.toMatch(/new database without the packaged template/);
        }
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        expect(server.log()).toMatch(/"signal":"SIGTERM","msg":"draining in-flight requests"/);
        expect(server.log()).toMatch(/"msg":"stopped"/);
        expect(await listening(server.port)).toBe(false);
      } finally {
        server.child.kill('SIGKILL');
      }
    }
  }, 300_000);
});
