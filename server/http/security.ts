// The HTTP hardening of the server: security headers, CORS, the request-target limit, the admin bearer
// token, what request logs may show, and the answer to requests Node's parser refuses before Express.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { FhirError, issue, operationOutcome } from '../terminology/issues';
import { msg, type Message } from '../terminology/messages';

/** Response headers a browser may read on a cross-origin answer (the request id is quoted in support calls). */
export const EXPOSED_HEADERS = ['X-Request-Id', 'Location', 'Content-Location', 'ETag', 'Last-Modified', 'Retry-After', 'WWW-Authenticate'];

/**
 * The security headers for a JSON API (helmet), as name and value pairs: nothing here is ever rendered as a page, so the content
 * security policy forbids everything, framing is denied and MIME sniffing is off.
 */
export function securityHeaderList(): readonly (readonly [string, string])[] {
  const configured = helmet({
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
  const headers: [string, string][] = [];
  const collector = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  configured({} as Request, collector as unknown as Response, () => undefined);
  return headers;
}

/** Sets the security headers of `securityHeaderList` on a response, one `setHeader` each. */
export function securityHeaderSetter(headers = securityHeaderList()): (res: ServerResponse) => void {
  return (res: ServerResponse) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}

/**
 * CORS for browser front ends (EPR systems) on other origins: `origins` as configured (`*` for any);
 * none configured, no CORS headers at all (`undefined`: mount nothing). Preflights are answered here.
 */
export function corsFor(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins);
  return cors({
    origin: allowed.has('*') ? '*' : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}

/** Refuses a request target (path plus query string) longer than `maxBytes` with 414, before anything parses it. */
export function checkUrlLength(req: IncomingMessage & { originalUrl?: string }, maxBytes: number): void {
  const url = req.originalUrl ?? req.url ?? '';
  // No character takes more than 3 bytes of UTF-8 per UTF-16 unit: a short URL needs no count.
  if (url.length * 3 <= maxBytes) return;
  const length = Buffer.byteLength(url, 'utf8');
  if (length > maxBytes) {
    throw new FhirError(414, {
      severity: 'error',
      code: 'too-long',
      ...msg('NCMP_URL_TOO_LONG', length, maxBytes),
    });
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `given` is the configured token, in constant time: both are hashed first, so neither their
 * contents nor their lengths show in the comparison's timing.
 */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const REALM = 'Bearer realm="ncmp-terminology-admin"';

/**
 * Guards the write routes: `Authorization: Bearer <token>` must carry the configured admin token. With no
 * token configured writes are off (403); a missing or wrong token is a 401 with `WWW-Authenticate`.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (token === undefined) {
      throw new FhirError(403, {
        severity: 'error',
        code: 'forbidden',
        ...msg('NCMP_WRITES_DISABLED'),
      });
    }
    const header = req.headers.authorization;
    if (header === undefined || header === '') {
      throw new FhirError(
        401,
        { severity: 'error', code: 'login', ...msg('NCMP_ADMIN_TOKEN_REQUIRED') },
        { 'WWW-Authenticate': REALM },
      );
    }
    const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
    if (!match || !tokenMatches(match[1]!, token)) {
      throw new FhirError(
        401,
        { severity: 'error', code: 'login', ...msg('NCMP_ADMIN_TOKEN_INVALID') },
        { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
      );
    }
    next();
  };
}

/**
 * The answer to a request Node's HTTP parser refuses before Express sees it (a header block or request
 * line beyond `maxHeaderSize`, a malformed request line): an OperationOutcome instead of a bare status
 * line, then the connection is closed. For `server.on('clientError', …)`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: IncomingMessage })._httpMessage) {
    socket.destroy();
    return;
  }
  const answer: { status: number; reason: string; code: 'too-long' | 'timeout' | 'structure'; text: Message } =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? { status: 431, reason: 'Request Header Fields Too Large', code: 'too-long', text: msg('NCMP_HEADERS_TOO_LARGE') }
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { status: 408, reason: 'Request Timeout', code: 'timeout', text: msg('NCMP_REQUEST_TIMEOUT') }
        : { status: 400, reason: 'Bad Request', code: 'structure', text: msg('NCMP_MALFORMED_HTTP') };
  const body = JSON.stringify(operationOutcome([issue({ severity: 'error', code: answer.code, ...answer.text })]));
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
      'Content-Type: application/fhir+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
