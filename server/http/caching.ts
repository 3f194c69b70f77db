import * as crypto from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Snapshot } from '../terminology/snapshot';
import type { SnapshotCache } from '../terminology/snapshot-cache';
import type { HttpAnswer } from './answer';

/** Parameters that pin an answer to one code system or value set version: such an answer never changes. */
const PINNING_PARAMS = /[?&](version|valueSetVersion|system-version|force-system-version)=|[?&](url|system|valueSet|uri)=[^&]*(%7C|\|)/i;
/** `Cache-Control` of a version-pinned answer: loaded versions are immutable. */
export const CACHE_PINNED = 'public, max-age=86400, immutable';
/**
 * `Cache-Control` of every other GET answer: it depends on the content loaded and on today's date, so a
 * cache keeps it but revalidates each use (a cheap 304 while the ETag still matches).
 */
export const CACHE_REVALIDATE = 'public, no-cache';

/** The newest `loaded_at` of a snapshot's code system versions, as an HTTP date (computed once per snapshot). */
const lastModifiedOf = new WeakMap<Snapshot, string | undefined>();
function lastModified(snapshot: Snapshot): string | undefined {
  if (lastModifiedOf.has(snapshot)) return lastModifiedOf.get(snapshot);
  let newest = Number.NaN;
  for (const system of snapshot.systems) {
    for (const v of system.versions) {
      const t = Date.parse(String(v.loadedAt).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
      if (!Number.isNaN(t) && !(t <= newest)) newest = t;
    }
  }
  const value = Number.isNaN(newest) ? undefined : new Date(newest).toUTCString();
  lastModifiedOf.set(snapshot, value);
  return value;
}

/** One-shot hashing (`crypto.hash`, Node 20.12+): no Hash object per answer; `createHash` where it is missing. */
const sha1Base64url: (body: string | Buffer) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (body) => (crypto as unknown as { hash(algorithm: string, data: string | Buffer, encoding: 'base64url'): string }).hash('sha1', body, 'base64url')
    : (body) => crypto.createHash('sha1').update(body).digest('base64url');

/** A weak validator from the content revision and the answer's bytes (a text counts as its UTF-8 bytes). */
export function weakEtag(revision: number, body: string | Buffer): string {
  return `W/"${revision.toString(36)}-${sha1Base64url(body).slice(0, 22)}"`;
}

/**
 * The request headers an answer depends on besides the URL, for shared caches (`Vary`): the format asked for
 * (`Accept`: JSON or CSV), the language of displays (`Accept-Language`) and a client's expansion limit.
 */
const VARY_ON = 'Accept, Accept-Language, X-TOO-COSTLY-THRESHOLD';

/**
 * `answer` to a GET or HEAD of `url` (path and query string) under the FHIR base, with its caching headers: a
 * successful answer gets `Vary`, the weak `ETag` (content revision + answer), `Cache-Control` by whether the
 * request pins a version, and `Last-Modified` from the newest loaded version (so that `sendAnswer` can answer a
 * matching `If-None-Match` with 304); an error is `no-store`.
 */
export function withCachingHeaders(answer: HttpAnswer, snapshot: Snapshot, url: string): HttpAnswer {
  if (answer.status === 200 && answer.body !== undefined) {
    answer.headers.Vary = VARY_ON;
    answer.headers.ETag = weakEtag(snapshot.revision, answer.body);
    answer.headers['Cache-Control'] = PINNING_PARAMS.test(url) ? CACHE_PINNED : CACHE_REVALIDATE;
    const modified = lastModified(snapshot);
    if (modified) answer.headers['Last-Modified'] = modified;
  } else if (answer.status >= 400) {
    answer.headers['Cache-Control'] = 'no-store';
  }
  return answer;
}

/** The snapshot each GET or HEAD under the FHIR base routed through Express is answered from (see `httpCaching`). */
const answeredFrom = new WeakMap<ServerResponse, Snapshot>();

/**
 * HTTP caching for GET and HEAD under the FHIR base routed through Express (reads, searches, metadata, and the
 * errors of any of them): reads the snapshot the request is answered from (the terminology cache hands out the
 * same object while the revision holds), so that `routedAnswer` can add the caching headers to the answer.
 * The operation pipeline adds its own (it holds its snapshot).
 */
export function httpCaching(terminology: SnapshotCache): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      // A failure here (the database) is the request's failure: the error handler answers it.
      answeredFrom.set(res, await terminology.snapshot());
    }
    next();
  };
}

/** `answer` with the caching headers of the snapshot `httpCaching` read for this response, if it read one. */
export function routedAnswer(res: ServerResponse, url: string, answer: HttpAnswer): HttpAnswer {
  const snapshot = answeredFrom.get(res);
  return snapshot === undefined ? answer : withCachingHeaders(answer, snapshot, url);
}
