"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.EXPOSED_HEADERS = void 0;
exports.securityHeaderSetter = securityHeaderSetter;
exports.corsFor = corsFor;
exports.checkUrlLength = checkUrlLength;
exports.tokenMatches = tokenMatches;
exports.requireAdminToken = requireAdminToken;
exports.answerClientError = answerClientError;
// The HTTP hardening of the server: security headers, CORS, the request-target limit, the admin bearer
// token, what request logs may show, and the answer to requests Node's parser refuses before Express.
const node_crypto_1 = require("node:crypto");
const cors_1 = __importDefault(require("cors"));
const helmet_1 = __importDefault(require("helmet"));
const outcome_1 = require("../fhir/outcome");
/** Response headers a browser may read on a cross-origin answer (the request id is quoted in support calls). */
exports.EXPOSED_HEADERS = ['X-Request-Id', 'Location', 'Content-Location', 'ETag', 'Last-Modified', 'Retry-After', 'WWW-Authenticate'];
/**
 * Security headers for a JSON API (helmet): nothing here is ever rendered as a page, so the content
 * security policy forbids everything, framing is denied and MIME sniffing is off.
 */
function securityHeaderSetter() {
    const configured = (0, helmet_1.default)({
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
        frameguard: { action: 'deny' },
        referrerPolicy: { policy: 'no-referrer' },
        // Browser hints that mean nothing for a JSON API: not sent (each costs bytes on every answer).
        xDnsPrefetchControl: false,
        xDownloadOptions: false,
        xPermittedCrossDomainPolicies: false,
        originAgentCluster: false,
    });
    // The headers do not depend on the request: collect them once from helmet, then set them in one step.
    const headers = [];
    const collector = {
        setHeader: (name, value) => void headers.push([name, String(value)]),
        removeHeader: () => undefined,
    };
    configured({}, collector, () => undefined);
    return (res) => {
        for (const [name, value] of headers)
            res.setHeader(name, value);
    };
}
/**
 * CORS for browser front ends (EPR systems) on other origins: `origins` as configured (`*` for any);
 * none configured, no CORS headers at all (`undefined`: mount nothing). Preflights are answered here.
 */
function corsFor(origins) {
    if (origins.length === 0)
        return undefined;
    const allowed = new Set(origins);
    return (0, cors_1.default)({
        origin: allowed.has('*') ? '*' : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
        methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
        exposedHeaders: exports.EXPOSED_HEADERS,
        maxAge: 600,
    });
}
/** Refuses a request target (path plus query string) longer than `maxBytes` with 414, before anything parses it. */
function checkUrlLength(req, maxBytes) {
    const url = req.originalUrl ?? req.url;
    // No character takes more than 3 bytes of UTF-8 per UTF-16 unit: a short URL needs no count.
    if (url.length * 3 <= maxBytes)
        return;
    const length = Buffer.byteLength(url, 'utf8');
    if (length > maxBytes) {
        throw new outcome_1.FhirError(414, {
            severity: 'error',
            code: 'too-long',
            text: `The request URL is ${length} bytes, longer than the limit of ${maxBytes}; POST the parameters in a Parameters body instead`,
        });
    }
}
const digest = (text) => (0, node_crypto_1.createHash)('sha256').update(text, 'utf8').digest();
/**
 * Whether `given` is the configured token, in constant time: both are hashed first, so neither their
 * contents nor their lengths show in the comparison's timing.
 */
function tokenMatches(given, expected) {
    return (0, node_crypto_1.timingSafeEqual)(digest(given), digest(expected));
}
const REALM = 'Bearer realm="ncmp-terminology-admin"';
/**
 * Guards the write routes: `Authorization: Bearer <token>` must carry the configured admin token. With no
 * token configured writes are off (403); a missing or wrong token is a 401 with `WWW-Authenticate`.
 */
function requireAdminToken(token) {
    return (req, _res, next) => {
        if (token === undefined) {
            throw new outcome_1.FhirError(403, {
                severity: 'error',
                code: 'forbidden',
                text: 'Writes are disabled on this server: no ADMIN_TOKEN is configured, so it serves its content read-only',
            });
        }
        const header = req.headers.authorization;
        if (header === undefined || header === '') {
            throw new outcome_1.FhirError(401, { severity: 'error', code: 'login', text: 'This write needs an admin token: send Authorization: Bearer <token>' }, { 'WWW-Authenticate': REALM });
        }
        const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
        if (!match || !tokenMatches(match[1], token)) {
            throw new outcome_1.FhirError(401, { severity: 'error', code: 'login', text: 'The admin token is missing, malformed or wrong' }, { 'WWW-Authenticate': `${REALM}, error="invalid_token"` });
        }
        next();
    };
}
/**
 * The answer to a request Node's HTTP parser refuses before Express sees it (a header block or request
 * line beyond `maxHeaderSize`, a malformed request line): an OperationOutcome instead of a bare status
 * line, then the connection is closed. For `server.on('clientError', …)`.
 */
function answerClientError(error, socket) {
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage) {
        socket.destroy();
        return;
    }
    const answer = error.code === 'HPE_HEADER_OVERFLOW'
        ? { status: 431, reason: 'Request Header Fields Too Large', code: 'too-long', text: 'The request line or headers are too large; POST long parameter lists in a Parameters body instead' }
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? { status: 408, reason: 'Request Timeout', code: 'timeout', text: 'The request did not arrive in time' }
            : { status: 400, reason: 'Bad Request', code: 'structure', text: 'The request is not well-formed HTTP' };
    const body = JSON.stringify((0, outcome_1.operationOutcome)([(0, outcome_1.issue)({ severity: 'error', code: answer.code, text: answer.text })]));
    socket.end(`HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        'Content-Type: application/fhir+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body);
}
//# sourceMappingURL=security.js.map