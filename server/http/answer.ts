// An HTTP answer as a value (`HttpAnswer`), and the one step that sends it: every FHIR answer, from the operation
// pipeline or from an Express route, leaves through `sendAnswer`.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The media type of every FHIR answer. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** An answer before it is sent: status, headers and the body (a text sent as UTF-8; none for an empty answer). */
export interface HttpAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: string | undefined;
}

/** A FHIR resource (or its serialised JSON) as an `application/fhir+json` answer. */
export function fhirAnswer(status: number, resource: unknown, headers: OutgoingHttpHeaders = {}): HttpAnswer {
  return { status, headers: { ...headers, 'Content-Type': FHIR_JSON }, body: typeof resource === 'string' ? resource : JSON.stringify(resource) };
}

/** `Cache-Control: no-cache` in a request asks for an end-to-end reload: never answered with a 304. */
const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/**
 * Whether a conditional GET can be answered 304: `If-None-Match` against the answer's `ETag` (weak comparison),
 * else `If-Modified-Since` against its `Last-Modified`. The rules of the `fresh` package, which Express applies
 * in `res.send`, so that an answer sent here validates exactly as one sent by Express did.
 */
export function isFresh(request: IncomingMessage['headers'], etag: string | undefined, lastModified: string | undefined): boolean {
  const modifiedSince = request['if-modified-since'];
  const noneMatch = request['if-none-match'];
  if (!modifiedSince && !noneMatch) return false;
  const cacheControl = request['cache-control'];
  if (cacheControl && NO_CACHE.test(cacheControl)) return false;
  if (noneMatch) {
    if (noneMatch === '*') return true;
    if (!etag) return false;
    return noneMatch.split(',').some((raw) => {
      const match = raw.trim();
      return match === etag || match === `W/${etag}` || `W/${match}` === etag;
    });
  }
  const modified = lastModified ? Date.parse(lastModified) : Number.NaN;
  return modified <= Date.parse(modifiedSince!);
}

/** The last `Vary` merge of `mergeVary`: what the response had, what was added, and the result. */
let lastVary = { current: '', values: '', merged: '' };

/** `current` (a `Vary`) with the names of `values` added after it, without repeating a name in another case. */
function mergeVary(current: string, values: string): string {
  // Every answer merges the same two lists: the last merge is kept rather than worked out again.
  if (current !== lastVary.current || values !== lastVary.values) {
    const have = current.split(',').map((v) => v.trim()).filter((v) => v !== '');
    const lower = new Set(have.map((v) => v.toLowerCase()));
    const added = values.split(',').map((v) => v.trim()).filter((v) => v !== '' && !lower.has(v.toLowerCase()));
    lastVary = { current, values, merged: [...have, ...added].join(', ') };
  }
  return lastVary.merged;
}

/**
 * Adds `values` (comma-separated header names) to the response's `Vary`, after what it says already (the front
 * door's `Accept-Encoding`), without repeating a name in another case.
 */
function addVary(res: ServerResponse, values: string): void {
  const current = res.getHeader('Vary');
  res.setHeader('Vary', typeof current !== 'string' || current === '' ? values : mergeVary(current, values));
}

/**
 * Sends `answer` as Express's `res.send` would: its status and headers (`Vary` merged with what the front door
 * set), `Content-Length`, a 304 without body when a successful GET's validators match the client's, and no body
 * for HEAD. Works on Node's own request and response; compression, when the front door installed it, applies.
 */
export function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: HttpAnswer): void {
  res.statusCode = answer.status;
  for (const name in answer.headers) {
    const value = answer.headers[name]!;
    if (name === 'Vary' && typeof value === 'string') addVary(res, value);
    else res.setHeader(name, value);
  }
  const { body } = answer;
  if (body === undefined) {
    res.end();
    return;
  }
  const head = req.method === 'HEAD';
  if (
    (head || req.method === 'GET') &&
    answer.status >= 200 &&
    answer.status < 300 &&
    isFresh(req.headers, answer.headers.ETag as string | undefined, answer.headers['Last-Modified'] as string | undefined)
  ) {
    res.statusCode = 304;
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
    return;
  }
  res.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  if (head) res.end();
  else res.end(body, 'utf8');
}

/**
 * The headers the front door sets on every answer before the answer is known, when it sets nothing else (no
 * CORS, no compression): `X-Request-Id` (the request's id), the security headers (`fixed`: name, value, name,
 * value…) and `Vary: <vary>`. The operation listener's requests that pass `QuickDoor` have them sent by
 * `sendAnswerAfterDoor` instead of set one by one.
 */
export interface DoorHeaders {
  fixed: readonly string[];
  vary: string;
  /** The lower-case names of all of them. */
  names: ReadonlySet<string>;
}

/** Sets the `DoorHeaders` on a response, in the order the front door sets them. */
export function setDoorHeaders(req: IncomingMessage, res: ServerResponse, door: DoorHeaders): void {
  res.setHeader('X-Request-Id', req.id ?? '');
  const { fixed } = door;
  for (let i = 0; i < fixed.length; i += 2) res.setHeader(fixed[i]!, fixed[i + 1]!);
  res.setHeader('Vary', door.vary);
}

/**
 * `sendAnswer` for a response with no header set yet, whose front-door headers are `door`: the same status line,
 * headers in the same order and body, but the whole header block handed to Node in one `writeHead` (one
 * validation pass, no header map). An answer without a body, or one whose headers name a front-door header
 * besides `Vary`, goes the general way.
 */
export function sendAnswerAfterDoor(req: IncomingMessage, res: ServerResponse, answer: HttpAnswer, door: DoorHeaders): void {
  const { status, headers, body } = answer;
  if (body === undefined) return sendAfterSetting(req, res, answer, door);
  const method = req.method;
  const head = method === 'HEAD';
  const notModified =
    (head || method === 'GET') &&
    status >= 200 &&
    status < 300 &&
    isFresh(req.headers, headers.ETag as string | undefined, headers['Last-Modified'] as string | undefined);
  const raw: (string | number | readonly string[])[] = ['X-Request-Id', req.id ?? ''].concat(door.fixed as string[]);
  const varyAt = raw.length + 1;
  raw.push('Vary', door.vary);
  for (const name in headers) {
    const value = headers[name]!;
    if (name === 'Vary' && typeof value === 'string') {
      raw[varyAt] = mergeVary(door.vary, value);
      continue;
    }
    const lower = name.toLowerCase();
    if (door.names.has(lower) || lower === 'content-length' || lower === 'transfer-encoding') return sendAfterSetting(req, res, answer, door);
    // A 304 carries no Content-Type (as `sendAnswer`'s `removeHeader`).
    if (notModified && lower === 'content-type') continue;
    raw.push(name, value);
  }
  if (notModified) {
    res.writeHead(304, raw as string[]);
    res.end();
    return;
  }
  raw.push('Content-Length', Buffer.byteLength(body, 'utf8'));
  res.writeHead(status, raw as string[]);
  if (head) res.end();
  else res.end(body, 'utf8');
}

function sendAfterSetting(req: IncomingMessage, res: ServerResponse, answer: HttpAnswer, door: DoorHeaders): void {
  setDoorHeaders(req, res, door);
  sendAnswer(req, res, answer);
}
