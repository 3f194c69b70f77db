"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RETRY_AFTER_SECONDS = exports.READY_PING_TIMEOUT_MS = exports.COMPRESS_THRESHOLD_BYTES = exports.databaseTrouble = exports.APP_DEFAULTS = void 0;
exports.createApp = createApp;
exports.createHttpServer = createHttpServer;
const compression_1 = __importDefault(require("compression"));
const express_1 = __importDefault(require("express"));
const node_http_1 = require("node:http");
const node_querystring_1 = require("node:querystring");
const pino_1 = __importDefault(require("pino"));
const health_1 = require("../db/queries/health");
const fhir_json_1 = require("./http/fhir-json");
const admin_routes_1 = require("./http/admin-routes");
const caching_1 = require("./http/caching");
const metrics_1 = require("./http/metrics");
const outcome_1 = require("./fhir/outcome");
const routes_1 = require("./http/routes");
const fast_operations_1 = require("./http/fast-operations");
const request_log_1 = require("./http/request-log");
const security_1 = require("./http/security");
const database_trouble_1 = require("./database-trouble");
Object.defineProperty(exports, "databaseTrouble", { enumerable: true, get: function () { return database_trouble_1.databaseTrouble; } });
const routes_2 = require("./pages/routes");
const terminology_1 = require("./terminology/terminology");
/** The values `createApp` uses for optional configuration it is not given (as `loadConfig`'s defaults). */
exports.APP_DEFAULTS = {
    maxWriteBodyBytes: 32 * 1024 * 1024,
    maxUrlBytes: 8 * 1024,
    corsOrigins: [],
};
/** Answers smaller than this go uncompressed: below it compression saves less than it costs. */
exports.COMPRESS_THRESHOLD_BYTES = 1024;
/** How long `/ready` waits for the database ping before it reports the database unavailable. */
exports.READY_PING_TIMEOUT_MS = 2000;
/** Seconds a client is asked to wait before retrying when the database is unavailable. */
exports.RETRY_AFTER_SECONDS = 5;
/**
 * Builds the HTTP application: FHIR API under `/fhir` (reads, operations, and the token-guarded writes),
 * the HTML pages under `/`, `/health`, `/ready`, security headers, optional CORS, request limits, and one error handler.
 */
function createApp({ db, config, logger = (0, pino_1.default)({ level: 'silent' }), poolStats }) {
    const terminology = new terminology_1.SnapshotCache(db, 1000, logger);
    const metrics = (0, metrics_1.createMetrics)({ db, terminology, poolStats });
    const app = (0, express_1.default)();
    app.disable('x-powered-by');
    // FHIR query strings are flat name=value pairs; a repeated name gives an array. Not qs ('extended'): it
    // turns a name repeated more than 20 times into an object (a 400 where the repeat limit says 413) and
    // builds nested objects from brackets. No key limit either: MAX_URL_BYTES already bounds the input.
    app.set('query parser', (text) => (0, node_querystring_1.parse)(text, '&', '=', { maxKeys: 0 }));
    // ETags come from httpCaching (content revision + answer) for GET and HEAD under /fhir only.
    app.set('etag', false);
    cacheParsedQuery(app);
    (0, request_log_1.lazyLogOn)(app.request, logger);
    // The front door, one step for every request: metrics, the request id and log, the security headers, CORS,
    // compression, the URL limit (what were six middlewares, in the same order).
    const logCompletions = logger.isLevelEnabled('info');
    const setSecurityHeaders = (0, security_1.securityHeaderSetter)();
    const cors = (0, security_1.corsFor)(config.corsOrigins ?? exports.APP_DEFAULTS.corsOrigins);
    // gzip or br (by Accept-Encoding) for bodies of 1 kB and more: a whole-version $expand shrinks ~10×.
    // A request without Accept-Encoding is never compressed (the middleware falls back to identity), yet the
    // middleware would still wrap the response and inspect its headers: skip it, and say what it would say.
    const compress = (0, compression_1.default)({ threshold: exports.COMPRESS_THRESHOLD_BYTES });
    const maxUrlBytes = config.maxUrlBytes ?? exports.APP_DEFAULTS.maxUrlBytes;
    const limited = (req, next) => {
        try {
            (0, security_1.checkUrlLength)(req, maxUrlBytes);
        }
        catch (error) {
            next(error);
            return;
        }
        next();
    };
    const compressed = (req, res, next) => {
        if (req.headers['accept-encoding'] !== undefined) {
            compress(req, res, (error) => (error ? next(error) : limited(req, next)));
            return;
        }
        res.setHeader('Vary', 'Accept-Encoding');
        limited(req, next);
    };
    const frontDoor = (req, res, next) => {
        (0, metrics_1.measureRequest)(metrics, res);
        (0, request_log_1.identifyRequest)(req, res, logger, logCompletions);
        setSecurityHeaders(res);
        if (cors)
            cors(req, res, (error) => (error ? next(error) : compressed(req, res, next)));
        else
            compressed(req, res, next);
    };
    app.use(frontDoor);
    const runOperation = (0, routes_1.operationRunner)(terminology);
    // GET and HEAD of an operation (the hot path) skip Express's router: the front door, then the answer.
    skipRouterFor(app, (0, fast_operations_1.fastOperations)({ terminology, metrics, runOperation }), frontDoor);
    app.get('/health', (_req, res) => {
        res.json({ status: 'ok' });
    });
    // Outside the FHIR base: for Prometheus, not for FHIR clients.
    app.get('/metrics', (0, metrics_1.metricsEndpoint)(metrics));
    // For load balancers. 200 `ready`: all is well. 200 `degraded`: the database is unreachable but the
    // content held in memory is served (reads answer 200, writes 503), so the replica stays in rotation.
    // 503: nothing can be answered (the database is down and no content is held yet), or draining.
    // `/health` is liveness only: 200 whenever the process answers, database or not.
    app.get('/ready', async (_req, res) => {
        let timer;
        try {
            await Promise.race([
                (0, health_1.ping)(db),
                new Promise((_, reject) => {
                    timer = setTimeout(() => reject(Object.assign(new Error('database ping timed out'), { code: '57014' })), exports.READY_PING_TIMEOUT_MS);
                }),
            ]);
            terminology.noteDatabase(undefined);
            res.json({ status: 'ready' });
        }
        catch (error) {
            terminology.noteDatabase((0, database_trouble_1.databaseTrouble)(error) ? error : Object.assign(new Error('database ping failed'), { code: '08006', cause: error }));
            const revision = terminology.servedRevision();
            if (revision !== undefined) {
                res.json({ status: 'degraded', database: 'unavailable', revision, since: terminology.degraded()?.since.toISOString() });
            }
            else {
                res.status(503).set('Retry-After', String(exports.RETRY_AFTER_SECONDS)).json({ status: 'database unavailable' });
            }
        }
        finally {
            clearTimeout(timer);
        }
    });
    // Pages for people (HTML) under `/`, outside the FHIR base; a failing page is a page, not an OperationOutcome.
    app.use((0, routes_2.pagesRouter)(terminology), routes_2.pageError);
    const bodyLimit = config.maxBodyBytes;
    app.use('/fhir', (0, caching_1.httpCaching)(terminology), (0, routes_1.cachedAnswers)(terminology, metrics), fhir_json_1.negotiateFhirJson, 
    // Writes, then the body parsers: only for methods with a body, so the GET hot path skips them.
    // The admin router comes before the read router (which answers 405 to PUT and POST on a type).
    (0, request_log_1.forBodies)((0, admin_routes_1.adminRouter)({
        db,
        terminology,
        adminToken: config.adminToken,
        maxBodyBytes: config.maxWriteBodyBytes ?? exports.APP_DEFAULTS.maxWriteBodyBytes,
        publicBaseUrl: config.publicBaseUrl,
    }), express_1.default.json({ type: ['application/json', 'application/fhir+json', 'application/json+fhir'], limit: bodyLimit }), express_1.default.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 200 })), (0, routes_1.fhirRouter)({ terminology, publicBaseUrl: config.publicBaseUrl, runOperation }));
    app.use(routes_2.pageNotFound);
    app.use((req) => {
        throw outcome_1.FhirError.notFound(`No route for ${req.method} ${req.path}`);
    });
    app.use(errorHandler);
    return { app, terminology, metrics };
}
/**
 * `req.query` parsed once per request: Express 5 parses the query string again on every read of it, and a
 * request reads it several times (negotiation, the parameters, the CSV check). The query string does not
 * change while a request is routed (a mount strips the path, never the query), so the first parse holds.
 */
function cacheParsedQuery(app) {
    const parse = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app.request), 'query')?.get;
    if (!parse)
        return;
    const PARSED = Symbol('parsed query');
    Object.defineProperty(app.request, 'query', {
        configurable: true,
        enumerable: true,
        get() {
            return (this[PARSED] ??= parse.call(this));
        },
    });
}
/**
 * Puts the operation fast path in front of Express's router: `app.handle` (what the app function calls, for the
 * HTTP server and for supertest alike) answers the requests `fast` takes itself, after preparing the request and
 * response as Express's `handle` does (prototypes, circular references, locals) and as its router does
 * (`originalUrl`, `baseUrl`), and running the front door. Errors go to the error handler, as routed errors do
 * (the pages' error handler in between passes every `/fhir` error on). Every other request is routed.
 */
function skipRouterFor(app, fast, frontDoor) {
    const routed = app.handle;
    const noop = () => undefined;
    app.handle = function handle(req, res, callback) {
        const match = callback === undefined ? fast.match(req) : undefined;
        if (match === undefined)
            return routed.call(this, req, res, callback);
        req.res = res;
        res.req = req;
        Object.setPrototypeOf(req, app.request);
        Object.setPrototypeOf(res, app.response);
        if (!fast.takes(req))
            return routed.call(this, req, res, callback);
        if (!res.locals)
            res.locals = Object.create(null);
        req.originalUrl = req.originalUrl || req.url;
        req.baseUrl = '';
        const fail = (error) => {
            try {
                errorHandler(error, req, res, noop);
            }
            catch (failure) {
                // What Express's final handler would do with an error handler that throws: no answer can be trusted.
                req.log?.error({ err: failure }, 'the error handler failed');
                res.destroy();
            }
        };
        try {
            frontDoor(req, res, (error) => {
                if (error)
                    fail(error);
                else
                    fast.answer(req, res, match).catch(fail);
            });
        }
        catch (error) {
            fail(error);
        }
    };
}
/**
 * The Node HTTP server for `app` (what `main.ts` listens with): room in the header limit for the longest
 * URL accepted, so that an over-long URL gets the app's 414 rather than the parser's bare 431, and an
 * OperationOutcome for what the parser refuses before Express sees it.
 */
function createHttpServer(app, config = {}) {
    let draining = false;
    const maxUrlBytes = config.maxUrlBytes ?? exports.APP_DEFAULTS.maxUrlBytes;
    const server = (0, node_http_1.createServer)({ maxHeaderSize: Math.max(16 * 1024, maxUrlBytes + 8 * 1024), ...messageClassesOf(app) }, (req, res) => {
        if (draining) {
            res.setHeader('Connection', 'close');
            if (req.url?.split('?')[0] === '/ready') {
                res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': String(exports.RETRY_AFTER_SECONDS) });
                res.end(JSON.stringify({ status: 'stopping' }));
                return;
            }
        }
        app(req, res);
    });
    server.on('clientError', security_1.answerClientError);
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
function messageClassesOf(app) {
    function AppRequest(...args) {
        node_http_1.IncomingMessage.apply(this, args);
    }
    AppRequest.prototype = app.request;
    function AppResponse(...args) {
        node_http_1.ServerResponse.apply(this, args);
    }
    AppResponse.prototype = app.response;
    return { IncomingMessage: AppRequest, ServerResponse: AppResponse };
}
/** The one error handler: every error becomes an OperationOutcome; internals never reach the client. */
function errorHandler(err, req, res, _next) {
    if (res.headersSent) {
        // Half an answer cannot be turned into an OperationOutcome: end the connection so the client sees it failed.
        req.log?.error({ err }, 'error after the response started');
        res.destroy();
        return;
    }
    if (err instanceof outcome_1.FhirError) {
        res.set(err.headers);
        (0, fhir_json_1.sendResource)(res, err.status, err.toOutcome());
        return;
    }
    const parserError = err;
    if (parserError && typeof parserError.type === 'string') {
        const status = parserError.status ?? parserError.statusCode ?? 400;
        const text = parserError.type === 'entity.too.large'
            ? `Request body is larger than the limit of ${parserError.limit} bytes`
            : parserError.type === 'entity.parse.failed'
                ? 'Request body is not valid JSON'
                : parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported'
                    ? 'Request body encoding is not supported; send UTF-8'
                    : `Request body could not be read (${parserError.type})`;
        const code = status === 413 ? 'too-costly' : 'invalid';
        (0, fhir_json_1.sendResource)(res, status < 500 ? status : 400, (0, outcome_1.operationOutcome)([(0, outcome_1.issue)({ severity: 'error', code, text })]));
        return;
    }
    if (err instanceof URIError) {
        // Express could not decode a path segment (`/fhir/ValueSet/%E0%A4%A`).
        (0, fhir_json_1.sendResource)(res, 400, (0, outcome_1.operationOutcome)([(0, outcome_1.issue)({ severity: 'error', code: 'invalid', text: 'The request path is not validly percent-encoded UTF-8' })]));
        return;
    }
    const exposed = err;
    if (typeof exposed.status === 'number' && exposed.status >= 400 && exposed.status < 500 && exposed.expose === true && typeof exposed.message === 'string') {
        // A client error raised by Express or a middleware (http-errors), whose message is meant for the client.
        (0, fhir_json_1.sendResource)(res, exposed.status, (0, outcome_1.operationOutcome)([(0, outcome_1.issue)({ severity: 'error', code: 'invalid', text: exposed.message })]));
        return;
    }
    const requestId = String(req.id ?? '');
    // The id is in the log line and in the answer (body and header), so a reported failure can be found.
    res.setHeader('X-Request-Id', requestId);
    const trouble = (0, database_trouble_1.databaseTrouble)(err);
    if (trouble) {
        req.log?.warn({ err }, trouble === 'timeout' ? 'database statement timed out' : 'database unavailable');
        res.setHeader('Retry-After', String(exports.RETRY_AFTER_SECONDS));
        (0, fhir_json_1.sendResource)(res, 503, (0, outcome_1.operationOutcome)([
            trouble === 'timeout'
                ? (0, outcome_1.issue)({ severity: 'error', code: 'timeout', text: `The terminology database did not answer in time; try again (request id ${requestId})` })
                : (0, outcome_1.issue)({ severity: 'error', code: 'transient', text: `The terminology database is unavailable; try again shortly (request id ${requestId})` }),
        ]));
        return;
    }
    req.log?.error({ err }, 'unhandled error');
    (0, fhir_json_1.sendResource)(res, 500, (0, outcome_1.operationOutcome)([
        (0, outcome_1.issue)({ severity: 'fatal', code: 'exception', text: `Internal server error (request id ${requestId})` }),
    ]));
}
//# sourceMappingURL=app.js.map