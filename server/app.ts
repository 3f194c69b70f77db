import compression from 'compression';
import express, { type Request } from 'express';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { ping } from '../db/queries/health';
import type { Schema } from '../db/schema';
import type { Config } from './config';
import { negotiateFhirJson } from './http/fhir-json';
import { adminRouter } from './http/admin-routes';
import { httpCaching } from './http/caching';
import { createMetrics, measureRequest, metricsEndpoint, type Metrics, type PoolStats } from './http/metrics';
import { FhirError } from './terminology/issues';
import { msg } from './terminology/messages';
import { fhirRouter } from './http/routes';
import { errorMiddleware, RETRY_AFTER_SECONDS } from './http/errors';
import { operationListener, parseQuery, type FrontDoor, type QuickDoor } from './http/operation-listener';
import { forBodies, identifyRequest, lazyLogOn, nameRequest } from './http/request-log';
import { answerClientError, checkUrlLength, corsFor, securityHeaderList, securityHeaderSetter } from './http/security';
import { databaseTrouble } from './database-trouble';
import { pageError, pageNotFound, pagesRouter } from './pages/routes';
import { SnapshotCache } from './terminology/snapshot-cache';

/** What the app needs from its surroundings; tests and `main.ts` build it the same way. */
export interface AppContext {
  db: Kysely<Schema>;
  /**
   * What the app reads of the configuration. Optional parts left out: no admin token (writes off), and
   * `APP_DEFAULTS` for the rest (no CORS, the default write and URL limits).
   */
  config: Pick<Config, 'maxBodyBytes' | 'publicBaseUrl'> & Partial<Pick<Config, 'maxWriteBodyBytes' | 'maxUrlBytes' | 'adminToken' | 'corsOrigins'>>;
  logger?: Logger;
  /** The database pool's connection counts, for `/metrics` (PostgreSQL only). */
  poolStats?: () => PoolStats;
}

/** The values `createApp` uses for optional configuration it is not given (as `loadConfig`'s defaults). */
export const APP_DEFAULTS = {
  maxWriteBodyBytes: 32 * 1024 * 1024,
  maxUrlBytes: 8 * 1024,
  corsOrigins: [] as string[],
} as const;

export { databaseTrouble };

/** Answers smaller than this go uncompressed: below it compression saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** How long `/ready` waits for the database ping before it reports the database unavailable. */
export const READY_PING_TIMEOUT_MS = 2000;

export { RETRY_AFTER_SECONDS };

/**
 * The app as Node serves it: a request listener (for `http.createServer`, supertest, `createHttpServer`), with
 * `listen` as Express's app has it (a plain HTTP server around the listener).
 */
export type AppListener = RequestListener & { listen: Server['listen'] };

/** The app's request listener and the terminology service behind it (exposed so loaders can invalidate its cache). */
export interface App {
  app: AppListener;
  terminology: SnapshotCache;
  /** The app's Prometheus metrics (`/metrics`); loaders record their imports here. */
  metrics: Metrics;
}

/**
 * Builds the HTTP application: FHIR API under `/fhir` (reads, operations, and the token-guarded writes),
 * the HTML pages under `/`, `/health`, `/ready`, security headers, optional CORS, request limits, and one error handler.
 */
export function createApp({ db, config, logger = pino({ level: 'silent' }), poolStats }: AppContext): App {
  const terminology = new SnapshotCache(db, 1000, logger);
  const metrics = createMetrics({ db, terminology, poolStats });
  const app = express();
  app.disable('x-powered-by');
  // FHIR query strings are flat name=value pairs; a repeated name gives an array. Not qs ('extended'): it
  // turns a name repeated more than 20 times into an object (a 400 where the repeat limit says 413) and
  // builds nested objects from brackets. No key limit either: MAX_URL_BYTES already bounds the input.
  app.set('query parser', parseQuery);
  // ETags come from the caching headers (content revision + answer) for GET and HEAD under /fhir only.
  app.set('etag', false);
  lazyLogOn(app.request, logger);
  // The front door, one step for every request: metrics, the request id and log, the security headers, CORS,
  // compression, the URL limit (what were six middlewares, in the same order).
  const logCompletions = logger.isLevelEnabled('info');
  const securityHeaders = securityHeaderList();
  const setSecurityHeaders = securityHeaderSetter(securityHeaders);
  const cors = corsFor(config.corsOrigins ?? APP_DEFAULTS.corsOrigins);
  // gzip or br (by Accept-Encoding) for bodies of 1 kB and more: a whole-version $expand shrinks ~10×.
  // A request without Accept-Encoding is never compressed (the middleware falls back to identity), yet the
  // middleware would still wrap the response and inspect its headers: skip it, and say what it would say.
  const compress = compression({ threshold: COMPRESS_THRESHOLD_BYTES });
  const maxUrlBytes = config.maxUrlBytes ?? APP_DEFAULTS.maxUrlBytes;
  const limited = (req: IncomingMessage, next: (error?: unknown) => void): void => {
    try {
      checkUrlLength(req, maxUrlBytes);
    } catch (error) {
      next(error);
      return;
    }
    next();
  };
  const compressed = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (req.headers['accept-encoding'] !== undefined) {
      // The middleware reads and wraps only Node's own request and response: it works on both paths.
      compress(req as Request, res as express.Response, (error?: unknown) => (error ? next(error) : limited(req, next)));
      return;
    }
    res.setHeader('Vary', 'Accept-Encoding');
    limited(req, next);
  };
  // Express's requests and responses and Node's own (the operation listener's) pass the same front door.
  const frontDoor: FrontDoor = (req, res, next) => {
    measureRequest(metrics, res);
    identifyRequest(req, res, logger, logCompletions);
    setSecurityHeaders(res);
    if (cors) cors(req as Request, res as express.Response, (error?: unknown) => (error ? next(error) : compressed(req, res, next)));
    else compressed(req, res, next);
  };
  app.use(frontDoor);
  // The same front door for the operation listener's requests that it would set no header on but its own (no
  // CORS configured, no compression asked for): its headers go out with the answer, in one block.
  const quickDoor: QuickDoor | undefined = cors
    ? undefined
    : {
        enter: (req, res) => {
          measureRequest(metrics, res);
          nameRequest(req, res, logger, logCompletions);
          checkUrlLength(req, maxUrlBytes);
        },
        headers: {
          fixed: securityHeaders.flat(),
          vary: 'Accept-Encoding',
          names: new Set(['x-request-id', 'vary', ...securityHeaders.map(([name]) => name.toLowerCase())]),
        },
      };

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Outside the FHIR base: for Prometheus, not for FHIR clients.
  app.get('/metrics', metricsEndpoint(metrics));
  // For load balancers. 200 `ready`: all is well. 200 `degraded`: the database is unreachable but the
  // content held in memory is served (reads answer 200, writes 503), so the replica stays in rotation.
  // 503: nothing can be answered (the database is down and no content is held yet), or draining.
  // `/health` is liveness only: 200 whenever the process answers, database or not.
  app.get('/ready', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ping(db),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('database ping timed out'), { code: '57014' })), READY_PING_TIMEOUT_MS);
        }),
      ]);
      terminology.noteDatabase(undefined);
      res.json({ status: 'ready' });
    } catch (error) {
      terminology.noteDatabase(databaseTrouble(error) ? error : Object.assign(new Error('database ping failed'), { code: '08006', cause: error }));
      const revision = terminology.servedRevision();
      if (revision !== undefined) {
        res.json({ status: 'degraded', database: 'unavailable', revision, since: terminology.degraded()?.since.toISOString() });
      } else {
        res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json({ status: 'database unavailable' });
      }
    } finally {
      clearTimeout(timer);
    }
  });

  // Pages for people (HTML) under `/`, outside the FHIR base; a failing page is a page, not an OperationOutcome.
  app.use(pagesRouter(terminology), pageError);

  const bodyLimit = config.maxBodyBytes;
  app.use(
    '/fhir',
    httpCaching(terminology),
    negotiateFhirJson,
    // Writes, then the body parsers: only for methods with a body, so the GET hot path skips them.
    // The admin router comes before the read router (which answers 405 to PUT and POST on a type).
    forBodies(
      adminRouter({
        db,
        terminology,
        adminToken: config.adminToken,
        maxBodyBytes: config.maxWriteBodyBytes ?? APP_DEFAULTS.maxWriteBodyBytes,
        publicBaseUrl: config.publicBaseUrl,
      }),
      express.json({ type: ['application/json', 'application/fhir+json', 'application/json+fhir'], limit: bodyLimit }),
      express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 200 }),
    ),
    fhirRouter({ terminology, metrics, publicBaseUrl: config.publicBaseUrl }),
  );

  app.use(pageNotFound);
  app.use((req: Request) => {
    throw FhirError.notFound(msg('NCMP_NO_ROUTE', req.method, req.path));
  });
  app.use(errorMiddleware);
  // GET and HEAD of an operation (the hot path) are answered without Express; everything else is Express's.
  const listener = operationListener({ terminology, metrics, frontDoor, quickDoor, routed: app, logger }) as AppListener;
  listener.listen = ((...args: unknown[]) => (createServer(listener).listen as (...a: unknown[]) => Server)(...args)) as Server['listen'];
  return { app: listener, terminology, metrics };
}

/** An HTTP server around the app, and the switch that starts its drain. */
export interface HttpServer {
  server: Server;
  /** From now on: every answer closes its connection, and `/ready` answers 503 (load balancers stop sending). */
  startDraining(): void;
}

/**
 * The Node HTTP server for `app` (what `main.ts` listens with): room in the header limit for the longest
 * URL accepted, so that an over-long URL gets the app's 414 rather than the parser's bare 431, and an
 * OperationOutcome for what the parser refuses before Express sees it.
 */
export function createHttpServer(app: RequestListener, config: { maxUrlBytes?: number } = {}): HttpServer {
  let draining = false;
  const maxUrlBytes = config.maxUrlBytes ?? APP_DEFAULTS.maxUrlBytes;
  const server = createServer({ maxHeaderSize: Math.max(16 * 1024, maxUrlBytes + 8 * 1024) }, (req, res) => {
    if (draining) {
      res.setHeader('Connection', 'close');
      if (req.url?.split('?')[0] === '/ready') {
        res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': String(RETRY_AFTER_SECONDS) });
        res.end(JSON.stringify({ status: 'stopping' }));
        return;
      }
    }
    app(req, res);
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000;
  return {
    server,
    startDraining: () => {
      draining = true;
    },
  };
}
