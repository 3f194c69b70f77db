"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.CACHE_REVALIDATE = exports.CACHE_PINNED = void 0;
exports.weakEtag = weakEtag;
exports.setCachingHeaders = setCachingHeaders;
exports.sendFhirAnswer = sendFhirAnswer;
exports.cacheAwareSend = cacheAwareSend;
exports.httpCaching = httpCaching;
const crypto = __importStar(require("node:crypto"));
/** Parameters that pin an answer to one code system or value set version: such an answer never changes. */
const PINNING_PARAMS = /[?&](version|valueSetVersion|system-version|force-system-version)=|[?&](url|system|valueSet|uri)=[^&]*(%7C|\|)/i;
/** `Cache-Control` of a version-pinned answer: loaded versions are immutable. */
exports.CACHE_PINNED = 'public, max-age=86400, immutable';
/**
 * `Cache-Control` of every other GET answer: it depends on the content loaded and on today's date, so a
 * cache keeps it but revalidates each use (a cheap 304 while the ETag still matches).
 */
exports.CACHE_REVALIDATE = 'public, no-cache';
/** The newest `loaded_at` of a snapshot's code system versions, as an HTTP date (computed once per snapshot). */
const lastModifiedOf = new WeakMap();
function lastModified(snapshot) {
    if (lastModifiedOf.has(snapshot))
        return lastModifiedOf.get(snapshot);
    let newest = Number.NaN;
    for (const system of snapshot.systems) {
        for (const v of system.versions) {
            const t = Date.parse(String(v.loadedAt).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
            if (!Number.isNaN(t) && !(t <= newest))
                newest = t;
        }
    }
    const value = Number.isNaN(newest) ? undefined : new Date(newest).toUTCString();
    lastModifiedOf.set(snapshot, value);
    return value;
}
/** One-shot hashing (`crypto.hash`, Node 20.12+): no Hash object per answer; `createHash` where it is missing. */
const sha1Base64url = typeof crypto.hash === 'function'
    ? (body) => crypto.hash('sha1', body, 'base64url')
    : (body) => crypto.createHash('sha1').update(body).digest('base64url');
/** A weak validator from the content revision and the answer's bytes. */
function weakEtag(revision, body) {
    return `W/"${revision.toString(36)}-${sha1Base64url(body).slice(0, 22)}"`;
}
/**
 * The caching headers of a successful GET or HEAD answer under the FHIR base: the weak `ETag`, `Cache-Control`
 * by whether the request pins a version, and `Last-Modified` from the newest loaded version.
 */
/**
 * The request headers an answer depends on besides the URL, for shared caches (`Vary`): the format asked for
 * (`Accept`: JSON or CSV), the language of displays (`Accept-Language`) and a client's expansion limit.
 */
const VARY_ON = ['Accept', 'Accept-Language', 'X-TOO-COSTLY-THRESHOLD'];
function addVary(res) {
    const current = res.getHeader('Vary');
    const have = typeof current === 'string' ? current.split(',').map((v) => v.trim()).filter((v) => v !== '') : [];
    const lower = new Set(have.map((v) => v.toLowerCase()));
    const all = [...have, ...VARY_ON.filter((v) => !lower.has(v.toLowerCase()))];
    res.setHeader('Vary', all.join(', '));
}
function setCachingHeaders(req, res, snapshot, body) {
    addVary(res);
    res.setHeader('ETag', weakEtag(snapshot.revision, body));
    res.setHeader('Cache-Control', PINNING_PARAMS.test(req.originalUrl) ? exports.CACHE_PINNED : exports.CACHE_REVALIDATE);
    const modified = lastModified(snapshot);
    if (modified)
        res.setHeader('Last-Modified', modified);
}
/**
 * Sends a 200 FHIR answer (a JSON text whose media type names UTF-8) as `res.send` does behind `httpCaching`,
 * without Express's `send`: the caching headers, `Content-Length`, a 304 when the client's validators match
 * (`req.fresh`), no body for HEAD. For the operation fast path (`fast-operations.ts`).
 */
function sendFhirAnswer(req, res, snapshot, contentType, text) {
    const body = Buffer.from(text, 'utf8');
    res.statusCode = 200;
    res.setHeader('Content-Type', contentType);
    setCachingHeaders(req, res, snapshot, body);
    res.setHeader('Content-Length', body.length);
    if (req.fresh) {
        res.statusCode = 304;
        res.removeHeader('Content-Type');
        res.removeHeader('Content-Length');
        res.removeHeader('Transfer-Encoding');
        res.end();
        return;
    }
    if (req.method === 'HEAD')
        res.end();
    else
        res.end(body);
}
/**
 * Makes `res.send` add the caching headers (see `httpCaching`) for the answer it sends from `snapshot`.
 */
function cacheAwareSend(req, res, snapshot) {
    const send = res.send.bind(res);
    res.send = (body) => {
        // A string answer whose Content-Type names its charset already goes as UTF-8 bytes: Express would
        // otherwise parse and rebuild that Content-Type on every answer (setCharset) to say the same thing.
        if (typeof body === 'string') {
            const type = res.getHeader('Content-Type');
            if (typeof type === 'string' && type.endsWith('charset=utf-8'))
                body = Buffer.from(body, 'utf8');
        }
        if (res.statusCode === 200 && (typeof body === 'string' || Buffer.isBuffer(body))) {
            setCachingHeaders(req, res, snapshot, body);
        }
        else if (res.statusCode >= 400) {
            res.setHeader('Cache-Control', 'no-store');
        }
        return send(body);
    };
}
/**
 * HTTP caching for GET and HEAD under the FHIR base: a weak `ETag` (content revision + answer), so that
 * `If-None-Match` gets a 304 (Express compares it in `res.send`), `Last-Modified` from the newest loaded
 * version, and `Cache-Control` by whether the answer is pinned to a version. Only successful answers carry
 * them; errors are `no-store`. The snapshot this reads is the one the request is answered from (the
 * terminology cache hands out the same object while the revision holds).
 */
function httpCaching(terminology) {
    return async (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            next();
            return;
        }
        // A failure here (the database) is the request's failure: the error handler answers it.
        cacheAwareSend(req, res, await terminology.snapshot());
        next();
    };
}
//# sourceMappingURL=caching.js.map