"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEXT_QUALITY_PROPERTIES = void 0;
exports.provenanceExtension = provenanceExtension;
exports.buildCodeListCodeSystem = buildCodeListCodeSystem;
const systems_1 = require("../../server/terminology/systems");
/** The provenance extension of a generated resource. */
function provenanceExtension(p) {
    const part = (url, valueString) => ({ url, valueString });
    return {
        url: systems_1.SOURCE_FILE_EXT,
        extension: [
            part('file', p.file),
            part('sha256', p.sha256),
            ...(p.repository ? [part('repository', p.repository)] : []),
            { url: 'nature', valueCode: p.nature },
            ...(p.note ? [part('note', p.note)] : []),
        ],
    };
}
/** The concept properties a code-list version may carry besides code and text (declared only when used). */
exports.TEXT_QUALITY_PROPERTIES = [
    {
        code: 'sourceText',
        type: 'string',
        description: 'The text exactly as the source file gives it, where the display repairs characters the source lost.',
    },
    { code: 'textRepairedFrom', type: 'string', description: 'The official list whose text for the same code the repaired display is taken from.' },
    {
        code: 'textDamaged',
        type: 'boolean',
        description: 'True where the source lost characters of the text (each run shown as "?") and no earlier list gives the full text.',
    },
    {
        code: 'textMayBeCut',
        type: 'boolean',
        description: 'True where the source cuts every text at 140 characters and this one is that long: the text may be incomplete.',
    },
];
/**
 * One version of a known code system as a FHIR CodeSystem (`content = complete`), from the codes and texts of a
 * code list. Only the codes the list holds are concepts: the NCMP chapter, section and group concepts are not
 * in any list and are not published. Pure: the same input gives the same resource.
 */
function buildCodeListCodeSystem(input) {
    const { system, version } = input;
    const used = new Set(input.concepts.flatMap((c) => (c.property ?? []).map((p) => p.code)));
    const property = exports.TEXT_QUALITY_PROPERTIES.filter((p) => used.has(p.code)).map((p) => ({ ...p }));
    const concept = input.concepts.map((c) => ({ code: c.code, display: c.display, ...(c.property?.length ? { property: c.property.map((p) => ({ ...p })) } : {}) }));
    return {
        resourceType: 'CodeSystem',
        id: `${system.idPrefix}-${version}`,
        language: 'nb',
        extension: [{ url: systems_1.EFFECTIVE_PERIOD_EXT, valuePeriod: { start: input.effectiveFrom } }, provenanceExtension(input.provenance)],
        url: system.url,
        identifier: system.identifiers.map((i) => ({ system: i.system, value: i.value })),
        version,
        name: system.name,
        title: system.title,
        status: input.status,
        experimental: false,
        publisher: input.publisher,
        description: input.description,
        jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'NO' }] }],
        copyright: input.copyright,
        caseSensitive: true,
        ...(system.hierarchyMeaning ? { hierarchyMeaning: system.hierarchyMeaning } : {}),
        content: 'complete',
        count: concept.length,
        ...(property.length ? { property } : {}),
        concept,
    };
}
//# sourceMappingURL=code-list-code-system.js.map