// The cache of serialised answers to GET operations: an HTTP concern (the key is a URL and request headers, the
// value the bytes sent), so it lives here, beside the snapshot it belongs to rather than inside it. A snapshot is
// immutable, so its answers hold until the next content revision, whose new snapshot starts with an empty cache.
import type { IncomingHttpHeaders } from 'node:http';
import { todayInNorway } from '../terminology/dates';
import { Lru } from '../terminology/lru';
import type { Snapshot } from '../terminology/snapshot';
import { Doorkeeper } from './doorkeeper';
import type { Metrics } from './metrics';

/** The byte budget of the answer cache of one snapshot. */
export const ANSWER_CACHE_BYTES = 16 * 1024 * 1024;

/** Answers larger than this (whole expansions) are not kept: their expansion is cached one level down. */
export const MAX_CACHED_ANSWER = 32 * 1024;

/** The answers of one snapshot and the doorkeeper that admits them. */
interface Answers {
  /**
   * Serialised answers to GET operations (the same URL gets the same answer while content is unchanged),
   * bounded by count and by bytes (UTF-16 worst case, URL and answer), whatever the size of the answers.
   */
  kept: Lru<string>;
  /** Which answers have been asked for before: an answer is kept on its second request (see `keepAnswer`). */
  door: Doorkeeper;
}

/** Weak by snapshot: a replaced snapshot takes its answers with it to the garbage collector. */
const answersOf = new WeakMap<Snapshot, Answers>();

function answers(snapshot: Snapshot): Answers {
  let held = answersOf.get(snapshot);
  if (held === undefined) {
    held = {
      kept: new Lru<string>(5000, { maxWeight: ANSWER_CACHE_BYTES, weigh: (url, body) => 2 * (url.length + body.length) + 64 }),
      door: new Doorkeeper(),
    };
    answersOf.set(snapshot, held);
  }
  return held;
}

/**
 * The cache key of a GET or HEAD operation's answer: its URL (path and query string), language, expansion limit
 * and day (a GET is answered from these alone while the content is unchanged); undefined for any other request.
 */
export function answerKey(method: string, url: string, headers: IncomingHttpHeaders): string | undefined {
  if ((method !== 'GET' && method !== 'HEAD') || !url.includes('/$')) return undefined;
  return `${url}\n${headers['accept-language'] ?? ''}\n${headers['x-too-costly-threshold'] ?? ''}\n${todayInNorway()}`;
}

/** The kept answer for `key` in `snapshot`, counted as a hit or a miss in `metrics`. */
export function cachedAnswer(snapshot: Snapshot, key: string, metrics: Metrics | undefined): string | undefined {
  const cached = answersOf.get(snapshot)?.kept.get(key);
  metrics?.answerCache.inc({ result: cached === undefined ? 'miss' : 'hit' });
  return cached;
}

/**
 * Keeps the serialised answer for `key` in `snapshot`'s cache if the same key was asked for before in this
 * snapshot: a one-off request is not kept, so it evicts nothing (see `Doorkeeper`). Large answers are never kept.
 */
export function keepAnswer(snapshot: Snapshot, key: string, body: string): void {
  if (body.length > MAX_CACHED_ANSWER) return;
  const held = answers(snapshot);
  if (held.door.seen(key)) held.kept.set(key, body);
}
