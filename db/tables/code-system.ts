import type { Generated, JSONColumnType } from 'kysely';

/** An identifier as FHIR writes it (`Identifier.system` + `Identifier.value`). */
export interface StoredIdentifier {
  system: string;
  value: string;
}

/** One code system, independent of its versions: canonical url and descriptive metadata. */
export interface CodeSystemTable {
  id: Generated<number>;
  url: string;
  name: string;
  title: string | null;
  publisher: string | null;
  description: string | null;
  identifiers: JSONColumnType<StoredIdentifier[]>;
  hierarchy_meaning: string | null;
  case_sensitive: boolean;
}

/** Other URIs under which clients may name a code system (urn:oid forms, national URLs). */
export interface CodeSystemAliasTable {
  alias: string;
  code_system_id: number;
}
