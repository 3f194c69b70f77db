// The project's canonical base and the urls of the extensions it reads and writes. The code systems the server
// knows by heart are in `code-systems/`.

/**
 * The project's canonical base: the ValueSets, ConceptMaps and extensions this server authors live under it.
 * It is an identifier, not a location (see README).
 */
export const PROJECT_BASE = 'https://ncmp-terminology.example/fhir';

/** Extension on a ConceptMap target: the period from which (and until which) that mapping applies. */
export const MAPPING_VALIDITY_EXT = `${PROJECT_BASE}/StructureDefinition/mapping-validity`;
/** Extension on a ConceptMap target: what is known about a mapping's validity when the start is not. */
export const MAPPING_VALIDITY_NOTE_EXT = `${PROJECT_BASE}/StructureDefinition/mapping-validity-note`;
/**
 * Extension on a shipped resource: the source file it was generated from (complex: `file`, `sha256`,
 * `repository`, `nature`, `note`), so that anyone can check the published content against its source.
 */
export const SOURCE_FILE_EXT = `${PROJECT_BASE}/StructureDefinition/source-file`;
/** R5 `CodeSystem.effectivePeriod` carried into R4 (cross-version extension). */
export const EFFECTIVE_PERIOD_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CodeSystem.effectivePeriod';
