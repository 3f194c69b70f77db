import type { Kysely, Transaction } from 'kysely';
import type { CodeSystemAliasTable, CodeSystemTable } from './tables/code-system';
import type { CodeSystemVersionTable } from './tables/code-system-version';
import type { ConceptTable } from './tables/concept';
import type { ConceptMapElementTable, ConceptMapTable } from './tables/concept-map';
import type { ContentRevisionTable } from './tables/content-revision';
import type { ShippedBundleTable } from './tables/shipped-bundle';
import type { ValueSetTable } from './tables/value-set';

/** The terminology store: one interface per table, each defined in `db/tables/`. */
export interface Schema {
  code_system: CodeSystemTable;
  code_system_alias: CodeSystemAliasTable;
  code_system_version: CodeSystemVersionTable;
  concept: ConceptTable;
  value_set: ValueSetTable;
  concept_map: ConceptMapTable;
  concept_map_element: ConceptMapElementTable;
  content_revision: ContentRevisionTable;
  shipped_bundle: ShippedBundleTable;
}

/** A database handle or an open transaction: every query function takes one of these first. */
export type Db = Kysely<Schema> | Transaction<Schema>;

export type { StoredDesignation, StoredExtension, StoredProperty } from './tables/concept';
export type { StoredIdentifier } from './tables/code-system';
