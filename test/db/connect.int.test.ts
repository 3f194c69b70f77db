import { sql } from 'kysely';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

// PostgreSQL only: PGlite has no server to lose.
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('a PostgreSQL connection that dies while checked out', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('does not crash the process; the failed work reports an error and the next query gets a new connection', async () => {
    const killer = new Client({ connectionString: db.url });
    await killer.connect();
    try {
      const work = db.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Terminated between two queries: the backend sends FATAL 57P01 to a client with no query running.
        await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 1`.execute(trx);
      });
      await expect(work).rejects.toThrow();
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db.db);
      expect(rows[0]!.ok).toBe(1);
    } finally {
      await killer.end();
    }
  });
});
