import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/**
 * One version of a code system. Its effective period is `[effective_from, effective_to)`; `effective_to`
 * is null for the newest version and is kept equal to the next version's `effective_from` by every load.
 * A version without an effective period (`effective_from` null, most CodeSystems carry none) has no date
 * limits and takes no part in that chain.
 */
export interface CodeSystemVersionTable {
  id: Generated<number>;
  code_system_id: number;
  version: string;
  /** The FHIR resource id under which this version is served (`ncmp-2014`). */
  resource_id: string;
  status: string;
  /** FHIR `CodeSystem.content`: complete | fragment | not-present | example | supplement. */
  content: string;
  effective_from: string | null;
  effective_to: string | null;
  /** Publication date, when known (ISO date). */
  published: string | null;
  description: string | null;
  /** Canonical of the ValueSet holding all codes of this version. */
  value_set_url: string | null;
  /** Where the content came from (file name and SHA-256), for provenance. */
  source: JSONColumnType<Record<string, unknown>>;
  concept_count: number;
  /** For a supplement (`content = supplement`): the canonical (`url|version`) of the code system it supplements. */
  supplements: string | null;
  /** What the CodeSystem says that answers use: language, experimental, standards status, property uris. */
  attributes: ColumnType<VersionAttributes, string | undefined, string>;
  loaded_at: Generated<string>;
}

/** A version's `attributes` (all optional: versions loaded before the column have none). */
export interface VersionAttributes {
  /** The language of the concepts' displays (`CodeSystem.language`). */
  language?: string;
  /** `CodeSystem.experimental`. */
  experimental?: boolean;
  /** The `structuredefinition-standards-status` extension of the CodeSystem (`deprecated`, `withdrawn`, …). */
  standardsStatus?: string;
  /** Each property the code system defines (`CodeSystem.property`) and its uri ('' when it gives none). */
  propertyUris?: Record<string, string>;
  /**
   * `CodeSystem.meta.source`: where the version came from. The server's own shipped third-party content (FHIR core,
   * v2, v3) names its package there, which makes the version read-only (see `server/import/fhir-core.ts`).
   */
  metaSource?: string;
}
