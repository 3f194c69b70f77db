import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connect, type DatabaseHandle } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';

/** A freshly migrated database for one test file, and the means to throw it away. */
export interface TestDatabase extends DatabaseHandle {
  /** For PostgreSQL runs: the connection string of this test's own database. */
  url?: string;
  destroy(): Promise<void>;
}

/**
 * Opens a new, empty, migrated database: an in-memory PGlite by default, or, when `TEST_DATABASE_URL`
 * is set, a new database created on that PostgreSQL server (dropped again by `destroy`).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await connect({ kind: 'pglite' });
    await migrateToLatest(handle.db);
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `ncmp_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await connect({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    destroy: async () => {
      await handle.close();
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The folder of the real NCMP source files (`../shared/data/ncmp-sources`), read by path, never copied. */
export const NCMP_SOURCES = require('node:path').resolve(__dirname, '../../../shared/data/ncmp-sources') as string;

/**
 * `describe` for tests of the real source files in `../shared`: they run when the folder is there; on a clone
 * with nothing beside it they are skipped, except in CI (`CI=true`), where a missing folder is a failure.
 */
export function describeWithSources(name: string, body: () => void, needs: string = NCMP_SOURCES): void {
  const present = require('node:fs').existsSync(needs) as boolean;
  if (present) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs ../shared/data/ncmp-sources beside the clone', () => {
        throw new Error(`${needs} is missing: CI runs the tests of the real source files`);
      });
    });
  } else {
    describe.skip(`${name} (no ../shared/data/ncmp-sources beside the clone)`, body);
  }
}
