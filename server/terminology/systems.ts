import type { StoredIdentifier } from '../../db/schema';

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

/** A code system this server knows by heart: its canonical url, names, aliases and code shape. */
export interface KnownSystem {
  key: 'ncmp' | 'saerkoder';
  url: string;
  name: string;
  title: string;
  publisher: string;
  description: string;
  identifiers: StoredIdentifier[];
  /** Other URIs accepted on input (DOMAIN.md §2). */
  aliases: string[];
  /** Prefix of the FHIR resource ids of its versions (`ncmp` → `ncmp-2014`). */
  idPrefix: string;
  /** The shape of a valid code. */
  codePattern: RegExp;
  /** Canonical of the ValueSet that holds all codes of one version. */
  valueSetUrl: string;
  hierarchyMeaning: 'is-a' | undefined;
}

export const NCMP: KnownSystem = {
  key: 'ncmp',
  url: 'urn:oid:2.16.578.1.12.4.1.1.7220',
  name: 'NCMP',
  title: 'Norsk klassifikasjon av medisinske prosedyrer (NCMP)',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description: 'The Norwegian classification of medical (non-surgical) procedures.',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7220' }],
  aliases: [
    'http://helsedir.no/fhir/CodeSystem/no-kodeverk-7220',
    'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7220',
    // NKPK (NCMP+NCSP+NCRP): an NCMP-shaped code sent under 7275 resolves against NCMP.
    'urn:oid:2.16.578.1.12.4.1.1.7275',
    'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7275',
    'http://helsedir.no/fhir/CodeSystem/no-kodeverk-7275',
  ],
  idPrefix: 'ncmp',
  codePattern: /^[A-Z]{4}[0-9]{2}$/,
  valueSetUrl: `${PROJECT_BASE}/ValueSet/ncmp`,
  hierarchyMeaning: 'is-a',
};

export const SAERKODER: KnownSystem = {
  key: 'saerkoder',
  url: 'urn:oid:2.16.578.1.12.4.1.1.7020',
  name: 'Saerkoder',
  title: 'Nasjonale særkoder for prosedyrer',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description: 'Temporary national special procedure codes used for reporting and financing (ISF/DRG).',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7020' }],
  aliases: ['http://helsedir.no/fhir/CodeSystem/no-kodeverk-7020'],
  idPrefix: 'saerkoder',
  // Five characters, letters and digits, at least one digit (A0093, 1XX01, 4AA27, WL000).
  codePattern: /^(?=.*[0-9])[A-Z0-9]{5}$/,
  valueSetUrl: `${PROJECT_BASE}/ValueSet/saerkoder`,
  hierarchyMeaning: undefined,
};

export const KNOWN_SYSTEMS: readonly KnownSystem[] = [NCMP, SAERKODER];

/** The known system by key (`ncmp`, `saerkoder`), url or alias; undefined when none matches. */
export function knownSystem(nameOrUri: string): KnownSystem | undefined {
  return KNOWN_SYSTEMS.find((s) => s.key === nameOrUri || s.url === nameOrUri || s.aliases.includes(nameOrUri));
}
