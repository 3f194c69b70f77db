import type { ColumnType, JSONColumnType } from 'kysely';

/** A concept property value as FHIR carries it: exactly one `value[x]`. */
export interface StoredProperty {
  code: string;
  valueCode?: string;
  valueString?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueDecimal?: number;
  valueDateTime?: string;
  valueCoding?: { system?: string; code?: string; display?: string };
  /**
   * Set on a property read from a concept extension (`codesystem-label` → `label`, `codesystem-conceptOrder` →
   * `order`, `itemWeight` → `weight`, R5's concept properties): shown in expansions, not listed by $lookup.
   */
  fromExtension?: true;
}

/** A designation (another text for the concept, optionally in a language and with a use). */
export interface StoredDesignation {
  language?: string;
  use?: { system?: string; code?: string; display?: string };
  value: string;
  /** The designation's own standards status (`deprecated`, `withdrawn`): no longer a correct display. */
  status?: string;
  /** The supplement (`url|version`) it comes from, when a request applies one; never stored. */
  source?: string;
  /** The designation's extensions as the code system gives them (echoed in expansions). */
  extension?: { url: string; [value: string]: unknown }[];
}

/** One concept of one code system version. Primary key (version_id, code); also indexed by code. */
export interface ConceptTable {
  version_id: number;
  code: string;
  display: string | null;
  definition: string | null;
  parent_code: string | null;
  /** active | inactive | deprecated | retired: the concept's status within this version. */
  status: string;
  abstract: boolean;
  properties: JSONColumnType<StoredProperty[]>;
  designations: JSONColumnType<StoredDesignation[]>;
  /** Extensions of the concept that an expansion repeats (`rendering-style`, `rendering-xhtml`). */
  extensions: ColumnType<StoredExtension[], string | undefined, string>;
  /**
   * Its place in the CodeSystem as written, for a FHIR CodeSystem of a system the server does not know by heart; null
   * otherwise (read in code order).
   */
  ordinal: ColumnType<number | null, number | null | undefined, number | null>;
}

/** An extension as stored: its url and one value[x]. */
export interface StoredExtension {
  url: string;
  [value: string]: unknown;
}
