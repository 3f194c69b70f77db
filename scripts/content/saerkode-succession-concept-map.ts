import type { ConceptMap, ConceptMapGroupElement, ConceptMapGroupElementTarget, Extension } from 'fhir/r4';
import { NCMP, SAERKODER } from '../../server/terminology/code-systems';
import { MAPPING_VALIDITY_EXT, MAPPING_VALIDITY_NOTE_EXT, PROJECT_BASE } from '../../server/terminology/systems';
import { provenanceExtension, type Provenance } from './code-list-code-system';
import type { NcmpCodeChangeFact, SaerkodeSuccessionFact } from './ncmp-2021-facts';

/** The id of the særkode → NCMP succession ConceptMap. */
export const SAERKODE_TO_NCMP_ID = 'saerkode-to-ncmp';

/** The source document the succession is read from. */
export interface SuccessionSource {
  readonly title: string;
  /** Short name used in comments, e.g. "NCMP change document 2021". */
  readonly shortName: string;
  readonly publisher: string;
  /** The document's date (`YYYY-MM-DD`): the ConceptMap's `date`. */
  readonly date: string;
}

/** What {@link buildSaerkodeSuccessionConceptMap} needs. */
export interface SaerkodeSuccessionInput {
  /** The ConceptMap's business version, e.g. `2021` (the change document it is read from). */
  readonly version: string;
  readonly successions: readonly SaerkodeSuccessionFact[];
  /**
   * The NCMP codes with their texts: gives each target its display, and for a succession dated only
   * "before" the removed reference ("Erstatter tidligere særkode X") that evidences it.
   */
  readonly ncmpConcepts: readonly NcmpCodeChangeFact[];
  readonly source: SuccessionSource;
  readonly publisher: string;
  /** The document file the successions are transcribed from, cited in the resource. */
  readonly provenance: Provenance;
  readonly copyright: string;
}

/**
 * Builds the ConceptMap særkode → NCMP: each særkode to the ordinary NCMP code(s) that replaced it, `equivalent`
 * for one successor and `narrower` for each of several. Every target carries what is known of when the mapping
 * applies: a {@link MAPPING_VALIDITY_EXT} period when the source states the start, otherwise a
 * {@link MAPPING_VALIDITY_NOTE_EXT} note and no date at all. Pure.
 *
 * @throws Error when a successor is not among `ncmpConcepts`, or a succession dated only "before" has no removed
 * reference to the særkode in its successor's text (the claim would have no evidence).
 */
export function buildSaerkodeSuccessionConceptMap(input: SaerkodeSuccessionInput): ConceptMap {
  const { version, successions, ncmpConcepts, source, publisher } = input;
  const byCode = new Map(ncmpConcepts.map((c) => [c.code, c]));
  const pairs = successions.reduce((n, s) => n + s.successors.length, 0);
  return {
    resourceType: 'ConceptMap',
    id: SAERKODE_TO_NCMP_ID,
    extension: [provenanceExtension(input.provenance)],
    url: `${PROJECT_BASE}/ConceptMap/${SAERKODE_TO_NCMP_ID}`,
    version,
    name: 'SaerkodeToNcmp',
    title: 'Særkoder → NCMP: succession of national special procedure codes',
    status: 'active',
    experimental: false,
    date: source.date,
    publisher,
    description:
      `Which ordinary NCMP code(s) replaced each national særkode (${pairs} mappings over ${successions.length} ` +
      `særkoder), as stated in "${source.title}" (${source.publisher}, ${source.date}). Where one særkode was ` +
      'replaced by several NCMP codes each target is narrower than the særkode. Each target records when the ' +
      'mapping applies: a validity period where the source states the date, otherwise a note that it took effect ' +
      'earlier on a date the source does not state.',
    purpose: 'Translate særkoder in historical data to their NCMP successors, and NCMP codes back (reverse).',
    jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'NO' }] }],
    copyright: input.copyright,
    sourceUri: SAERKODER.valueSetUrl,
    targetUri: NCMP.valueSetUrl,
    group: [
      {
        source: SAERKODER.url,
        target: NCMP.url,
        element: successions.map((s) => element(s, byCode, source)),
      },
    ],
  };
}

function element(
  succession: SaerkodeSuccessionFact,
  byCode: ReadonlyMap<string, NcmpCodeChangeFact>,
  source: SuccessionSource,
): ConceptMapGroupElement {
  const { saerkode, successors } = succession;
  const split = successors.length > 1;
  const target = successors.map((code): ConceptMapGroupElementTarget => {
    const ncmp = byCode.get(code);
    if (!ncmp) throw new Error(`Successor ${code} of ${saerkode} is not among the NCMP concepts`);
    const comment: string[] = [];
    if (split) {
      comment.push(
        `${saerkode} was replaced by ${successors.length} NCMP codes (${successors.join(', ')}); each is narrower.`,
      );
    }
    if (succession.foldedIntoExistingCode) {
      comment.push(`${saerkode} was folded into the existing NCMP code ${code}.`);
    }
    let extension: Extension;
    if (succession.inForce.kind === 'from') {
      const { start } = succession.inForce;
      extension = { url: MAPPING_VALIDITY_EXT, valuePeriod: { start } };
      comment.push(`Replaced from ${start} (${source.shortName}).`);
    } else {
      const { before } = succession.inForce;
      const removed = (ncmp.removedIn2021 ?? []).find((text) => text.includes(saerkode));
      if (removed === undefined) {
        throw new Error(`No removed reference to ${saerkode} in the text of ${code}: the succession has no evidence`);
      }
      const note =
        `Took effect before ${before}; the exact date is not stated in the source (${source.shortName}).`;
      extension = { url: MAPPING_VALIDITY_NOTE_EXT, valueString: note };
      comment.push(
        `${note} The ${source.shortName} removes "${removed}" from the text of ${code} ` +
          '("Henvisning til tidligere særkoder fjernes fra 2021").',
      );
    }
    return {
      extension: [extension],
      code,
      display: ncmp.display,
      equivalence: split ? 'narrower' : 'equivalent',
      comment: comment.join(' '),
    };
  });
  return { code: saerkode, target };
}
