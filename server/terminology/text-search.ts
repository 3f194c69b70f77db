/**
 * Text search over concepts (`filter` in `$expand`) and resource strings (the search API): case- and
 * accent-insensitive Norwegian folding, matches inside compounds (`dialyse` finds `hemodialyse`), and a rank:
 * the exact code first, then a code prefix, then displays where every filter word starts a word, then
 * displays that hold every filter word inside a word. A code typed with a space or in lower case
 * (`zwu 40`, `wbgm00`) is found as the code.
 */
import type { Concept } from './model';

/** Case- and accent-insensitive Norwegian search text: `Strålebehandling` and `stralebehandling` agree. */
export function searchFold(text: string): string {
  return text
    .toLocaleLowerCase('nb')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** A concept's search text, folded once per concept (concepts are shared by every request on a snapshot). */
interface SearchText {
  code: string;
  words: string[];
  text: string;
}

const SEARCH_TEXT = new WeakMap<Concept, SearchText>();

function searchTextOf(concept: Concept): SearchText {
  let s = SEARCH_TEXT.get(concept);
  if (!s) {
    const text = searchFold(concept.display ?? '');
    s = { code: searchFold(concept.code).replace(/\s+/g, ''), words: text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== ''), text };
    SEARCH_TEXT.set(concept, s);
  }
  return s;
}

/** Ranks: lower is better. */
export const RANK = { exactCode: 0, codePrefix: 1, wordStart: 2, inner: 3 } as const;

/** A folded filter, prepared once per request. */
interface PreparedFilter {
  codes: string[];
  words: string[];
}

function prepare(filter: string): PreparedFilter | undefined {
  const f = searchFold(filter).trim();
  if (f === '') return undefined;
  const compact = f.replace(/\s+/g, '');
  // NCMP's printed form drops a doubled third letter before a space: `ZWU 40` is ZWUU40 (DOMAIN.md).
  const lost = /^([a-z]{2})([a-z]) ?(\d{2})$/.exec(f);
  const codes = lost && f.includes(' ') ? [compact, `${lost[1]}${lost[2]}${lost[2]}${lost[3]}`] : [compact];
  return { codes, words: f.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '') };
}

function rankPrepared(concept: Concept, f: PreparedFilter): number | undefined {
  const s = searchTextOf(concept);
  if (f.codes.includes(s.code)) return RANK.exactCode;
  if (f.codes.some((c) => s.code.startsWith(c))) return RANK.codePrefix;
  if (f.words.length === 0) return undefined;
  if (f.words.every((w) => s.words.some((d) => d.startsWith(w)))) return RANK.wordStart;
  if (f.words.every((w) => s.text.includes(w))) return RANK.inner;
  return undefined;
}

/** How well a concept matches a filter (see RANK), or undefined when it does not match. */
export function filterRank(concept: Concept, filter: string): number | undefined {
  const f = prepare(filter);
  return f === undefined ? RANK.exactCode : rankPrepared(concept, f);
}

/** Whether a concept matches an `$expand` filter. */
export function matchesFilter(concept: Concept, filter: string): boolean {
  return filterRank(concept, filter) !== undefined;
}

/** The members that match a filter, best rank first (the order within a rank is kept). */
export function rankByFilter<T extends { concept: Concept }>(members: T[], filter: string): T[] {
  const f = prepare(filter);
  if (f === undefined) return members;
  const ranked: { m: T; rank: number; i: number }[] = [];
  members.forEach((m, i) => {
    const rank = rankPrepared(m.concept, f);
    if (rank !== undefined) ranked.push({ m, rank, i });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return ranked.map((r) => r.m);
}

/** Whether a resource string (name, title, …) holds the search text, folded, also inside a compound. */
export function textMatches(text: string | undefined, search: string): boolean {
  return text !== undefined && searchFold(text).includes(searchFold(search));
}
