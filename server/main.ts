import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import pino from 'pino';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { ensureContent } from './content';

/** Starts the server: configuration, database, migrations, content, HTTP; drains on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
  const handle = await connect(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDir },
  );
  logger.info({ database: handle.kind, ...(handle.kind === 'pglite' ? { dir: config.pgliteDir } : {}) }, 'database connected');
  await migrateToLatest(handle.db);
  const started = Date.now();
  await ensureContent(handle.db, { manifest: config.importManifest, logger });
  logger.info({ ms: Date.now() - started }, 'content ready');

  const { app } = createApp({ db: handle.db, config, logger });
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info({ url: `http://${config.host}:${config.port}/fhir/metadata` }, 'listening');
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    const force = setTimeout(() => {
      logger.warn('drain timed out; closing connections');
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(() => {
      handle
        .close()
        .catch((err: unknown) => logger.error({ err }, 'closing the database failed'))
        .finally(() => {
          logger.info('stopped');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
