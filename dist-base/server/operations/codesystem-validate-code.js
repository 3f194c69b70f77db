"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.codeSystemValidateCode = exports.definition = void 0;
exports.codingsToCheck = codingsToCheck;
exports.validationOptions = validationOptions;
exports.handler = handler;
const outcome_1 = require("../fhir/outcome");
const operation_1 = require("../fhir/operation");
const validate_1 = require("../terminology/validate");
const coded_input_1 = require("../fhir/coded-input");
const validate_code_parameters_1 = require("../fhir/validate-code-parameters");
exports.definition = {
    name: 'CodeSystem/$validate-code',
    definitionUrl: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code',
    parameters: [
        { name: 'url', type: 'uri', aliases: ['system'] },
        { name: 'code', type: 'code' },
        { name: 'version', type: 'string' },
        { name: 'display', type: 'string' },
        { name: 'coding', type: 'Coding' },
        { name: 'codeableConcept', type: 'CodeableConcept' },
        { name: 'date', type: 'dateTime' },
        { name: 'abstract', type: 'boolean' },
        { name: 'displayLanguage', type: 'code' },
        { name: 'lenient-display-validation', type: 'boolean' },
        ...operation_1.REQUEST_SCOPE_PARAMETERS,
    ],
};
/** The codings to check, from exactly one of code(+url), coding or codeableConcept. */
function codingsToCheck(input, names) {
    const code = input.string('code');
    const coding = input.coding('coding');
    const cc = input.codeableConcept('codeableConcept');
    const forms = [code !== undefined, coding !== undefined, cc !== undefined].filter(Boolean).length;
    if (forms === 0)
        throw outcome_1.FhirError.invalid('One of code, coding or codeableConcept is required', ['code']);
    if (forms > 1)
        throw outcome_1.FhirError.invalid('Give only one of code, coding or codeableConcept', ['code', 'coding', 'codeableConcept']);
    if (input.has('display') && code === undefined) {
        throw outcome_1.FhirError.invalid(`'display' goes with 'code'; put the display inside the coding instead`, ['display']);
    }
    if (code !== undefined) {
        return {
            codeableConcept: undefined,
            codings: [
                {
                    system: input.string(names.system),
                    code,
                    version: input.string(names.version),
                    display: input.string('display'),
                    // tx.fhir.org points at `version` for the code form, whichever parameter carried it.
                    paths: { system: names.system, code: 'code', display: 'display', version: 'version' },
                },
            ],
        };
    }
    const list = coding ? [coding] : (cc.coding ?? []);
    if (list.length === 0)
        throw outcome_1.FhirError.invalid('codeableConcept has no coding to validate', ['codeableConcept.coding']);
    return {
        codeableConcept: cc,
        codings: list.map((c, i) => {
            const at = coding ? 'Coding' : `CodeableConcept.coding[${i}]`;
            if (c.code === undefined)
                throw outcome_1.FhirError.invalid(`${at} has no code`, [`${at}.code`]);
            return {
                system: c.system,
                code: c.code,
                version: c.version,
                display: c.display,
                paths: { system: `${at}.system`, code: `${at}.code`, display: `${at}.display`, version: `${at}.version` },
            };
        }),
    };
}
/** Whether a value is a language tag or a list of them (`de`, `de-CH, en; q=0.5`, `*`). */
function isLanguageList(value) {
    return value.split(',').every((part) => /^\s*(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)\s*(;\s*q\s*=\s*[01](\.\d{0,3})?\s*)?$/.test(part));
}
/** The options both $validate-code operations read the same way. */
function validationOptions(input, ctx) {
    const displayLanguage = input.string('displayLanguage');
    if (displayLanguage !== undefined && !isLanguageList(displayLanguage)) {
        throw new outcome_1.FhirError(400, { severity: 'error', code: 'processing', txType: 'invalid-display', text: `Invalid displayLanguage: '${displayLanguage}'` });
    }
    return {
        date: input.date('date'),
        abstract: input.boolean('abstract'),
        displayLanguage: displayLanguage ?? ctx.acceptLanguage,
        lenientDisplay: input.boolean('lenient-display-validation') ?? false,
    };
}
/** Validates a code against a code system (the one in force on `date`, or the version asked for). */
async function handler(input, ctx) {
    const { snapshot } = ctx;
    const instance = (0, coded_input_1.instanceVersion)(snapshot, ctx.instanceId);
    const { codings, codeableConcept } = codingsToCheck(input, { system: 'url', version: 'version' });
    const url = input.string('url');
    if (instance && url !== undefined && snapshot.system(url) !== instance.system) {
        throw outcome_1.FhirError.invalid(`url '${url}' does not match CodeSystem/${instance.resourceId}`, ['url']);
    }
    const options = validationOptions(input, ctx);
    const results = [];
    for (const c of codings) {
        const system = instance ? instance.system.url : (c.system ?? url);
        const version = instance ? instance.version : (c.version ?? input.string('version'));
        if (!system)
            throw outcome_1.FhirError.invalid(`'url' (the code system) is required to validate '${c.code}'`, ['url']);
        if (c.system !== undefined && url !== undefined && snapshot.system(c.system) !== snapshot.system(url)) {
            throw outcome_1.FhirError.invalid(`The coding's system '${c.system}' differs from url '${url}'`, [c.paths.system]);
        }
        results.push(await (0, validate_1.validateCoding)(snapshot, { ...c, system, version }, options));
    }
    const { result, issues } = (0, validate_code_parameters_1.combineCodings)(results);
    const unknown = results.map((r) => r.unknownSystem).filter((s) => s !== undefined);
    return (0, validate_code_parameters_1.validationParameters)(result, issues, (0, validate_code_parameters_1.chooseReported)(results), unknown, codeableConcept);
}
exports.codeSystemValidateCode = { resourceType: 'CodeSystem', code: 'validate-code', definition: exports.definition, handler };
//# sourceMappingURL=codesystem-validate-code.js.map