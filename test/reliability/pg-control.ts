// Stopping and starting the real PostgreSQL server of a fault test (`*.fault.ts`), as .ci/run sets it up:
// TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR, TEST_PG_PORT, TEST_PG_LOG_FILE and TEST_PG_USER.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const env = process.env;

/** Whether the environment names a PostgreSQL server this test may stop and start. */
export const pgControlConfigured = Boolean(env.TEST_DATABASE_URL && env.TEST_PG_BIN_DIR && env.TEST_PG_DATA_DIR && env.TEST_PG_PORT);

/** pg_ctl on the test cluster, as its owner when this runs as root (pg_ctl refuses to run as root). */
export async function pgCtl(...args: string[]): Promise<string> {
  const pgCtlPath = path.join(env.TEST_PG_BIN_DIR!, 'pg_ctl');
  const user = env.TEST_PG_USER ?? 'postgres';
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'runuser' : pgCtlPath;
  const argv = asRoot ? ['-u', user, '--', pgCtlPath, '-D', env.TEST_PG_DATA_DIR!, ...args] : ['-D', env.TEST_PG_DATA_DIR!, ...args];
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

const logFile = (): string => env.TEST_PG_LOG_FILE ?? path.join(env.TEST_PG_DATA_DIR!, 'fault-test.log');
export const startPostgres = (): Promise<string> => pgCtl('start', '-w', '-t', '60', '-l', logFile());
export const stopPostgres = (): Promise<string> => pgCtl('stop', '-m', 'fast', '-w', '-t', '60');
export const postgresRunning = async (): Promise<boolean> => /server is running/.test(await pgCtl('status'));

/**
 * `describe` for a fault test: it runs when the environment names a PostgreSQL server to stop and start; on a
 * developer machine without one it is skipped, but in CI (`CI=true`) a missing environment is a failure.
 */
export function describeWithPgControl(name: string, body: () => void): void {
  if (pgControlConfigured) {
    describe(name, body);
  } else if (env.CI === 'true') {
    describe(name, () => {
      it('needs TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR and TEST_PG_PORT (as .ci/run sets them)', () => {
        throw new Error('CI runs the fault tests on a real PostgreSQL server: set the TEST_PG_* variables as .ci/run does');
      });
    });
  } else {
    describe.skip(`${name} (skipped: needs TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR, TEST_PG_PORT as .ci/run sets them)`, body);
  }
}
