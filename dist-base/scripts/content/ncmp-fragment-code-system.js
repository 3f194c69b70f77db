"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NCMP_CONCEPT_PROPERTIES = void 0;
exports.buildNcmpFragmentCodeSystem = buildNcmpFragmentCodeSystem;
const systems_1 = require("../../server/terminology/systems");
const code_list_code_system_1 = require("./code-list-code-system");
/** Standard FHIR concept properties (http://hl7.org/fhir/concept-properties). */
const CONCEPT_PROPERTIES = 'http://hl7.org/fhir/concept-properties';
/**
 * The concept properties an NCMP CodeSystem version declares: the FHIR standard ones for status and hierarchy,
 * plus the NCMP text parts (inclusions, exclusions, sub-texts) and the change-document facts (note, change type).
 */
exports.NCMP_CONCEPT_PROPERTIES = [
    {
        code: 'inactive',
        uri: `${CONCEPT_PROPERTIES}#inactive`,
        type: 'boolean',
        description: 'True if the concept is not in use in this version.',
    },
    {
        code: 'status',
        uri: `${CONCEPT_PROPERTIES}#status`,
        type: 'code',
        description: 'The status of the concept in this version (active | retired).',
    },
    {
        code: 'retirementDate',
        uri: `${CONCEPT_PROPERTIES}#retirementDate`,
        type: 'dateTime',
        description: 'The date from which the concept is no longer in use.',
    },
    {
        code: 'notSelectable',
        uri: `${CONCEPT_PROPERTIES}#notSelectable`,
        type: 'boolean',
        description: 'True for grouping concepts (chapter, section, group) that are not used to record a procedure.',
    },
    {
        code: 'parent',
        uri: `${CONCEPT_PROPERTIES}#parent`,
        type: 'code',
        description: 'The parent concept in the NCMP hierarchy (chapter → section → group → code).',
    },
    { code: 'inclusion', type: 'string', description: 'An inclusion (`Inkl.:`) line of the code text.' },
    {
        code: 'exclusion',
        type: 'string',
        description: 'An exclusion (`Ekskl.:`) line of the code text; the alternative code is often given in parentheses.',
    },
    {
        code: 'subText',
        type: 'string',
        description: 'A free sub-text line of the code text (e.g. "For bruk av denne koden, se årets kodeveiledning.").',
    },
    { code: 'note', type: 'string', description: 'The note (Merknad) the yearly change document gives for the code.' },
    {
        code: 'changeType',
        type: 'code',
        description: 'What the yearly change document did to the code: new | reactivated | retired | text-changed.',
    },
];
/**
 * Builds the NCMP CodeSystem version a change document describes, as a `fragment`: only the codes the document
 * names, with their texts in that version. Pure: the same input gives the same resource.
 *
 * @throws Error when a code does not have the NCMP shape or is listed twice.
 * @example
 * buildNcmpFragmentCodeSystem({ version: '2021', changes: NCMP_2021_CHANGES, source: NCMP_CHANGE_DOCUMENT_2021 });
 */
function buildNcmpFragmentCodeSystem(input) {
    const { version, changes, source } = input;
    const seen = new Set();
    for (const fact of changes) {
        if (!systems_1.NCMP.codePattern.test(fact.code))
            throw new Error(`Not an NCMP code: '${fact.code}'`);
        if (seen.has(fact.code))
            throw new Error(`NCMP code listed twice: '${fact.code}'`);
        seen.add(fact.code);
    }
    return {
        resourceType: 'CodeSystem',
        id: `${systems_1.NCMP.idPrefix}-${version}`,
        language: 'nb',
        extension: [{ url: systems_1.EFFECTIVE_PERIOD_EXT, valuePeriod: { start: source.effectiveFrom } }, (0, code_list_code_system_1.provenanceExtension)(input.provenance)],
        url: systems_1.NCMP.url,
        identifier: systems_1.NCMP.identifiers.map((i) => ({ system: i.system, value: i.value })),
        version,
        name: systems_1.NCMP.name,
        title: systems_1.NCMP.title,
        status: 'active',
        experimental: false,
        date: source.date,
        publisher: source.publisher,
        description: `${systems_1.NCMP.description} Version ${version}, in force from ${source.effectiveFrom}. A fragment: only the ` +
            `${changes.length} codes named in "${source.title}" (${source.publisher}, ${source.date}), with their ` +
            `${version} texts: new and re-activated codes, retired codes and codes whose text changed.`,
        jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'NO' }] }],
        copyright: input.copyright,
        caseSensitive: true,
        hierarchyMeaning: 'is-a',
        content: 'fragment',
        count: changes.length,
        property: exports.NCMP_CONCEPT_PROPERTIES.map((p) => ({ ...p })),
        concept: changes.map((fact) => concept(fact, source.effectiveFrom)),
    };
}
function concept(fact, effectiveFrom) {
    const property = [];
    if (fact.changeType === 'retired') {
        property.push({ code: 'status', valueCode: 'retired' }, { code: 'inactive', valueBoolean: true }, { code: 'retirementDate', valueDateTime: effectiveFrom });
    }
    for (const text of fact.subTexts ?? [])
        property.push({ code: 'subText', valueString: text });
    for (const text of fact.inclusions ?? [])
        property.push({ code: 'inclusion', valueString: text });
    for (const text of fact.exclusions ?? [])
        property.push({ code: 'exclusion', valueString: text });
    property.push({ code: 'note', valueString: fact.note }, { code: 'changeType', valueCode: fact.changeType });
    return { code: fact.code, display: fact.display, property };
}
//# sourceMappingURL=ncmp-fragment-code-system.js.map