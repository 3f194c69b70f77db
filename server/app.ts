import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { ping } from '../db/queries/health';
import type { Schema } from '../db/schema';
import type { Config } from './config';
import { negotiateFhirJson, sendResource } from './http/fhir-json';
import { adminRouter } from './http/admin-routes';
import { httpCaching } from './http/caching';
import { createMetrics, measureRequest, metricsEndpoint, type Metrics, type PoolStats } from './http/metrics';
import { FhirError, issue, operationOutcome } from './terminology/issues';
import { cachedAnswers, fhirRouter, operationRunner } from './http/routes';
import { fastOperations, type FastOperations } from './http/fast-operations';
import { forBodies, identifyRequest, lazyLogOn } from './http/request-log';
import { answerClientError, checkUrlLength, corsFor, securityHeaderSetter } from './http/security';
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

/** Seconds a client is asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** The Express app and the terminology service behind it (exposed so loaders can invalidate its cache). */
export interface App {
  app: express.Express;
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
  app.set('query parser', (text: string) => parseQueryString(text, '&', '=', { maxKeys: 0 }));
  // ETags come from httpCaching (content revision + answer) for GET and HEAD under /fhir only.
  app.set('etag', false);
  cacheParsedQuery(app);
  lazyLogOn(app.request, logger);
  // The front door, one step for every request: metrics, the request id and log, the security headers, CORS,
  // compression, the URL limit (what were six middlewares, in the same order).
  const logCompletions = logger.isLevelEnabled('info');
  const setSecurityHeaders = securityHeaderSetter();
  const cors = corsFor(config.corsOrigins ?? APP_DEFAULTS.corsOrigins);
  // gzip or br (by Accept-Encoding) for bodies of 1 kB and more: a whole-version $expand shrinks ~10×.
  // A request without Accept-Encoding is never compressed (the middleware falls back to identity), yet the
  // middleware would still wrap the response and inspect its headers: skip it, and say what it would say.
  const compress = compression({ threshold: COMPRESS_THRESHOLD_BYTES });
  const maxUrlBytes = config.maxUrlBytes ?? APP_DEFAULTS.maxUrlBytes;
  const limited = (req: Request, next: NextFunction): void => {
    try {
      checkUrlLength(req, maxUrlBytes);
    } catch (error) {
      next(error);
      return;
    }
    next();
  };
  const compressed = (req: Request, res: Response, next: NextFunction): void => {
    if (req.headers['accept-encoding'] !== undefined) {
      compress(req, res, (error?: unknown) => (error ? next(error) : limited(req, next)));
      return;
    }
    res.setHeader('Vary', 'Accept-Encoding');
    limited(req, next);
  };
  const frontDoor = (req: Request, res: Response, next: NextFunction): void => {
    measureRequest(metrics, res);
    identifyRequest(req, res, logger, logCompletions);
    setSecurityHeaders(res);
    if (cors) cors(req, res, (error?: unknown) => (error ? next(error) : compressed(req, res, next)));
    else compressed(req, res, next);
  };
  app.use(frontDoor);
  const runOperation = operationRunner(terminology);
  // GET and HEAD of an operation (the hot path) skip Express's router: the front door, then the answer.
  skipRouterFor(app, fastOperations({ terminology, metrics, runOperation }), frontDoor);

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
    cachedAnswers(terminology, metrics),
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
    fhirRouter({ terminology, publicBaseUrl: config.publicBaseUrl, runOperation }),
  );

  app.use(pageNotFound);
  app.use((req: Request) => {
    throw FhirError.notFound(`No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return { app, terminology, metrics };
}

/**
 * `req.query` parsed once per request: Express 5 parses the query string again on every read of it, and a
 * request reads it several times (negotiation, the parameters, the CSV check). The query string does not
 * change while a request is routed (a mount strips the path, never the query), so the first parse holds.
 */
function cacheParsedQuery(app: express.Express): void {
  const parse = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app.request) as object, 'query')?.get;
  if (!parse) return;
  const PARSED = Symbol('parsed query');
  Object.defineProperty(app.request, 'query', {
    configurable: true,
    enumerable: true,
    get(this: Request & { [PARSED]?: unknown }) {
      return (this[PARSED] ??= parse.call(this));
    },
  });
}

type Handle = (req: Request, res: Response, callback?: NextFunction) => void;

/**
 * Puts the operation fast path in front of Express's router: `app.handle` (what the app function calls, for the
 * HTTP server and for supertest alike) answers the requests `fast` takes itself, after preparing the request and
 * response as Express's `handle` does (prototypes, circular references, locals) and as its router does
 * (`originalUrl`, `baseUrl`), and running the front door. Errors go to the error handler, as routed errors do
 * (the pages' error handler in between passes every `/fhir` error on). Every other request is routed.
 */
function skipRouterFor(app: express.Express, fast: FastOperations, frontDoor: (req: Request, res: Response, next: NextFunction) => void): void {
  const routed = (app as unknown as { handle: Handle }).handle;
  const noop = (): void => undefined;
  (app as unknown as { handle: Handle }).handle = function handle(this: unknown, req: Request, res: Response, callback?: NextFunction): void {
    const match = callback === undefined ? fast.match(req) : undefined;
    if (match === undefined) return routed.call(this, req, res, callback);
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    if (!fast.takes(req)) return routed.call(this, req, res, callback);
    if (!res.locals) res.locals = Object.create(null) as Record<string, unknown>;
    req.originalUrl = req.originalUrl || req.url;
    req.baseUrl = '';
    const fail = (error: unknown): void => {
      try {
        errorHandler(error, req, res, noop);
      } catch (failure) {
        // What Express's final handler would do with an error handler that throws: no answer can be trusted.
        req.log?.error({ err: failure }, 'the error handler failed');
        res.destroy();
      }
    };
    try {
      frontDoor(req, res, (error?: unknown) => {
        if (error) fail(error);
        else fast.answer(req, res, match).catch(fail);
      });
    } catch (error) {
      fail(error);
    }
  };
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
export function createHttpServer(app: express.Express, config: { maxUrlBytes?: number } = {}): HttpServer {
  let draining = false;
  const maxUrlBytes = config.maxUrlBytes ?? APP_DEFAULTS.maxUrlBytes;
  const server = createServer({ maxHeaderSize: Math.max(16 * 1024, maxUrlBytes + 8 * 1024), ...messageClassesOf(app) }, (req, res) => {
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

/**
 * Request and response classes whose objects are born with the app's prototypes (`app.request`, `app.response`),
 * so that Express's `Object.setPrototypeOf` of every request and response (in `app.handle`) finds them set and
 * costs nothing: changing an object's prototype is one of the dearer steps of an answer otherwise. The objects
 * are Node's own (its constructors build them); only the prototype they start with differs.
 */
function messageClassesOf(app: express.Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  type Construct = (this: unknown, ...args: unknown[]) => void;
  function AppRequest(this: unknown, ...args: unknown[]): void {
    (IncomingMessage as unknown as Construct).apply(this, args);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: unknown, ...args: unknown[]): void {
    (ServerResponse as unknown as Construct).apply(this, args);
  }
  AppResponse.prototype = app.response;
  return { IncomingMessage: AppRequest as unknown as typeof IncomingMessage, ServerResponse: AppResponse as unknown as typeof ServerResponse };
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/** The one error handler: every error becomes an OperationOutcome; internals never reach the client. */
function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) {
    // Half an answer cannot be turned into an OperationOutcome: end the connection so the client sees it failed.
    req.log?.error({ err }, 'error after the response started');
    res.destroy();
    return;
  }
  if (err instanceof FhirError) {
    res.set(err.headers);
    sendResource(res, err.status, err.toOutcome());
    return;
  }
  const parserError = err as BodyParserError;
  if (parserError && typeof parserError.type === 'string') {
    const status = parserError.status ?? parserError.statusCode ?? 400;
    const text =
      parserError.type === 'entity.too.large'
        ? `Request body is larger than the limit of ${parserError.limit} bytes`
        : parserError.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON'
          : parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported'
            ? 'Request body encoding is not supported; send UTF-8'
            : `Request body could not be read (${parserError.type})`;
    const code = status === 413 ? 'too-costly' : 'invalid';
    sendResource(res, status < 500 ? status : 400, operationOutcome([issue({ severity: 'error', code, text })]));
    return;
  }
  if (err instanceof URIError) {
    // Express could not decode a path segment (`/fhir/ValueSet/%E0%A4%A`).
    sendResource(res, 400, operationOutcome([issue({ severity: 'error', code: 'invalid', text: 'The request path is not validly percent-encoded UTF-8' })]));
    return;
  }
  const exposed = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof exposed.status === 'number' && exposed.status >= 400 && exposed.status < 500 && exposed.expose === true && typeof exposed.message === 'string') {
    // A client error raised by Express or a middleware (http-errors), whose message is meant for the client.
    sendResource(res, exposed.status, operationOutcome([issue({ severity: 'error', code: 'invalid', text: exposed.message })]));
    return;
  }
  const requestId = String(req.id ?? '');
  // The id is in the log line and in the answer (body and header), so a reported failure can be found.
  res.setHeader('X-Request-Id', requestId);
  const trouble = databaseTrouble(err);
  if (trouble) {
    req.log?.warn({ err }, trouble === 'timeout' ? 'database statement timed out' : 'database unavailable');
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    sendResource(
      res,
      503,
      operationOutcome([
        trouble === 'timeout'
          ? issue({ severity: 'error', code: 'timeout', text: `The terminology database did not answer in time; try again (request id ${requestId})` })
          : issue({ severity: 'error', code: 'transient', text: `The terminology database is unavailable; try again shortly (request id ${requestId})` }),
      ]),
    );
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  sendResource(
    res,
    500,
    operationOutcome([
      issue({ severity: 'fatal', code: 'exception', text: `Internal server error (request id ${requestId})` }),
    ]),
  );
}
