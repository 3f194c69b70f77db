/**
 * Migrates the configured database and loads the shipped content (and NCMP_IMPORT_MANIFEST), then exits:
 * the one-shot `init` service of docker-compose.yml, run once before the replicas start, so that they find
 * the content current rather than race to load it.
 */
import pino from 'pino';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../server/config';
import { ensureContent } from '../server/content';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set: prepare is for a shared PostgreSQL');
  const logger = pino({ level: config.logLevel });
  const handle = await connect({ kind: 'postgres', url: config.databaseUrl });
  try {
    await migrateToLatest(handle.db);
    await ensureContent(handle.db, { manifest: config.importManifest, logger, fhirCore: true });
    logger.info('database prepared');
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`prepare failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
