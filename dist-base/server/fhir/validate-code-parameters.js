"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validationParameters = validationParameters;
exports.chooseReported = chooseReported;
exports.combineCodings = combineCodings;
exports.combineValueSetCodings = combineValueSetCodings;
const parameters_1 = require("../../fhir-resources/parameters");
const outcome_1 = require("./outcome");
const validate_1 = require("../terminology/validate");
/**
 * The `Parameters` answer of $validate-code (CodeSystem and ValueSet alike): `result`, `message`, `display`,
 * the R5 `code`/`system`/`version`, `inactive`, `issues`, and `x-caused-by-unknown-system`.
 */
function validationParameters(result, issues, chosen, unknownSystems, codeableConcept, 
/** Unknown code systems the value set does not name (`x-unknown-system`, as tx.fhir.org). */
unknownTargets = []) {
    const message = (0, validate_1.messageOf)(issues);
    const reportCoding = !codeableConcept || (chosen?.found !== undefined && !chosen.membershipUnknown);
    return (0, parameters_1.parameters)([
        parameters_1.out.boolean('result', result),
        message !== undefined && parameters_1.out.string('message', message),
        chosen?.display !== undefined && parameters_1.out.string('display', chosen.display),
        // For a CodeableConcept, the coding it was judged by is reported when its concept was found (tx.fhir.org).
        chosen !== undefined && reportCoding && parameters_1.out.code('code', chosen.code),
        chosen?.system !== undefined && reportCoding && parameters_1.out.uri('system', chosen.system),
        !!chosen?.version && reportCoding && parameters_1.out.string('version', chosen.version),
        chosen?.inactive !== undefined && parameters_1.out.boolean('inactive', chosen.inactive),
        chosen?.status !== undefined && parameters_1.out.code('status', chosen.status),
        chosen?.normalizedCode !== undefined && parameters_1.out.code('normalized-code', chosen.normalizedCode),
        codeableConcept !== undefined && { name: 'codeableConcept', valueCodeableConcept: codeableConcept },
        issues.length > 0 && parameters_1.out.outcome('issues', (0, outcome_1.operationOutcome)(issues)),
        ...unknownSystems.map((s) => parameters_1.out.canonical('x-caused-by-unknown-system', s)),
        ...unknownTargets.map((s) => parameters_1.out.canonical('x-unknown-system', s)),
    ]);
}
/** The coding whose details a multi-coding answer reports: the first valid one, else the first. */
function chooseReported(results) {
    return results.find((r) => r.result) ?? results[0];
}
/**
 * Combines per-coding results of a CodeableConcept: valid when any coding is; then the other codings'
 * errors are reported as information, as tx.fhir.org does (`this-code-not-in-vs`).
 */
function combineCodings(results) {
    const result = results.some((r) => r.result);
    const issues = results.flatMap((r) => result && !r.result
        ? r.issues.map((i) => (i.severity === 'error' ? { ...i, severity: 'information' } : i))
        : r.issues);
    return { result, issues };
}
const txTypeOf = (i) => i.details?.coding?.[0]?.code;
/**
 * Combines the per-coding results of a CodeableConcept checked against a value set, as tx.fhir.org does:
 * a coding outside the value set is reported as information (`this-code-not-in-vs`), while its own errors
 * (an unknown code, a wrong display) stay errors; when no coding is in the value set an error without a
 * location says so first. Valid when a coding is in the value set and no error remains. The coding reported
 * is the first one in the value set (none when no coding is).
 */
function combineValueSetCodings(results, vsName) {
    const outside = (r) => r.issues.some((i) => txTypeOf(i) === 'not-in-vs');
    const issues = results.flatMap((r) => r.issues.map((i) => {
        if (txTypeOf(i) !== 'not-in-vs')
            return i;
        const note = { ...i, severity: 'information', details: { ...i.details, coding: [{ system: outcome_1.TX_ISSUE_TYPE, code: 'this-code-not-in-vs' }] } };
        validate_1.NOT_IN_MESSAGE.add(note);
        return note;
    }));
    const inside = results.filter((r) => !outside(r));
    // A value set it imports is not known: nothing can be said of the codings either way.
    if (inside.length > 0 && inside.every((r) => r.importUnknown))
        return { result: false, issues, reported: undefined };
    if (inside.length === 0) {
        issues.unshift({
            severity: 'error',
            code: 'code-invalid',
            details: { coding: [{ system: outcome_1.TX_ISSUE_TYPE, code: 'not-in-vs' }], text: `No valid coding was found for the value set '${vsName}'` },
        });
        return { result: false, issues, reported: undefined };
    }
    const result = inside.some((r) => r.result) && !issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
    return { result, issues, reported: inside.find((r) => r.result) ?? inside[0] };
}
//# sourceMappingURL=validate-code-parameters.js.map