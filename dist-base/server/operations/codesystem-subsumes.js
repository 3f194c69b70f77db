"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.codeSystemSubsumes = exports.definition = void 0;
exports.handler = handler;
const parameters_1 = require("../../fhir-resources/parameters");
const outcome_1 = require("../fhir/outcome");
const operation_1 = require("../fhir/operation");
const find_1 = require("../terminology/find");
const resolve_1 = require("../terminology/resolve");
const coded_input_1 = require("../fhir/coded-input");
exports.definition = {
    name: 'CodeSystem/$subsumes',
    definitionUrl: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-subsumes',
    parameters: [
        { name: 'codeA', type: 'code' },
        { name: 'codeB', type: 'code' },
        { name: 'system', type: 'uri' },
        { name: 'version', type: 'string' },
        { name: 'codingA', type: 'Coding' },
        { name: 'codingB', type: 'Coding' },
        { name: 'date', type: 'dateTime' },
        ...operation_1.REQUEST_SCOPE_PARAMETERS,
    ],
};
function ancestors(content, concept) {
    const out = new Set();
    let parent = concept.parentCode;
    while (parent && !out.has(parent)) {
        out.add(parent);
        parent = content.byCode.get(parent)?.parentCode ?? null;
    }
    return out;
}
/** Tests the subsumption relationship between code A and code B. */
async function handler(input, ctx) {
    const { snapshot } = ctx;
    const instance = (0, coded_input_1.instanceVersion)(snapshot, ctx.instanceId);
    const a = (0, coded_input_1.singleCoding)(input, { code: 'codeA', system: 'system', version: 'version', coding: 'codingA' }, instance, snapshot).coding;
    const b = (0, coded_input_1.singleCoding)(input, { code: 'codeB', system: 'system', version: 'version', coding: 'codingB' }, instance, snapshot).coding;
    if (snapshot.system(a.system) === undefined)
        throw outcome_1.FhirError.notFound(`A definition for CodeSystem '${a.system}' could not be found`);
    if (snapshot.system(a.system) !== snapshot.system(b.system)) {
        throw outcome_1.FhirError.invalid(`codingA and codingB are from different code systems ('${a.system}', '${b.system}')`, ['codingB.system']);
    }
    const resolution = (0, resolve_1.resolveVersion)(snapshot, { system: a.system, version: a.version ?? b.version, date: input.date('date') });
    if (resolution.kind !== 'found')
        throw outcome_1.FhirError.notFound((0, resolve_1.resolutionFailureText)(resolution));
    const found = [];
    for (const [coding, name] of [[a, 'codeA'], [b, 'codeB']]) {
        const finding = await (0, find_1.findConcept)(snapshot, resolution.version, coding.code);
        if (finding.kind === 'absent')
            throw outcome_1.FhirError.notFound((0, find_1.absentText)(finding, coding.code));
        if (finding.kind === 'retired')
            throw outcome_1.FhirError.notFound((0, find_1.retiredText)(finding, coding.code));
        found.push({ concept: finding.concept, content: await snapshot.content(finding.version) });
    }
    const [fa, fb] = found;
    let outcome;
    if (fa.concept.code === fb.concept.code)
        outcome = 'equivalent';
    else if (ancestors(fb.content, fb.concept).has(fa.concept.code))
        outcome = 'subsumes';
    else if (ancestors(fa.content, fa.concept).has(fb.concept.code))
        outcome = 'subsumed-by';
    else
        outcome = 'not-subsumed';
    return (0, parameters_1.parameters)([parameters_1.out.code('outcome', outcome)]);
}
exports.codeSystemSubsumes = { resourceType: 'CodeSystem', code: 'subsumes', definition: exports.definition, handler };
//# sourceMappingURL=codesystem-subsumes.js.map