"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KNOWN_SYSTEMS = exports.SAERKODER = exports.NCMP = exports.EFFECTIVE_PERIOD_EXT = exports.SOURCE_FILE_EXT = exports.MAPPING_VALIDITY_NOTE_EXT = exports.MAPPING_VALIDITY_EXT = exports.PROJECT_BASE = void 0;
exports.knownSystem = knownSystem;
/**
 * The project's canonical base: the ValueSets, ConceptMaps and extensions this server authors live under it.
 * It is an identifier, not a location (see README).
 */
exports.PROJECT_BASE = 'https://ncmp-terminology.example/fhir';
/** Extension on a ConceptMap target: the period from which (and until which) that mapping applies. */
exports.MAPPING_VALIDITY_EXT = `${exports.PROJECT_BASE}/StructureDefinition/mapping-validity`;
/** Extension on a ConceptMap target: what is known about a mapping's validity when the start is not. */
exports.MAPPING_VALIDITY_NOTE_EXT = `${exports.PROJECT_BASE}/StructureDefinition/mapping-validity-note`;
/**
 * Extension on a shipped resource: the source file it was generated from (complex: `file`, `sha256`,
 * `repository`, `nature`, `note`), so that anyone can check the published content against its source.
 */
exports.SOURCE_FILE_EXT = `${exports.PROJECT_BASE}/StructureDefinition/source-file`;
/** R5 `CodeSystem.effectivePeriod` carried into R4 (cross-version extension). */
exports.EFFECTIVE_PERIOD_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CodeSystem.effectivePeriod';
exports.NCMP = {
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
    valueSetUrl: `${exports.PROJECT_BASE}/ValueSet/ncmp`,
    hierarchyMeaning: 'is-a',
};
exports.SAERKODER = {
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
    valueSetUrl: `${exports.PROJECT_BASE}/ValueSet/saerkoder`,
    hierarchyMeaning: undefined,
};
exports.KNOWN_SYSTEMS = [exports.NCMP, exports.SAERKODER];
/** The known system by key (`ncmp`, `saerkoder`), url or alias; undefined when none matches. */
function knownSystem(nameOrUri) {
    return exports.KNOWN_SYSTEMS.find((s) => s.key === nameOrUri || s.url === nameOrUri || s.aliases.includes(nameOrUri));
}
//# sourceMappingURL=systems.js.map