"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lookup = exports.definition = void 0;
exports.handler = handler;
const parameters_1 = require("../../fhir-resources/parameters");
const outcome_1 = require("../fhir/outcome");
const operation_1 = require("../fhir/operation");
const display_1 = require("../terminology/display");
const find_1 = require("../terminology/find");
const history_1 = require("../terminology/history");
const model_1 = require("../terminology/model");
const systems_1 = require("../terminology/systems");
const resolve_1 = require("../terminology/resolve");
const succession_1 = require("../terminology/succession");
const coded_input_1 = require("../fhir/coded-input");
exports.definition = {
    name: 'CodeSystem/$lookup',
    definitionUrl: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup',
    parameters: [
        { name: 'code', type: 'code' },
        { name: 'system', type: 'uri' },
        { name: 'version', type: 'string' },
        { name: 'coding', type: 'Coding' },
        { name: 'date', type: 'dateTime' },
        { name: 'displayLanguage', type: 'code' },
        { name: 'property', type: 'code', max: '*' },
        ...operation_1.REQUEST_SCOPE_PARAMETERS,
    ],
};
/** Looks a code up in the version in force (or asked for) and returns its details. */
async function handler(input, ctx) {
    const { snapshot } = ctx;
    const instance = (0, coded_input_1.instanceVersion)(snapshot, ctx.instanceId);
    const { coding } = (0, coded_input_1.singleCoding)(input, { code: 'code', system: 'system', version: 'version', coding: 'coding' }, instance, snapshot);
    const code = coding.code;
    const date = input.date('date');
    const resolution = (0, resolve_1.resolveVersion)(snapshot, { system: coding.system, version: coding.version, date });
    if (resolution.kind !== 'found')
        throw outcome_1.FhirError.notFound((0, resolve_1.resolutionFailureText)(resolution));
    const finding = await (0, find_1.findConcept)(snapshot, resolution.version, code);
    if (resolution.version.content === 'not-present')
        throw outcome_1.FhirError.notFound((0, find_1.noContentText)(resolution.version));
    if (finding.kind === 'absent')
        throw outcome_1.FhirError.notFound((0, find_1.absentText)(finding, code));
    if (finding.kind === 'retired')
        throw outcome_1.FhirError.notFound((0, find_1.retiredText)(finding, code));
    const { concept, version } = finding;
    const system = version.system;
    const wanted = new Set(input.strings('property'));
    const want = (p) => wanted.size === 0 || wanted.has(p) || wanted.has('*');
    const property = (code, value, description) => parameters_1.out.parts('property', [parameters_1.out.code('code', code), { ...value, name: 'value' }, ...(description ? [parameters_1.out.string('description', description)] : [])]);
    const props = [];
    if (want('parent') && concept.parentCode)
        props.push(property('parent', parameters_1.out.code('value', concept.parentCode)));
    if (want('child'))
        for (const child of concept.children)
            props.push(property('child', parameters_1.out.code('value', child)));
    if (want('inactive'))
        props.push(property('inactive', parameters_1.out.boolean('value', (0, model_1.isInactive)(concept))));
    if (want('notSelectable') && concept.abstract)
        props.push(property('notSelectable', parameters_1.out.boolean('value', true)));
    const emitted = new Set(['parent', 'child', 'inactive', 'notSelectable', 'definition']);
    for (const p of concept.properties) {
        // A property read from an extension (label, order, weight) only when asked for by name.
        if (emitted.has(p.code) || !want(p.code) || (p.fromExtension && !wanted.has(p.code)))
            continue;
        const { code: pCode, ...value } = p;
        const [key] = Object.keys(value);
        if (key)
            props.push(property(pCode, { name: 'value', ...value }));
    }
    if (want('successor')) {
        for (const s of (0, succession_1.successorsOf)(snapshot, system.url, code, date)) {
            if (!(0, succession_1.replaces)(s) || s.element.targetCode === null)
                continue;
            const target = { system: snapshot.system(s.element.targetSystem ?? '')?.url ?? s.element.targetSystem ?? undefined, code: s.element.targetCode, display: s.element.targetDisplay ?? undefined };
            props.push(property('successor', parameters_1.out.coding('value', target), `${['Replaced by', target.code, (0, succession_1.validityText)(s.element)].filter(Boolean).join(' ')} (${s.element.equivalence}; ConceptMap ${s.map.url})`));
        }
    }
    if (want('predecessor')) {
        for (const s of (0, succession_1.predecessorsOf)(snapshot, system.url, code, date)) {
            if (!(0, succession_1.replaces)(s))
                continue;
            const source = { system: snapshot.system(s.element.sourceSystem)?.url ?? s.element.sourceSystem, code: s.element.sourceCode, display: s.element.sourceDisplay ?? undefined };
            props.push(property('predecessor', parameters_1.out.coding('value', source), `${['Replaces', source.code, (0, succession_1.validityText)(s.element)].filter(Boolean).join(' ')} (ConceptMap ${s.map.url})`));
        }
    }
    props.push(...(await historyProperties(snapshot, system, code, wanted, property)));
    const language = input.string('displayLanguage') ?? ctx.acceptLanguage;
    // The display is also a designation in the code system's language (tx.fhir.org), when it has one.
    const listed = [
        ...(version.language && concept.display ? [{ language: version.language, use: display_1.PREFERRED_FOR_LANGUAGE, value: concept.display }] : []),
        ...concept.designations,
    ];
    const designations = want('designation') || wanted.size === 0
        ? listed
            .filter((d) => !language || language === '*' || !d.language || (0, display_1.languageMatches)(d.language, language))
            .map((d) => parameters_1.out.parts('designation', [
            ...(d.language ? [parameters_1.out.code('language', d.language)] : []),
            ...(d.use ? [parameters_1.out.coding('use', d.use)] : []),
            ...(d.source ? [parameters_1.out.canonical('source', d.source)] : []),
            parameters_1.out.string('value', d.value),
        ]))
        : [];
    const display = (0, display_1.preferredDisplay)(concept, language) ?? code;
    const supplements = [...new Set(concept.designations.map((d) => d.source).filter((s) => s !== undefined))];
    return (0, parameters_1.parameters)([
        parameters_1.out.code('code', code),
        parameters_1.out.uri('system', system.url),
        parameters_1.out.boolean('abstract', concept.abstract),
        parameters_1.out.string('name', system.name),
        version.version !== '' && parameters_1.out.string('version', version.version),
        parameters_1.out.string('display', display),
        // R5's `definition` output (tx.fhir.org gives it to R4 clients too), rather than a property.
        concept.definition !== undefined && concept.definition !== null && want('definition') && parameters_1.out.string('definition', concept.definition),
        ...designations,
        ...props,
        ...supplements.map((s) => parameters_1.out.canonical('used-supplement', s)),
    ]);
}
exports.lookup = { resourceType: 'CodeSystem', code: 'lookup', definition: exports.definition, handler };
/**
 * The code's history across the versions of its system (see README, "Code history"): `inVersion` once per version
 * that lists it (description: its text there), `firstVersion`, `lastVersion`, and `textChanged` per change of
 * text. Given by default for the systems this server knows by heart (NCMP, særkoder); for others when asked for
 * by name, so that answers about general code systems keep the shape other servers give.
 */
async function historyProperties(snapshot, system, code, wanted, property) {
    const byDefault = (0, systems_1.knownSystem)(system.url) !== undefined && wanted.size === 0;
    const want = (p) => byDefault || wanted.has(p);
    if (!HISTORY_PROPERTIES.some(want))
        return [];
    const history = (await (0, history_1.systemHistory)(snapshot, system)).get(code);
    if (!history || history.versions.length === 0)
        return [];
    const label = (v) => v.version.version;
    const props = [];
    if (want('firstVersion'))
        props.push(property('firstVersion', parameters_1.out.string('value', label(history.versions[0]))));
    if (want('lastVersion'))
        props.push(property('lastVersion', parameters_1.out.string('value', label(history.versions.at(-1)))));
    if (want('inVersion')) {
        for (const v of history.versions)
            props.push(property('inVersion', parameters_1.out.string('value', label(v)), v.display ?? undefined));
    }
    if (want('textChanged')) {
        for (const c of history.textChanges) {
            props.push(property('textChanged', parameters_1.out.string('value', label(c.to)), `${label(c.from)}: '${c.from.display ?? ''}' → ${label(c.to)}: '${c.to.display ?? ''}'`));
        }
    }
    return props;
}
const HISTORY_PROPERTIES = ['firstVersion', 'lastVersion', 'inVersion', 'textChanged'];
//# sourceMappingURL=codesystem-lookup.js.map