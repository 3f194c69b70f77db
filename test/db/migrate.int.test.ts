import { sql } from 'kysely';
import { migrateToLatest } from '../../db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

describe('migrations', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.destroy();
  });

  it('create every table of the terminology store', async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(tdb.db);
    const tables = rows.rows.map((r) => r.table_name);
    for (const t of ['code_system', 'code_system_alias', 'code_system_version', 'concept', 'value_set', 'concept_map', 'concept_map_element', 'content_revision']) {
      expect(tables).toContain(t);
    }
  });

  it('are idempotent: running them again applies nothing', async () => {
    const result = await migrateToLatest(tdb.db);
    expect(result.results).toEqual([]);
  });

  it('keep dates as ISO strings', async () => {
    const row = await sql<{ d: unknown }>`select date '2021-01-01' as d`.execute(tdb.db);
    expect(row.rows[0]?.d).toBe('2021-01-01');
  });
});
