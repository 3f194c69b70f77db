/**
 * Brings the configured database to the newest schema: `npm run migrate`.
 * Reads DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded store, default ./data/pglite) like the server.
 */
import { mkdirSync } from 'node:fs';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../server/config';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
  const handle = await connect(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDir });
  try {
    const result = await migrateToLatest(handle.db);
    const applied = result.results?.map((r) => r.migrationName) ?? [];
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
