// The `$expand` filter's search index (text-search.ts) must rank exactly as the plain per-concept scan does:
// checked on the real NCMP 2014 codes (the shipped CodeSystem) against `filterRank`, for filters drawn from
// the codes and displays themselves (cut, re-cased, accented, spaced) and for arbitrary text.
import fc from 'fast-check';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Concept } from '../../server/terminology/model';
import { filterRank, rankByFilter } from '../../server/terminology/text-search';

interface RawConcept {
  code: string;
  display?: string;
  concept?: RawConcept[];
}
const raw = JSON.parse(readFileSync(path.resolve(__dirname, '../../fhir-resources/package/CodeSystem-ncmp-2014.json'), 'utf8')) as { concept: RawConcept[] };
const concepts: Concept[] = [];
const walk = (list: RawConcept[] | undefined): void => {
  for (const c of list ?? []) {
    concepts.push({ code: c.code, display: c.display ?? null, children: [] } as unknown as Concept);
    walk(c.concept);
  }
};
walk(raw.concept);
const members = concepts.map((concept) => ({ concept }));

/** The plain scan: every concept ranked on its own, best rank first, order kept within a rank. */
function reference(filter: string): string[] {
  return members
    .map((m, i) => ({ m, i, rank: filterRank(m.concept, filter) }))
    .filter((r) => r.rank !== undefined)
    .sort((a, b) => a.rank! - b.rank! || a.i - b.i)
    .map((r) => r.m.concept.code);
}
const indexed = (filter: string, list = members): string[] => rankByFilter(list, filter).map((m) => m.concept.code);

const texts = concepts.flatMap((c) => [c.code, c.display ?? '']).filter((t) => t !== '');
/** A filter made from real text: a slice of a code or display, perhaps re-cased, accented, with spaces. */
const fromContent = fc
  .tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 14 }), fc.constantFrom('same', 'upper', 'lower', 'spaced', 'accent', 'two'))
  .map(([text, start, length, how]) => {
    const at = start % text.length;
    let f = text.slice(at, at + length);
    if (how === 'upper') f = f.toUpperCase();
    if (how === 'lower') f = f.toLowerCase();
    if (how === 'spaced') f = f.replace(/(.{3})/, '$1 ');
    if (how === 'accent') f = f.replace(/a/g, 'å').replace(/o/g, 'ø').replace(/e/g, 'é');
    if (how === 'two') f = `${f} ${text.split(' ').at(-1) ?? ''}`;
    return f;
  });

describe('the $expand filter index', () => {
  it('finds what a plain scan of the NCMP 2014 concepts finds, in the same order', () => {
    expect(concepts.length).toBeGreaterThan(800);
    for (const filter of ['kne', 'dialyse', 'ZWU 40', 'wbgm00', 'AAD', 'Strålebehandling', 'stralebehandling', 'ultralyd kontrast', 'x', '', '   ', 'zzzz']) {
      expect({ filter, codes: indexed(filter) }).toEqual({ filter, codes: reference(filter) });
    }
    // Not vacuous: the common filters match something, some by code and some by display.
    expect(indexed('AAD').length).toBeGreaterThan(1);
    expect(indexed('ultralyd').length).toBeGreaterThan(1);
    fc.assert(
      fc.property(fc.oneof(fromContent, fc.string({ maxLength: 8 })), (filter) => {
        expect(indexed(filter)).toEqual(reference(filter));
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('keeps a separate index for another list of the same concepts (a subset, another order)', () => {
    const active = members.filter((_, i) => i % 3 !== 0);
    const reversed = [...members].reverse();
    for (const filter of ['kne', 'AA', 'ultralyd']) {
      expect(indexed(filter, active)).toEqual(reference(filter).filter((code) => active.some((m) => m.concept.code === code)));
      // Same rank order, but within a rank the list's own order.
      const ranks = indexed(filter, reversed).map((code) => filterRank(concepts.find((c) => c.code === code)!, filter));
      expect(ranks).toEqual([...ranks].sort((a, b) => a! - b!));
      expect(new Set(indexed(filter, reversed))).toEqual(new Set(reference(filter)));
      // And the full list still gets its own answer afterwards.
      expect(indexed(filter)).toEqual(reference(filter));
    }
  });
});
