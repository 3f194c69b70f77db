"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lazyLogOn = lazyLogOn;
exports.identifyRequest = identifyRequest;
exports.forBodies = forBodies;
const node_crypto_1 = require("node:crypto");
const CLIENT_ID = /^[\w.-]{1,64}$/;
const CHILD_LOGGER = Symbol('request logger');
const withLazyLog = new WeakSet();
/**
 * `req.log` as a getter on the app's request prototype (Express gives each app its own, `app.request`), defined once: the
 * child logger is made on first use and kept on the request. Defining it on each request instead costs an
 * accessor and a shape change per request.
 */
function lazyLogOn(proto, logger) {
    if (withLazyLog.has(proto))
        return;
    withLazyLog.add(proto);
    Object.defineProperty(proto, 'log', {
        configurable: true,
        enumerable: false,
        get() {
            return (this[CHILD_LOGGER] ??= logger.child({ reqId: this.id }));
        },
        set(value) {
            this[CHILD_LOGGER] = value;
        },
    });
}
const LOGGED = Symbol('request logged');
function logFinished() {
    const { logger, started } = this[LOGGED];
    const req = this.req;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info({ reqId: req.id, method: req.method, url: req.originalUrl, status: this.statusCode, ms: Math.round(ms * 100) / 100 }, 'request completed');
}
/**
 * Gives the request an id (echoed as `X-Request-Id`, carried by every log line about it) and, when `info` is
 * on, logs its completion: method, URL, status and time (`req.log`, bound to the id, is `lazyLogOn`'s, defined
 * once on the app's request prototype). Headers are never logged, so a bearer token cannot
 * reach a log line. Costs next to nothing when `info` is off: the per-request logger is made lazily.
 */
function identifyRequest(req, res, logger, logCompletions) {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && CLIENT_ID.test(incoming) ? incoming : (0, node_crypto_1.randomUUID)();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    if (logCompletions) {
        res[LOGGED] = { logger, started: process.hrtime.bigint() };
        res.on('finish', logFinished);
    }
}
/** Runs `handlers` only for requests that may carry a body (POST, PUT, PATCH, DELETE): GETs skip them. */
function forBodies(...handlers) {
    return (req, res, next) => {
        if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
            next();
            return;
        }
        let i = 0;
        const step = (err) => {
            if (err !== undefined && err !== 'route' && err !== 'router') {
                next(err);
                return;
            }
            const handler = handlers[i++];
            if (!handler) {
                next();
                return;
            }
            try {
                const result = handler(req, res, step);
                if (result instanceof Promise)
                    result.catch(step);
            }
            catch (error) {
                step(error);
            }
        };
        step();
    };
}
//# sourceMappingURL=request-log.js.map