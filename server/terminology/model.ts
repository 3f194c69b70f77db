import type { ConceptMap, ValueSet } from 'fhir/r4';
import type { StoredIdentifier } from '../../db/schema';
import type { VersionAttributes } from '../../db/tables/code-system-version';
import type { FlatConcept } from './code-system-concepts';

/** A code system as the server knows it, with every loaded version in effective order. */
export interface SystemEntry {
  id: number;
  url: string;
  name: string;
  title: string | null;
  publisher: string | null;
  description: string | null;
  identifiers: StoredIdentifier[];
  hierarchyMeaning: string | null;
  caseSensitive: boolean;
  aliases: string[];
  /** Ordered by `compareEffective`: versions without an effective period first, then by effective_from. */
  versions: VersionEntry[];
}

/**
 * One code system version; its effective period is `[effectiveFrom, effectiveTo)`. `effectiveFrom` null:
 * the version has no effective period and is in force on any date (`effectiveTo` is null then too). Its
 * attributes (language, …) are those its CodeSystem gives (`codeSystemVersionFacts`), absent where unknown.
 */
export interface VersionEntry extends VersionAttributes {
  id: number;
  system: SystemEntry;
  version: string;
  resourceId: string;
  status: string;
  content: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  published: string | null;
  description: string | null;
  valueSetUrl: string | null;
  conceptCount: number;
  loadedAt: string;
  /** For a supplement: the canonical (`url` or `url|version`) of the code system it supplements. */
  supplements?: string | null;
  /** Sent with the request (`tx-resource`), not stored: preferred over stored versions of its system. */
  inline?: boolean;
}

/** A concept of one version, with its children (derived from the stored parent codes). */
export interface Concept extends FlatConcept {
  children: string[];
}

/** The concepts of one version, by code and in code order. */
export interface VersionContent {
  byCode: Map<string, Concept>;
  ordered: Concept[];
  /**
   * False for a code system defined by a grammar (UCUM, BCP-47, see `providers/`): `byCode` finds any valid code
   * and `ordered` is empty, so the whole system cannot be expanded.
   */
  enumerable?: false;
}

/** A stored value set definition. */
export interface ValueSetEntry {
  id: number;
  url: string;
  version: string | null;
  resourceId: string;
  resource: ValueSet;
}

/** One mapping of a concept map (source code → one target), with its validity. */
export interface MapElement {
  sourceSystem: string;
  sourceVersion: string | null;
  sourceCode: string;
  sourceDisplay: string | null;
  targetSystem: string | null;
  targetVersion: string | null;
  targetCode: string | null;
  targetDisplay: string | null;
  equivalence: string;
  comment: string | null;
  validFrom: string | null;
  validTo: string | null;
  validityNote: string | null;
}

/** A stored concept map with its mappings. */
export interface ConceptMapEntry {
  id: number;
  url: string;
  version: string | null;
  resourceId: string;
  resource: ConceptMap;
  sourceScope: string | null;
  targetScope: string | null;
  elements: MapElement[];
}

/** Whether a concept is inactive in its version (retired, inactive or deprecated with `inactive=true`). */
export function isInactive(concept: Concept): boolean {
  if (concept.status === 'retired' || concept.status === 'inactive') return true;
  return concept.properties.some((p) => p.code === 'inactive' && p.valueBoolean === true);
}

/** Whether a concept is retired (gone from its version, kept only so questions about it get an answer). */
export function isRetired(concept: Concept): boolean {
  return concept.status === 'retired' || concept.properties.some((p) => p.code === 'status' && p.valueCode === 'retired');
}

/**
 * Whether a concept is withdrawn from its version: retired with a retirement date (as NCMP records a code
 * that ceased). Such a concept is not a member of value sets and not a valid code; it is kept so that
 * questions about it get an answer. A concept that is only marked `retired` (FHIR's status, with no date)
 * is still in its version, as an inactive concept, as tx.fhir.org treats it.
 */
export function isWithdrawn(concept: Concept): boolean {
  return isRetired(concept) && retirementDate(concept) !== undefined;
}

/** The date from which a retired concept is no longer valid, when the version records it. */
export function retirementDate(concept: Concept): string | undefined {
  const p = concept.properties.find((x) => x.code === 'retirementDate');
  return p?.valueDateTime?.slice(0, 10);
}

/** The extension that marks a resource (or a value set's concept) deprecated or withdrawn. */
export const STANDARDS_STATUS_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status';

/** A status of a code system version or value set that a client should hear of (tx.fhir.org's `warning-*`). */
export interface StatusNote {
  kind: 'draft' | 'experimental' | 'deprecated' | 'withdrawn';
  resourceType: 'CodeSystem' | 'ValueSet';
  canonical: string;
}

/** The status notes of a resource: draft, experimental, deprecated or withdrawn (standards status). */
export function statusNotes(
  resourceType: StatusNote['resourceType'],
  canonical: string,
  r: { status?: string; experimental?: boolean; standardsStatus?: string },
): StatusNote[] {
  const out: StatusNote[] = [];
  if (r.status === 'draft') out.push({ kind: 'draft', resourceType, canonical });
  if (r.experimental === true) out.push({ kind: 'experimental', resourceType, canonical });
  if (r.standardsStatus === 'deprecated' || r.standardsStatus === 'withdrawn') out.push({ kind: r.standardsStatus, resourceType, canonical });
  return out;
}

/** The status notes of a code system version. */
export function versionStatusNotes(v: VersionEntry): StatusNote[] {
  return statusNotes('CodeSystem', v.version ? `${v.system.url}|${v.version}` : v.system.url, v);
}

/** The status notes of a value set. */
export function valueSetStatusNotes(vs: ValueSet): StatusNote[] {
  const canonical = vs.version ? `${vs.url}|${vs.version}` : (vs.url ?? '');
  // tx.fhir.org notes a value set's standards status only, not its draft or experimental status.
  return statusNotes('ValueSet', canonical, { standardsStatus: vs.extension?.find((e) => e.url === STANDARDS_STATUS_EXT)?.valueCode });
}
