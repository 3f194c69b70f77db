import type { Coding } from 'fhir/r4';
import { todayInNorway } from './dates';
import type { ConceptMapEntry, MapElement } from './model';
import { resolveVersion } from './resolve';
import { isTranslation } from './concept-map-mappings';
import { predecessorsOf, successorsOf, validityText, type Succession } from './succession';
import type { Snapshot } from './snapshot';
import { traitsFor } from './code-systems';

/** What to translate and how. */
export interface TranslateRequest {
  system: string;
  code: string;
  reverse: boolean;
  /** Only targets in this system (forward) or sources in this system (reverse). */
  targetSystem: string | undefined;
  date: string | undefined;
  maps: ConceptMapEntry[];
}

/** One answer of $translate. */
export interface TranslateMatch {
  equivalence: string;
  concept: Coding;
  map: ConceptMapEntry;
  comment: string | undefined;
  /** The mapping's start of validity is not recorded. */
  unknownStart: boolean;
}

/** The matches, and what the client should be told about mappings that did not apply. */
export interface TranslateResult {
  result: boolean;
  matches: TranslateMatch[];
  notes: string[];
}

/** Seen from the target: `narrower` (target narrower than source) reads `wider` in reverse, and so on. */
const REVERSED: Record<string, string> = {
  narrower: 'wider',
  wider: 'narrower',
  subsumes: 'specializes',
  specializes: 'subsumes',
};

async function displayInForce(snapshot: Snapshot, system: string, code: string, date: string, fallback: string | null): Promise<string | undefined> {
  const r = resolveVersion(snapshot, { system, date });
  if (r.kind === 'found') {
    const concept = (await snapshot.content(r.version)).byCode.get(code);
    if (concept?.display) return concept.display;
  }
  return fallback ?? undefined;
}

function otherSide(element: MapElement, reverse: boolean): { system: string | null; code: string | null; display: string | null } {
  return reverse
    ? { system: element.sourceSystem, code: element.sourceCode, display: element.sourceDisplay }
    : { system: element.targetSystem, code: element.targetCode, display: element.targetDisplay };
}

/**
 * Translates a code through concept maps, forward (what replaced it) or in reverse (what it replaced),
 * honouring each mapping's validity on `date` (default today).
 */
export async function translate(snapshot: Snapshot, req: TranslateRequest): Promise<TranslateResult> {
  const date = req.date ?? todayInNorway();
  const found: Succession[] = req.reverse
    ? predecessorsOf(snapshot, req.system, req.code, date, req.maps)
    : successorsOf(snapshot, req.system, req.code, date, req.maps);
  const targetSystem = req.targetSystem === undefined ? undefined : snapshot.system(req.targetSystem)?.url ?? req.targetSystem;
  const matches: TranslateMatch[] = [];
  const notes: string[] = [];
  for (const s of found) {
    const other = otherSide(s.element, req.reverse);
    const otherUrl = other.system === null ? null : snapshot.system(other.system)?.url ?? other.system;
    if (targetSystem !== undefined && otherUrl !== targetSystem) continue;
    if (s.timing === 'not-yet' || s.timing === 'ended') {
      const relation = req.reverse ? `${req.code} replaces ${other.code}` : `${req.code} is replaced by ${other.code ?? '(nothing)'}`;
      notes.push(`${[relation, validityText(s.element)].filter(Boolean).join(' ')}; that mapping does not apply on ${date}`);
      continue;
    }
    const equivalence = req.reverse ? (REVERSED[s.element.equivalence] ?? s.element.equivalence) : s.element.equivalence;
    const validity = validityText(s.element) ?? '';
    const comment =
      s.timing === 'unknown-start' && !(s.element.comment ?? '').includes(validity)
        ? [s.element.comment, `Start of validity not recorded: ${validity}`].filter(Boolean).join(' ')
        : (s.element.comment ?? undefined);
    const concept: Coding = {};
    if (otherUrl !== null) concept.system = otherUrl;
    if (other.code !== null) {
      concept.code = other.code;
      // The display the map gives; for a system the server knows (NCMP, særkoder) the text in force on the date,
      // which a coder reading a successor needs. Other systems' displays are not added (as tx.fhir.org).
      const display = otherUrl !== null && traitsFor(otherUrl).displayInForce ? await displayInForce(snapshot, otherUrl, other.code, date, other.display) : (other.display ?? undefined);
      if (display !== undefined) concept.display = display;
    }
    matches.push({ equivalence, concept, map: s.map, comment, unknownStart: s.timing === 'unknown-start' });
  }
  const result = matches.some((m) => isTranslation(m.equivalence));
  return { result, matches, notes };
}
