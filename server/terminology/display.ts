import type { Concept } from './model';

/** The outcome of comparing a client's display with the concept's display and designations. */
export type DisplayCheck = { kind: 'match' } | { kind: 'case-or-space'; expected: string } | { kind: 'wrong'; expected: string };

const fold = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nb');

/** The languages of a request, in order: `de,de-DE` or `nb-NO, en;q=0.5` (quality values dropped). */
export function requestedLanguages(requested: string): string[] {
  return requested
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .filter((tag) => tag !== '');
}

/**
 * Whether a designation's language serves a requested one (`nb` serves `nb-NO` and the reverse); a list
 * (`de,de-DE`) is served when any of its languages is.
 */
export function languageMatches(tag: string, requested: string): boolean {
  const a = tag.toLowerCase();
  return requestedLanguages(requested).some((b) => a === b || a.split('-')[0] === b.split('-')[0]);
}

/**
 * The display to show in a requested language: a designation in that language (a `display`-use one
 * first), else the concept's own display. `*` or no language means the concept's display.
 */
export function preferredDisplay(concept: Concept, language?: string): string | undefined {
  if (language && language !== '*') {
    for (const one of requestedLanguages(language)) {
      const inLanguage = concept.designations.filter((d) => d.language && languageMatches(d.language, one));
      const pick = inLanguage.find((d) => !d.use || d.use.code === 'display') ?? inLanguage[0];
      if (pick) return pick.value;
    }
  }
  return concept.display ?? undefined;
}

/** The designations (and display) acceptable in the requested language; `*` or none means any. */
export function acceptableDisplays(concept: Concept, language?: string): string[] {
  const out: string[] = [];
  if (concept.display) out.push(concept.display);
  for (const d of concept.designations) {
    if (!language || language === '*' || !d.language || languageMatches(d.language, language)) {
      out.push(d.value);
    }
  }
  return out;
}

const flag = (concept: Concept, code: string): boolean => concept.properties.some((p) => p.code === code && p.valueBoolean === true);

/**
 * Whether `given` is the concept's display as far as its source kept it: where the source lost characters
 * (`textDamaged`, each run shown as `?`) any characters may stand in their place, and where the source cut texts
 * (`textMayBeCut`) a longer text that begins with the stored one fits. A display is not refused for what the
 * source lost.
 */
function fitsDamagedText(concept: Concept, given: string): boolean {
  const stored = concept.display;
  if (!stored) return false;
  if (flag(concept, 'textMayBeCut') && fold(given).startsWith(fold(stored))) return true;
  if (!flag(concept, 'textDamaged')) return false;
  const escaped = fold(stored)
    .split(/\?+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.{1,6}?')}$`, 'u').test(fold(given));
}

/** Compares a given display with what the concept accepts: exact, differing only in case/space, or wrong. */
export function checkDisplay(concept: Concept, given: string, language?: string): DisplayCheck {
  const candidates = acceptableDisplays(concept, language);
  if (candidates.includes(given) || fitsDamagedText(concept, given)) return { kind: 'match' };
  const expected = concept.display ?? candidates[0] ?? '';
  if (candidates.some((c) => fold(c) === fold(given))) return { kind: 'case-or-space', expected };
  return { kind: 'wrong', expected };
}
