"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.conceptMapTranslate = exports.definition = void 0;
exports.handler = handler;
const parameters_1 = require("../../fhir-resources/parameters");
const outcome_1 = require("../fhir/outcome");
const operation_1 = require("../fhir/operation");
const request_scope_1 = require("../terminology/request-scope");
const resolve_1 = require("../terminology/resolve");
const concept_map_mappings_1 = require("../terminology/concept-map-mappings");
const translate_1 = require("../terminology/translate");
exports.definition = {
    name: 'ConceptMap/$translate',
    definitionUrl: 'http://hl7.org/fhir/OperationDefinition/ConceptMap-translate',
    parameters: [
        { name: 'url', type: 'uri' },
        { name: 'conceptMap', type: 'Resource' },
        { name: 'conceptMapVersion', type: 'string' },
        { name: 'code', type: 'code', aliases: ['sourceCode'] },
        { name: 'system', type: 'uri', aliases: ['sourceSystem'] },
        { name: 'version', type: 'string' },
        { name: 'source', type: 'uri', aliases: ['sourceScope'] },
        { name: 'coding', type: 'Coding', aliases: ['sourceCoding'] },
        { name: 'codeableConcept', type: 'CodeableConcept', aliases: ['sourceCodeableConcept'] },
        { name: 'target', type: 'uri', aliases: ['targetScope'] },
        { name: 'targetsystem', type: 'uri', aliases: ['targetSystem'] },
        { name: 'reverse', type: 'boolean' },
        { name: 'targetCode', type: 'code' },
        { name: 'targetCoding', type: 'Coding' },
        { name: 'targetCodeableConcept', type: 'CodeableConcept' },
        { name: 'date', type: 'dateTime' },
        ...operation_1.REQUEST_SCOPE_PARAMETERS,
    ],
};
const R5_NAMES = ['sourceCode', 'sourceSystem', 'sourceScope', 'sourceCoding', 'sourceCodeableConcept', 'targetScope', 'targetSystem', 'targetCode', 'targetCoding', 'targetCodeableConcept'];
function mapsFor(input, snapshot, instanceId) {
    if (instanceId !== undefined) {
        const m = snapshot.conceptMaps.find((x) => x.resourceId === instanceId);
        if (!m)
            throw outcome_1.FhirError.notFound(`ConceptMap/${instanceId} is not known to this server`);
        return [m];
    }
    const inline = input.resources('conceptMap')[0];
    if (inline) {
        if (inline.resourceType !== 'ConceptMap')
            throw outcome_1.FhirError.invalid(`Parameter 'conceptMap' must carry a ConceptMap`, ['conceptMap']);
        return [(0, request_scope_1.inlineConceptMap)(inline)];
    }
    const url = input.string('url');
    let maps = snapshot.conceptMaps;
    if (url !== undefined) {
        const { url: base, version: pinned } = (0, resolve_1.splitCanonical)(url);
        const version = input.string('conceptMapVersion') ?? pinned;
        maps = maps.filter((m) => m.url === base && (version === undefined || m.version === version));
        if (maps.length === 0) {
            const known = snapshot.conceptMaps.filter((m) => m.url === base).map((m) => m.version ?? '(none)');
            throw outcome_1.FhirError.notFound(known.length > 0
                ? `ConceptMap '${base}' version '${version}' is not known; known versions: ${known.join(', ')}`
                : `A definition for the ConceptMap '${base}' could not be found`);
        }
    }
    const source = input.string('source');
    const target = input.string('target');
    if (source !== undefined)
        maps = maps.filter((m) => m.sourceScope === source);
    if (target !== undefined)
        maps = maps.filter((m) => m.targetScope === target);
    return maps;
}
const mapCanonical = (map) => (map.version ? `${map.url}|${map.version}` : map.url);
/** Translates a code through the concept maps that fit (or the one named), forward or in reverse. */
async function handler(input, ctx) {
    const { snapshot } = ctx;
    const r5 = R5_NAMES.some((n) => input.usedName(n));
    const forward = { code: input.string('code'), coding: input.coding('coding'), cc: input.codeableConcept('codeableConcept') };
    const backward = { code: input.string('targetCode'), coding: input.coding('targetCoding'), cc: input.codeableConcept('targetCodeableConcept') };
    const given = [...Object.values(forward), ...Object.values(backward)].filter((v) => v !== undefined).length;
    if (given === 0)
        throw outcome_1.FhirError.invalid('One of code (sourceCode), coding, codeableConcept, targetCode, targetCoding or targetCodeableConcept is required', ['code']);
    if (given > 1)
        throw outcome_1.FhirError.invalid('Give only one of code, coding, codeableConcept, targetCode, targetCoding or targetCodeableConcept', ['code']);
    const r5Reverse = Object.values(backward).some((v) => v !== undefined);
    if (r5Reverse && input.boolean('reverse') === false)
        throw outcome_1.FhirError.invalid('targetCode/targetCoding ask for a reverse translation; reverse=false contradicts that', ['reverse']);
    const reverse = r5Reverse || (input.boolean('reverse') ?? false);
    const side = r5Reverse ? backward : forward;
    const codings = side.code !== undefined
        ? [{ system: r5Reverse ? input.string('targetsystem') : input.string('system'), code: side.code }]
        : side.coding !== undefined
            ? [side.coding]
            : (side.cc?.coding ?? []);
    if (codings.length === 0)
        throw outcome_1.FhirError.invalid('The codeableConcept has no coding to translate', ['codeableConcept']);
    const maps = mapsFor(input, snapshot, ctx.instanceId);
    const date = input.date('date');
    const matchParams = [];
    const notes = [];
    let result = false;
    let unknownStart = false;
    for (const c of codings) {
        if (!c.code)
            throw outcome_1.FhirError.invalid('A coding to translate has no code', ['coding.code']);
        if (!c.system)
            throw outcome_1.FhirError.invalid(r5Reverse ? `'targetSystem' is required with 'targetCode'` : `'system' is required with 'code'`, [r5Reverse ? 'targetSystem' : 'system']);
        // R5's reverse form names the code's system targetSystem, and the system wanted back sourceSystem.
        const wanted = r5Reverse ? input.string('system') : input.string('targetsystem');
        const t = await (0, translate_1.translate)(snapshot, { system: c.system, code: c.code, reverse, targetSystem: wanted, date, maps });
        result ||= t.result;
        notes.push(...t.notes);
        if (t.matches.length === 0 && t.notes.length === 0) {
            const known = snapshot.system(c.system);
            const where = ctx.instanceId ? `ConceptMap/${ctx.instanceId}` : input.string('url') ?? 'any concept map on this server';
            notes.push(`No ${reverse ? 'reverse ' : ''}mapping for ${known?.name ?? c.system} code '${c.code}' in ${where}` +
                (known ? '' : ` (the system '${c.system}' is not known to this server)`));
        }
        unknownStart ||= t.matches.some((m) => m.unknownStart);
        for (const m of t.matches) {
            matchParams.push(parameters_1.out.parts('match', [
                parameters_1.out.code('equivalence', m.equivalence),
                ...(r5 ? [parameters_1.out.code('relationship', concept_map_mappings_1.RELATIONSHIP[m.equivalence] ?? 'related-to')] : []),
                // R5's reverse form answers with the coding given as `concept` and the one found as `source` (tx.fhir.org).
                ...(r5Reverse ? [parameters_1.out.coding('concept', { system: c.system, code: c.code }), parameters_1.out.coding('source', m.concept)] : [parameters_1.out.coding('concept', m.concept)]),
                // The map a match comes from: R5's originMap (R4's match.source carries the same canonical).
                r5 ? parameters_1.out.canonical('originMap', mapCanonical(m.map)) : parameters_1.out.uri('source', mapCanonical(m.map)),
                ...(m.comment ? [parameters_1.out.string('comment', m.comment)] : []),
            ]));
        }
    }
    const message = [...notes, ...(unknownStart ? ['Some mappings have no recorded start of validity; see each match comment'] : [])].join('; ');
    return (0, parameters_1.parameters)([parameters_1.out.boolean('result', result), message !== '' && parameters_1.out.string('message', message), ...matchParams]);
}
exports.conceptMapTranslate = { resourceType: 'ConceptMap', code: 'translate', definition: exports.definition, handler };
//# sourceMappingURL=conceptmap-translate.js.map