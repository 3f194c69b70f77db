import type { Generated, JSONColumnType } from 'kysely';
import type { ValueSet } from 'fhir/r4';

/** A ValueSet resource (definition only; expansions are computed). */
export interface ValueSetTable {
  id: Generated<number>;
  url: string;
  version: string | null;
  resource_id: string;
  name: string | null;
  title: string | null;
  status: string;
  date: string | null;
  resource: JSONColumnType<ValueSet>;
}
