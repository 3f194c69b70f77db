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

/** The last `Vary` merge of `addVary`: what the response had, what was added, and the result. */
let lastVary = { current: '', values: '', merged: '' };

/**
 * Adds `values` (comma-separated header names) to the response's `Vary`, after what it says already (the front
 * door's `Accept-Encoding`), without repeating a name in another case.
 */
function addVary(res: ServerResponse, values: string): void {
  const current = res.getHeader('Vary');
  if (typeof current !== 'string' || current === '') {
    res.setHeader('Vary', values);
    return;
  }
  // Every answer merges the same two lists: the last merge is kept rather than worked out again.
  if (current !== lastVary.current || values !== lastVary.values) {
    const have = current.split(',').map((v) => v.trim()).filter((v) => v !== '');
    const lower = new Set(have.map((v) => v.toLowerCase()));
    const added = values.split(',').map((v) => v.trim()).filter((v) => v !== '' && !lower.has(v.toLowerCase()));
    lastVary = { current, values, merged: [...have, ...added].join(', ') };
  }
  res.setHeader('Vary', lastVary.merged);
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
