import type { Concept } from './model';

/** The outcome of comparing a client's display with the concept's display and designations. */
export type DisplayCheck = { kind: 'match' } | { kind: 'case-or-space'; expected: string } | { kind: 'wrong'; expected: string };

const fold = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nb');

/** The designations (and display) acceptable in the requested language; `*` or none means any. */
export function acceptableDisplays(concept: Concept, language?: string): string[] {
  const out: string[] = [];
  if (concept.display) out.push(concept.display);
  for (const d of concept.designations) {
    if (!language || language === '*' || !d.language || d.language.toLowerCase().startsWith(language.toLowerCase().split('-')[0]!)) {
      out.push(d.value);
    }
  }
  return out;
}

/** Compares a given display with what the concept accepts: exact, differing only in case/space, or wrong. */
export function checkDisplay(concept: Concept, given: string, language?: string): DisplayCheck {
  const candidates = acceptableDisplays(concept, language);
  if (candidates.includes(given)) return { kind: 'match' };
  const expected = concept.display ?? candidates[0] ?? '';
  if (candidates.some((c) => fold(c) === fold(given))) return { kind: 'case-or-space', expected };
  return { kind: 'wrong', expected };
}
