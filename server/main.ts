import pino from 'pino';
import { connect, listenForContentChanges } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { createApp, createHttpServer } from './app';
import { ConfigError, loadConfig } from './config';
import { ensureContent } from './content';
import { preparePgliteDir } from './pglite-template';

/** How long SIGTERM waits for in-flight requests before it closes their connections. */
const DRAIN_TIMEOUT_MS = 10_000;

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
  if (!config.databaseUrl) {
    // A first start on an empty folder unpacks the build's packaged database (migrated, shipped content loaded)
    // rather than running initdb and the import; the migrations and the content check below run either way.
    const prepared = preparePgliteDir(config.pgliteDir, { enabled: config.pgliteTemplate });
    if (prepared.outcome === 'unpacked') {
      logger.info({ dir: config.pgliteDir, template: prepared.key, ms: Math.round(prepared.ms) }, 'new database from the packaged PGlite template');
    } else if (prepared.outcome === 'skipped' && prepared.reason !== 'folder not empty') {
      const level = prepared.reason === 'disabled' ? 'info' : 'warn';
      logger[level](
        { dir: config.pgliteDir, reason: prepared.reason, ...(prepared.detail ? { detail: prepared.detail } : {}) },
        'new database without the packaged template: initdb and import (slower, more memory; npm run build makes the template)',
      );
    }
  }
  const handle = await connect(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, statementTimeoutMs: config.dbStatementTimeoutMs }
      : { kind: 'pglite', dataDir: config.pgliteDir },
  );
  logger.info({ database: handle.kind, ...(handle.kind === 'pglite' ? { dir: config.pgliteDir } : {}) }, 'database connected');
  await migrateToLatest(handle.db);
  const { app, metrics, terminology } = createApp({ db: handle.db, config, logger, poolStats: handle.poolStats });
  // Another replica's write or import reaches this one at once by NOTIFY; the revision poll is the fallback.
  const listener = config.databaseUrl
    ? listenForContentChanges(
        config.databaseUrl,
        () => terminology.invalidate(),
        (err) => logger.warn({ err }, 'content change listener lost its connection; retrying (polling meanwhile)'),
      )
    : undefined;
  const started = Date.now();
  try {
    await ensureContent(handle.db, { manifest: config.importManifest, logger, fhirCore: true });
  } catch (error) {
    metrics.imports.inc({ source: 'startup', outcome: 'failed' });
    throw error;
  }
  metrics.imports.inc({ source: 'startup', outcome: 'loaded' });
  metrics.importSeconds.observe({ source: 'startup' }, (Date.now() - started) / 1000);
  logger.info({ ms: Date.now() - started }, 'content ready');

  const { server, startDraining } = createHttpServer(app, config);
  server.on('error', (err) => {
    logger.fatal({ err }, 'the HTTP server failed');
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    logger.info({ port, url: `http://${config.host}:${port}/fhir/metadata` }, 'listening');
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    startDraining();
    logger.info({ signal }, 'draining in-flight requests');
    const force = setTimeout(() => {
      logger.warn('drain timed out; closing connections');
      server.closeAllConnections();
    }, DRAIN_TIMEOUT_MS);
    force.unref();
    // A keep-alive connection whose last answer went out before the signal lacks `Connection: close`:
    // close such connections whenever they fall idle, so that close() is not left waiting on them.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    server.close(() => {
      clearInterval(sweep);
      Promise.resolve(listener?.stop())
        .then(() => handle.close())
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
