"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TX_TESTS_VERSION = exports.SEARCH_PARAMETERS = void 0;
exports.capabilityStatement = capabilityStatement;
exports.versionsParameters = versionsParameters;
exports.terminologyCapabilities = terminologyCapabilities;
const resources_1 = require("./resources");
const dates_1 = require("../server/terminology/dates");
/** What every terminology resource can be searched by. */
const COMMON_SEARCH = [
    { name: '_id', type: 'token' },
    { name: 'url', type: 'uri' },
    { name: 'version', type: 'token' },
    { name: 'name', type: 'string' },
    { name: 'title', type: 'string' },
    { name: 'status', type: 'token' },
    { name: 'date', type: 'date' },
];
/** The search parameters each resource type supports (also enforced by the search handler). */
exports.SEARCH_PARAMETERS = {
    CodeSystem: [...COMMON_SEARCH, { name: 'system', type: 'uri' }, { name: 'content-mode', type: 'token' }],
    ValueSet: COMMON_SEARCH,
    ConceptMap: [
        ...COMMON_SEARCH,
        { name: 'source', type: 'reference' },
        { name: 'target', type: 'reference' },
        { name: 'source-uri', type: 'reference' },
        { name: 'target-uri', type: 'reference' },
        { name: 'source-system', type: 'uri' },
        { name: 'target-system', type: 'uri' },
    ],
};
/** The server's CapabilityStatement, built from the operation list (pure; `now` is passed in). */
/** The application-feature extension the terminology ecosystem reads (`test-version`, `CodeSystemAsParameter`). */
const FEATURE_EXT = 'http://hl7.org/fhir/uv/application-feature/StructureDefinition/feature';
/** The version of the HL7 terminology-ecosystem tests this server's behaviour is checked against (tests v1.9.3). */
exports.TX_TESTS_VERSION = '1.9.3';
function capabilityStatement(operations, baseUrl, now, software) {
    const types = ['CodeSystem', 'ValueSet', 'ConceptMap'];
    return {
        resourceType: 'CapabilityStatement',
        extension: [
            { url: FEATURE_EXT, extension: [{ url: 'definition', valueCanonical: 'http://hl7.org/fhir/uv/tx-tests/FeatureDefinition/test-version' }, { url: 'value', valueCode: exports.TX_TESTS_VERSION }] },
            // Code systems may be sent as a parameter (`tx-resource`).
            { url: FEATURE_EXT, extension: [{ url: 'definition', valueCanonical: 'http://hl7.org/fhir/uv/tx-ecosystem/FeatureDefinition/CodeSystemAsParameter' }, { url: 'value', valueBoolean: true }] },
        ],
        url: `${baseUrl}/metadata`,
        version: software.version,
        name: 'NcmpTerminologyServer',
        title: 'NCMP FHIR terminology server',
        status: 'active',
        date: now,
        kind: 'instance',
        instantiates: ['http://hl7.org/fhir/CapabilityStatement/terminology-server'],
        software,
        implementation: { description: 'NCMP FHIR terminology server', url: baseUrl },
        fhirVersion: '4.0.1',
        format: ['application/fhir+json', 'json'],
        rest: [
            {
                mode: 'server',
                resource: types.map((type) => ({
                    type,
                    interaction: [{ code: 'read' }, { code: 'search-type' }],
                    searchParam: exports.SEARCH_PARAMETERS[type].map((p) => ({ name: p.name, type: p.type })),
                    operation: operations
                        .filter((o) => o.resourceType === type)
                        .map((o) => ({ name: o.code, definition: o.definition.definitionUrl })),
                })),
                // System-level: which FHIR versions the server speaks (R5's CapabilityStatement $versions).
                operation: [{ name: 'versions', definition: 'http://hl7.org/fhir/OperationDefinition/CapabilityStatement-versions' }],
            },
        ],
    };
}
/** The answer of `$versions`: the FHIR versions this server speaks, and its default. */
function versionsParameters() {
    return { resourceType: 'Parameters', parameter: [{ name: 'version', valueCode: '4.0' }, { name: 'default', valueCode: '4.0' }] };
}
/** The TerminologyCapabilities (`metadata?mode=terminology`): every code system with every version and its period. */
function terminologyCapabilities(systems, now, expandParameters, software) {
    return {
        resourceType: 'TerminologyCapabilities',
        version: software.version,
        name: 'NcmpTerminologyServer',
        title: 'NCMP FHIR terminology server',
        status: 'active',
        date: now,
        kind: 'instance',
        description: dates_1.DATE_RULE,
        codeSystem: systems.map((s) => {
            const newest = s.versions.at(-1);
            return {
                uri: s.url,
                version: s.versions.map((v) => ({
                    ...(0, resources_1.effectivePeriodExtension)(v),
                    code: v.version,
                    isDefault: v === newest,
                    compositional: false,
                    property: ['parent', 'child', 'inactive'],
                })),
            };
        }),
        expansion: { hierarchical: false, paging: true, parameter: expandParameters.map((name) => ({ name })), textFilter: 'Case- and accent-insensitive match on the display, also inside compound words (dialyse finds hemodialyse), or on the code (a space or lower case is accepted: zwu 40, wbgm00); results ranked exact code, code prefix, word starts, inner matches' },
        codeSearch: 'all',
        validateCode: { translations: false },
        translation: { needsMap: false },
    };
}
//# sourceMappingURL=capabilities.js.map