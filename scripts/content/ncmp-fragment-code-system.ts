import type { CodeSystem, CodeSystemConcept, CodeSystemConceptProperty, CodeSystemProperty } from 'fhir/r4';
import { NCMP } from '../../server/terminology/code-systems';
import { EFFECTIVE_PERIOD_EXT } from '../../server/terminology/systems';
import { provenanceExtension, type Provenance } from './code-list-code-system';
import type { NcmpCodeChangeFact } from './ncmp-2021-facts';

/** Standard FHIR concept properties (http://hl7.org/fhir/concept-properties). */
const CONCEPT_PROPERTIES = 'http://hl7.org/fhir/concept-properties';

/**
 * The concept properties an NCMP CodeSystem version declares: the FHIR standard ones for status and hierarchy,
 * plus the NCMP text parts (inclusions, exclusions, sub-texts) and the change-document facts (note, change type).
 */
export const NCMP_CONCEPT_PROPERTIES: readonly CodeSystemProperty[] = [
  {
    code: 'inactive',
    uri: `${CONCEPT_PROPERTIES}#inactive`,
    type: 'boolean',
    description: 'True if the concept is not in use in this version.',
  },
  {
    code: 'status',
    uri: `${CONCEPT_PROPERTIES}#status`,
    type: 'code',
    description: 'The status of the concept in this version (active | retired).',
  },
  {
    code: 'retirementDate',
    uri: `${CONCEPT_PROPERTIES}#retirementDate`,
    type: 'dateTime',
    description: 'The date from which the concept is no longer in use.',
  },
  {
    code: 'notSelectable',
    uri: `${CONCEPT_PROPERTIES}#notSelectable`,
    type: 'boolean',
    description: 'True for grouping concepts (chapter, section, group) that are not used to record a procedure.',
  },
  {
    code: 'parent',
    uri: `${CONCEPT_PROPERTIES}#parent`,
    type: 'code',
    description: 'The parent concept in the NCMP hierarchy (chapter → section → group → code).',
  },
  { code: 'inclusion', type: 'string', description: 'An inclusion (`Inkl.:`) line of the code text.' },
  {
    code: 'exclusion',
    type: 'string',
    description: 'An exclusion (`Ekskl.:`) line of the code text; the alternative code is often given in parentheses.',
  },
  {
    code: 'subText',
    type: 'string',
    description: 'A free sub-text line of the code text (e.g. "For bruk av denne koden, se årets kodeveiledning.").',
  },
  { code: 'note', type: 'string', description: 'The note (Merknad) the yearly change document gives for the code.' },
  {
    code: 'changeType',
    type: 'code',
    description: 'What the yearly change document did to the code: new | reactivated | retired | text-changed.',
  },
];

/** The source a fragment is transcribed from. */
export interface FragmentSource {
  /** The document's title, cited in the description. */
  readonly title: string;
  readonly publisher: string;
  /** The document's date (`YYYY-MM-DD`): the resource's `date`. */
  readonly date: string;
  /** The date the version comes into force (`YYYY-MM-DD`); also the retirement date of retired codes. */
  readonly effectiveFrom: string;
}

/** What {@link buildNcmpFragmentCodeSystem} needs. */
export interface NcmpFragmentInput {
  /** The NCMP version (year), e.g. `2021`. */
  readonly version: string;
  /** The codes the change document names, with their texts in this version. */
  readonly changes: readonly NcmpCodeChangeFact[];
  readonly source: FragmentSource;
  /** The document file the facts are transcribed from, cited in the resource. */
  readonly provenance: Provenance;
  readonly copyright: string;
}

/**
 * Builds the NCMP CodeSystem version a change document describes, as a `fragment`: only the codes the document
 * names, with their texts in that version. Pure: the same input gives the same resource.
 *
 * @throws Error when a code does not have the NCMP shape or is listed twice.
 * @example
 * buildNcmpFragmentCodeSystem({ version: '2021', changes: NCMP_2021_CHANGES, source: NCMP_CHANGE_DOCUMENT_2021 });
 */
export function buildNcmpFragmentCodeSystem(input: NcmpFragmentInput): CodeSystem {
  const { version, changes, source } = input;
  const seen = new Set<string>();
  for (const fact of changes) {
    if (!NCMP.codePattern.test(fact.code)) throw new Error(`Not an NCMP code: '${fact.code}'`);
    if (seen.has(fact.code)) throw new Error(`NCMP code listed twice: '${fact.code}'`);
    seen.add(fact.code);
  }
  return {
    resourceType: 'CodeSystem',
    id: `${NCMP.idPrefix}-${version}`,
    language: 'nb',
    extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: source.effectiveFrom } }, provenanceExtension(input.provenance)],
    url: NCMP.url,
    identifier: NCMP.identifiers.map((i) => ({ system: i.system, value: i.value })),
    version,
    name: NCMP.name,
    title: NCMP.title,
    status: 'active',
    experimental: false,
    date: source.date,
    publisher: source.publisher,
    description:
      `${NCMP.description} Version ${version}, in force from ${source.effectiveFrom}. A fragment: only the ` +
      `${changes.length} codes named in "${source.title}" (${source.publisher}, ${source.date}), with their ` +
      `${version} texts: new and re-activated codes, retired codes and codes whose text changed.`,
    jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'NO' }] }],
    copyright: input.copyright,
    caseSensitive: true,
    hierarchyMeaning: 'is-a',
    content: 'fragment',
    count: changes.length,
    property: NCMP_CONCEPT_PROPERTIES.map((p) => ({ ...p })),
    concept: changes.map((fact) => concept(fact, source.effectiveFrom)),
  };
}

function concept(fact: NcmpCodeChangeFact, effectiveFrom: string): CodeSystemConcept {
  const property: CodeSystemConceptProperty[] = [];
  if (fact.changeType === 'retired') {
    property.push(
      { code: 'status', valueCode: 'retired' },
      { code: 'inactive', valueBoolean: true },
      { code: 'retirementDate', valueDateTime: effectiveFrom },
    );
  }
  for (const text of fact.subTexts ?? []) property.push({ code: 'subText', valueString: text });
  for (const text of fact.inclusions ?? []) property.push({ code: 'inclusion', valueString: text });
  for (const text of fact.exclusions ?? []) property.push({ code: 'exclusion', valueString: text });
  property.push({ code: 'note', valueString: fact.note }, { code: 'changeType', valueCode: fact.changeType });
  return { code: fact.code, display: fact.display, property };
}
