import type { Generated, JSONColumnType } from 'kysely';
import type { ConceptMap } from 'fhir/r4';

/** A ConceptMap's metadata; its mappings live in `concept_map_element`. `resource` has no `group`. */
export interface ConceptMapTable {
  id: Generated<number>;
  url: string;
  version: string | null;
  resource_id: string;
  name: string | null;
  title: string | null;
  status: string;
  date: string | null;
  source_scope: string | null;
  target_scope: string | null;
  resource: JSONColumnType<ConceptMap>;
}

/**
 * One source → target mapping. `valid_from`/`valid_to` bound the mapping's validity when known; a null
 * `valid_from` with a `validity_note` records an honestly unknown start rather than an invented one.
 */
export interface ConceptMapElementTable {
  id: Generated<number>;
  concept_map_id: number;
  source_system: string;
  source_version: string | null;
  source_code: string;
  source_display: string | null;
  target_system: string | null;
  target_version: string | null;
  target_code: string | null;
  target_display: string | null;
  equivalence: string;
  comment: string | null;
  valid_from: string | null;
  valid_to: string | null;
  validity_note: string | null;
}
