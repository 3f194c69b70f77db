// The seam for code systems answered by a library rather than by stored concepts (UCUM, BCP-47, ISO 3166, media
// types, ISO 4217), as tx.fhir.org answers them: one module per library, each a `CodeSystemProvider`.
import type { StoredDesignation } from '../../../db/schema';
import type { Concept } from '../model';

/** What a provider knows of one code: the concept's texts; it is active and selectable. */
export interface ProvidedConcept {
  code: string;
  display: string;
  /** Other texts: another language's name (ISO 3166 in Norwegian), a unit's name (UCUM). */
  designations?: StoredDesignation[];
}

/** A code system whose codes a library knows: by grammar (any valid expression) or by its own list. */
export interface CodeSystemProvider {
  url: string;
  /** Other URIs accepted on input. */
  aliases: readonly string[];
  name: string;
  title: string;
  publisher: string;
  description: string;
  /** The version it answers with: the standard's edition where the library names one, else the library's data. */
  version: string;
  /** The package and version the answers come from, for TerminologyCapabilities and the README. */
  source: string;
  caseSensitive: boolean;
  /** The concept for a code, when the code is valid (a grammar checks the expression; a list looks it up). */
  lookup(code: string): ProvidedConcept | undefined;
  /**
   * Every code, for a system that is a list (ISO 3166, media types, ISO 4217); undefined for a grammar (UCUM,
   * BCP-47), whose codes cannot be listed: an expansion of the whole system is refused as too costly.
   */
  enumerate?(): ProvidedConcept[];
}

/** A provided concept as the engine holds concepts: active, selectable, without a hierarchy. */
export function asConcept(p: ProvidedConcept): Concept {
  return {
    code: p.code,
    display: p.display,
    definition: null,
    parentCode: null,
    status: 'active',
    abstract: false,
    properties: [],
    designations: p.designations ?? [],
    children: [],
  };
}
