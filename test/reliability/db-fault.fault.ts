// Database faults on a real PostgreSQL: the server is stopped (`pg_ctl stop -m fast`) under a stream of
// requests and started again. Meanwhile the app answers 503 OperationOutcomes with Retry-After (never a
// 500, never a hang), `/ready` fails, and afterwards it answers 200 again by itself, without a restart.
//
// It stops the whole PostgreSQL server, so it must not share it with other test files: it is not a
// `*.test.ts` (the default run skips it) and CI runs it alone after the PostgreSQL test pass:
//   node --experimental-vm-modules node_modules/jest/bin/jest.js --testMatch '**/*.fault.ts'
// Needs TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR and TEST_PG_PORT (see .ci/run); as root,
// pg_ctl runs as TEST_PG_USER (default postgres).
import { execFile } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp, createHttpServer } from '../../server/app';
import { ensureContent } from '../../server/content';
import { NCMP_URL } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { assertOperationOutcome } from './support';

const run = promisify(execFile);
const { TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR, TEST_PG_PORT } = process.env;
const configured = Boolean(TEST_DATABASE_URL && TEST_PG_BIN_DIR && TEST_PG_DATA_DIR && TEST_PG_PORT);

/** pg_ctl on the test cluster, as its owner when this runs as root (pg_ctl refuses to run as root). */
async function pgCtl(...args: string[]): Promise<string> {
  const pgCtlPath = path.join(TEST_PG_BIN_DIR!, 'pg_ctl');
  const user = process.env.TEST_PG_USER ?? 'postgres';
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'runuser' : pgCtlPath;
  const argv = asRoot ? ['-u', user, '--', pgCtlPath, '-D', TEST_PG_DATA_DIR!, ...args] : ['-D', TEST_PG_DATA_DIR!, ...args];
  try {
    const { stdout } = await run(command, argv, { cwd: '/', timeout: 60_000 });
    return stdout;
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout?: string; stderr?: string; code?: number };
    // `pg_ctl status` exits 3 when the server is not running: an answer, not a failure.
    if (args[0] === 'status' && code === 3) return stdout ?? '';
    throw new Error(`pg_ctl ${args.join(' ')} failed: ${stderr ?? ''}${stdout ?? ''}`);
  }
}

const logFile = (): string => process.env.TEST_PG_LOG_FILE ?? path.join(TEST_PG_DATA_DIR!, 'fault-test.log');
const startPostgres = (): Promise<string> => pgCtl('start', '-w', '-t', '60', '-l', logFile());
const stopPostgres = (): Promise<string> => pgCtl('stop', '-m', 'fast', '-w', '-t', '60');
const isRunning = async (): Promise<boolean> => /server is running/.test(await pgCtl('status'));

interface Sample {
  at: number;
  path: string;
  status: number;
  retryAfter: string | undefined;
  body: string;
}

const describeIfConfigured = configured ? describe : describe.skip;

describeIfConfigured(
  configured ? 'a PostgreSQL outage under load' : 'a PostgreSQL outage under load (skipped: needs TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR, TEST_PG_PORT as .ci/run sets them)',
  () => {
    let db: TestDatabase;
    afterAll(async () => {
      // Whatever happened, leave the server running for the rest of CI.
      if (!(await isRunning())) await startPostgres();
      await db?.destroy();
    });

    it('answers 503 with Retry-After while the database is down, and 200 again once it is back, without a restart', async () => {
      db = await createTestDatabase();
      await ensureContent(db.db, {});
      const { app } = createApp({ db: db.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined } });
      const { server } = createHttpServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const paths = [
        `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=AXDP05`,
        `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}&code=OAEA00&date=2021-06-01`,
        '/fhir/metadata?mode=terminology',
        '/ready',
      ];
      const samples: Sample[] = [];
      const ask = (p: string): Promise<Sample> =>
        new Promise((resolve, reject) => {
          const at = Date.now();
          const req = httpRequest({ host: '127.0.0.1', port, path: p, agent, timeout: 15_000 }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString('utf8')));
            res.on('end', () => resolve({ at, path: p, status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
          });
          req.on('timeout', () => req.destroy(new Error(`no answer within 15 s to ${p}`)));
          req.on('error', reject);
          req.end();
        });

      // A steady stream of requests, four at a time, for as long as the test runs.
      let streaming = true;
      const errors: unknown[] = [];
      const stream = Promise.all(
        paths.map(async (p, i) => {
          await new Promise((r) => setTimeout(r, i * 10));
          while (streaming) {
            try {
              samples.push(await ask(p));
            } catch (error) {
              errors.push(error);
            }
            await new Promise((r) => setTimeout(r, 40));
          }
        }),
      );
      const waitFor = async (what: string, done: () => boolean, ms: number): Promise<void> => {
        const until = Date.now() + ms;
        while (!done()) {
          if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last samples: ${JSON.stringify(samples.slice(-4))}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const since = (t: number): Sample[] => samples.filter((s) => s.at >= t);

      try {
        await waitFor('200s before the outage', () => samples.filter((s) => s.status === 200).length >= 12, 20_000);
        const stoppedAt = Date.now();
        await stopPostgres();
        await waitFor('503s during the outage', () => since(stoppedAt).filter((s) => s.status === 503 && s.path !== '/ready').length >= 6, 20_000);
        const startedAt = Date.now();
        await startPostgres();
        await waitFor('200s after the database is back', () => {
          const recent = since(startedAt).slice(-12);
          return recent.length === 12 && recent.every((s) => s.status === 200);
        }, 30_000);
      } finally {
        streaming = false;
        await stream;
        agent.destroy();
        await new Promise((resolve) => server.close(resolve));
      }

      expect(errors).toEqual([]);
      const statuses = new Set(samples.map((s) => s.status));
      expect([...statuses].sort()).toEqual([200, 503]);
      for (const s of samples.filter((x) => x.status === 503)) {
        expect(s.retryAfter).toBe('5');
        if (s.path === '/ready') expect(JSON.parse(s.body)).toEqual({ status: 'database unavailable' });
        else {
          const outcome = JSON.parse(s.body) as { issue: { code: string }[] };
          assertOperationOutcome(outcome, s.path);
          expect(['transient', 'timeout']).toContain(outcome.issue[0]!.code);
        }
      }
      expect(samples.some((s) => s.path === '/ready' && s.status === 503)).toBe(true);
    }, 150_000);
  },
);
