"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueSetValidateCode = exports.definition = void 0;
exports.handler = handler;
const outcome_1 = require("../fhir/outcome");
const operation_1 = require("../fhir/operation");
const compose_1 = require("../terminology/compose");
const model_1 = require("../terminology/model");
const resolve_1 = require("../terminology/resolve");
const validate_1 = require("../terminology/validate");
const codesystem_validate_code_1 = require("./codesystem-validate-code");
const validate_code_parameters_1 = require("../fhir/validate-code-parameters");
const value_set_input_1 = require("../fhir/value-set-input");
const request_scope_1 = require("../terminology/request-scope");
exports.definition = {
    name: 'ValueSet/$validate-code',
    definitionUrl: 'http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code',
    parameters: [
        { name: 'url', type: 'uri' },
        { name: 'valueSet', type: 'Resource' },
        { name: 'valueSetVersion', type: 'string' },
        { name: 'code', type: 'code' },
        { name: 'system', type: 'uri' },
        { name: 'systemVersion', type: 'string' },
        { name: 'display', type: 'string' },
        { name: 'coding', type: 'Coding' },
        { name: 'codeableConcept', type: 'CodeableConcept' },
        { name: 'date', type: 'dateTime' },
        { name: 'abstract', type: 'boolean' },
        { name: 'displayLanguage', type: 'code' },
        { name: 'activeOnly', type: 'boolean' },
        { name: 'lenient-display-validation', type: 'boolean' },
        { name: 'valueset-membership-only', type: 'boolean' },
        ...operation_1.REQUEST_SCOPE_PARAMETERS,
    ],
};
/** Validates a code's membership in a value set (and the code itself, in its code system). */
async function handler(input, ctx) {
    const { snapshot: requested } = ctx;
    const date = input.date('date');
    const entry = (0, value_set_input_1.valueSetFor)(input, requested, ctx.instanceId, date);
    // The supplements the value set requires apply to its codes (designations, properties) here.
    const snapshot = await (0, request_scope_1.withSupplements)(requested, (0, request_scope_1.valueSetSupplements)(entry.resource));
    // Lenient: an include whose code system version does not exist leaves membership unknown (reported below).
    const mode = { lenient: true };
    const expansion = entry.id < 0 ? await (0, compose_1.computeExpansion)(snapshot, entry.resource, date, mode) : await (0, compose_1.expansionOf)(snapshot, entry, date, mode);
    // A value set sent without a url is '(unidentified)', as tx.fhir.org names it.
    const vsName = entry.resource.url === undefined ? '(unidentified)' : entry.version ? `${entry.url}|${entry.version}` : entry.url;
    const { codings, codeableConcept } = (0, codesystem_validate_code_1.codingsToCheck)(input, { system: 'system', version: 'systemVersion' });
    const options = (0, codesystem_validate_code_1.validationOptions)(input, ctx);
    // The value set may name the display language its codes are shown in (`valueset-expansion-parameter`),
    // else its own language does (tx.fhir.org).
    options.displayLanguage ??= (0, compose_1.composeParameter)(entry.resource, 'displayLanguage') ?? entry.resource.language;
    const activeOnly = input.boolean('activeOnly') ?? false;
    const results = [];
    const unknown = [];
    const unknownTargets = [];
    for (const c of codings) {
        let system = c.system;
        if (system === undefined) {
            const notInVs = (0, outcome_1.issue)({
                severity: 'error',
                code: 'code-invalid',
                txType: 'not-in-vs',
                text: `The provided code '#${c.code}' was not found in the value set '${vsName}'`,
                expression: [c.paths.code],
            });
            if (c.paths.system !== 'system') {
                // A Coding without a system has no meaning (tx.fhir.org): say so, and it is not in the value set.
                const at = c.paths.system.replace(/\.system$/, '');
                results.push(noSystem(c, [notInVs, (0, outcome_1.issue)({ severity: 'warning', code: 'invalid', txType: 'invalid-data', text: 'Coding has no system. A code with no system has no defined meaning, and it cannot be validated. A system should be provided', expression: [at] })]));
                continue;
            }
            const systems = new Set([...expansion.members.values()].filter((m) => m.concept.code === c.code).map((m) => m.version.system.url));
            if (systems.size !== 1) {
                const included = [...new Set((entry.resource.compose?.include ?? []).map((inc) => inc.system).filter((u) => u !== undefined))];
                const cannotInfer = (0, outcome_1.issue)({
                    severity: 'error',
                    code: 'not-found',
                    txType: 'cannot-infer',
                    text: systems.size === 0
                        ? `The code '${c.code}' has no system, and no system can be inferred from the value set '${vsName}': none of its code systems (${included.join(', ') || 'none'}) has it`
                        : `The System URI could not be determined for the code '${c.code}' in the ValueSet '${vsName}': value set expansion has multiple matches: [${[...systems].join(', ')}]`,
                    expression: [c.paths.code],
                });
                results.push(noSystem(c, [notInVs, cannotInfer]));
                continue;
            }
            system = [...systems][0];
        }
        const codeSystem = snapshot.system(system);
        const { validation, unknownVersions } = codeSystem
            ? await validateAgainstInclude(snapshot, entry.resource, expansion, codeSystem, { ...c, system }, options)
            : { validation: await (0, validate_1.validateCoding)(snapshot, { ...c, system }, options), unknownVersions: [] };
        unknown.push(...unknownVersions);
        if (!codeSystem && !includesSystem(entry.resource, system)) {
            // An unknown system the value set does not name: the code is simply not in it (tx.fhir.org: x-unknown-system).
            // tx.fhir.org's words: a version the coding names is quoted with it.
            const local = !system.includes(':');
            const unknownText = c.version !== undefined
                ? `A definition for CodeSystem '${system}' version '${c.version}' could not be found, so the code cannot be validated. No versions of this code system are known`
                : local
                    ? `A definition for CodeSystem '${system}' could not be found, so the code cannot be validated`
                    : `A definition for CodeSystem ${system} could not be found, so the code cannot be validated`;
            const isValueSet = snapshot.valueSets.some((v) => v.url === system);
            validation.issues = validation.issues.map((i) => {
                if (i.details?.coding?.[0]?.code !== 'not-found')
                    return i;
                // A value set's url sent as Coding.system is a mistake of its own (tx.fhir.org's words).
                if (isValueSet)
                    return (0, outcome_1.issue)({ severity: 'error', code: 'invalid', txType: 'invalid-data', text: `The Coding references a value set, not a code system ('${system}')`, expression: [c.paths.system] });
                return { ...i, details: { ...i.details, text: unknownText } };
            });
            if (local && !isValueSet) {
                validation.issues.push((0, outcome_1.issue)({ severity: 'error', code: 'invalid', txType: 'invalid-data', text: `${c.paths.system} must be an absolute reference, not a local reference`, expression: [c.paths.system] }));
            }
            if (isValueSet)
                validation.unknownSystem = undefined;
            const given = c.version === undefined ? `${system}#${c.code}` : `${system}|${c.version}#${c.code}`;
            validation.issues.unshift((0, outcome_1.issue)({ severity: 'error', code: 'code-invalid', txType: 'not-in-vs', text: `The provided code '${given}' was not found in the value set '${vsName}'`, expression: [c.paths.code] }));
            if (validation.unknownSystem !== undefined)
                unknownTargets.push(validation.unknownSystem);
            validation.unknownSystem = undefined;
            results.push(validation);
            continue;
        }
        const unresolvedInclude = codeSystem !== undefined && expansion.unresolved.some((u) => u.system === codeSystem.url);
        const found = validation.found;
        const member = found && expansion.members.get(`${found.version.system.url}|${found.concept.code}`);
        const viaFragment = found?.fromFragmentFallback && expansion.wholeFragments.some((f) => f.system === found.version.system);
        if (validation.unknownSystem === undefined && !unresolvedInclude && !validation.fragmentUnknown && !member && !viaFragment && expansion.unresolvedValueSets.length > 0) {
            // A value set it imports is not known: the code may be in it, so the answer names that instead.
            validation.result = false;
            validation.importUnknown = true;
            for (const u of expansion.unresolvedValueSets)
                validation.issues.push((0, outcome_1.issue)({ severity: 'error', code: 'not-found', txType: 'not-found', text: u.text }));
        }
        else if (validation.unknownSystem === undefined && !unresolvedInclude && !validation.fragmentUnknown && !member && !viaFragment) {
            validation.result = false;
            validation.issues.push((0, outcome_1.issue)({
                severity: 'error',
                code: 'code-invalid',
                txType: 'not-in-vs',
                text: `The provided code '${system}${c.version !== undefined ? `|${c.version}` : ''}#${c.code}${c.display !== undefined ? ` ('${c.display}')` : ''}' was not found in the value set '${vsName}'`,
                expression: [c.paths.code],
            }));
        }
        else if (member && options.abstract === false && member.concept.abstract) {
            // abstract=false: an abstract code is not a member here either (tx.fhir.org reports both).
            validation.result = false;
            validation.issues.push((0, outcome_1.issue)({ severity: 'error', code: 'code-invalid', txType: 'not-in-vs', text: `The provided code '${system}#${c.code}' was not found in the value set '${vsName}'`, expression: [c.paths.code] }));
        }
        else if (member && listedAsDeprecated(entry.resource, member.version.system.url, c.code)) {
            // Reported as an issue, not repeated in `message` (tx.fhir.org).
            validation.issues.push(notInMessage({
                severity: 'warning',
                code: 'business-rule',
                txType: 'code-comment',
                text: `The presence of the concept '${c.code}' in the system '${member.version.system.url}' in the value set ${vsName} is marked with a status of deprecated and its use should be reviewed`,
                expression: [c.paths.code],
            }));
        }
        // An inactive code where only active ones count (activeOnly, or compose.inactive = false): valid, but not in the value set.
        const inactiveLeftOut = found !== undefined && (0, model_1.isInactive)(found.concept) && (activeOnly || entry.resource.compose?.inactive === false);
        if (inactiveLeftOut) {
            validation.result = false;
            validation.issues.push((0, outcome_1.issue)({ severity: 'error', code: 'business-rule', txType: 'code-rule', text: `The concept '${c.code}' is valid but is not active`, expression: [c.paths.code] }));
            if (member) {
                validation.issues.push((0, outcome_1.issue)({ severity: 'error', code: 'code-invalid', txType: 'not-in-vs', text: `The provided code '${system}#${c.code}' was not found in the value set '${vsName}'`, expression: [c.paths.code] }));
            }
        }
        results.push(validation);
    }
    // valueset-membership-only (the HL7 validator's): whether the codes are in the value set, nothing else.
    if (input.boolean('valueset-membership-only') === true) {
        for (const r of results) {
            r.issues = r.issues.filter((i) => i.details?.coding?.[0]?.code === 'not-in-vs');
            r.result = r.issues.length === 0 && !r.membershipUnknown;
        }
    }
    const { result, issues, reported } = codeableConcept ? (0, validate_code_parameters_1.combineValueSetCodings)(results, vsName) : { ...(0, validate_code_parameters_1.combineCodings)(results), reported: (0, validate_code_parameters_1.chooseReported)(results) };
    issues.push(...[entry.resource, ...expansion.usedValueSets].flatMap(model_1.valueSetStatusNotes).map(validate_1.statusNoteIssue));
    for (const r of results)
        if (r.unknownSystem !== undefined)
            unknown.push(r.unknownSystem);
    return (0, validate_code_parameters_1.validationParameters)(result, issues, reported, [...new Set(unknown)], codeableConcept, [...new Set(unknownTargets)]);
}
exports.valueSetValidateCode = { resourceType: 'ValueSet', code: 'validate-code', definition: exports.definition, handler };
/** The version the value set's include gives for a code system: the include that lists the code, else the first. */
/**
 * The version the value set's include gives for a code system. With includes of several versions (as
 * tx.fhir.org chooses): the one the coding names, else the newest whose members hold the code (with the
 * coding's display, when one has it), else the newest. With one: the include that lists the code, else the first.
 */
function includeVersionFor(vs, snapshot, system, c, expansion) {
    const includes = (vs.compose?.include ?? []).filter((inc) => inc.system !== undefined && snapshot.system(inc.system) === system);
    const versions = [...new Set(includes.map((inc) => inc.version).filter((v) => v !== undefined))].sort((a, b) => (0, resolve_1.compareVersions)(b, a));
    if (versions.length > 1) {
        if (c.version !== undefined && versions.includes(c.version))
            return c.version;
        const holders = expansion.entries.filter((m) => m.version.system === system && m.concept.code === c.code);
        // A display the client gives picks the version that has it.
        const fitting = holders.filter((m) => c.display !== undefined && (m.concept.display === c.display || m.concept.designations.some((d) => d.value === c.display)));
        const holding = new Set((fitting.length > 0 ? fitting : holders).map((m) => m.version.version));
        return versions.find((v) => holding.has(v)) ?? versions[0];
    }
    return (includes.find((inc) => inc.concept?.some((x) => x.code === c.code)) ?? includes[0])?.version;
}
const vsInvalid = (severity, text, at) => (0, outcome_1.issue)({ severity, code: 'invalid', txType: 'vs-invalid', text, expression: [at] });
/**
 * Validates a coding of a known code system against the version the value set settles on, as tx.fhir.org
 * does: the request's version parameters apply to the include's version; a coding version that a pattern
 * (`1.x`) admits is used as given; any other coding version is a mismatch (an error against a pinned
 * include, a warning against a versionless one), and the code is judged in the value set's version.
 */
async function validateAgainstInclude(snapshot, vs, expansion, system, c, options) {
    const includeVersion = includeVersionFor(vs, snapshot, system, c, expansion);
    const asked = (0, resolve_1.requestedVersion)(snapshot, system, includeVersion);
    let requested = asked.version;
    if (c.version !== undefined && requested !== undefined && (0, resolve_1.isVersionPattern)(requested) && (0, resolve_1.versionMatches)(requested, c.version))
        requested = c.version;
    const resolution = (0, resolve_1.resolveVersion)(snapshot, { system: system.url, version: requested, date: options.date }, { version: requested, applied: asked.applied });
    const inVs = resolution.kind === 'found' ? resolution.version : undefined;
    const issues = [];
    const unknownVersions = [];
    if (c.version !== undefined && c.version !== inVs?.version) {
        const codingVersionKnown = system.versions.some((v) => v.version === c.version);
        const what = `The code system '${system.url}' version`;
        const value = `is different to the one in the value ('${c.version}')`;
        if (inVs && requested === undefined) {
            const warning = vsInvalid('warning', `${what} '${inVs.version}' for the versionless include in the ValueSet include ${value}`, c.paths.version);
            validate_1.NOT_IN_MESSAGE.add(warning);
            issues.push(warning);
        }
        else if (inVs && requested !== includeVersion) {
            issues.push(vsInvalid('error', `${what} '${requested}' resulting from the version '${includeVersion ?? ''}' in the ValueSet include ${value}`, c.paths.version));
        }
        else {
            issues.push(vsInvalid('error', `${what} '${requested ?? inVs?.version}' in the ValueSet include ${value}`, c.paths.version));
        }
        if (inVs && !codingVersionKnown) {
            issues.push((0, outcome_1.issue)({
                severity: 'error',
                code: 'not-found',
                txType: 'not-found',
                text: (0, resolve_1.resolutionFailureText)({ kind: 'unknown-version', system, version: c.version, known: system.versions.map((v) => v.version) }),
                expression: [c.paths.system],
            }));
            unknownVersions.push(`${system.url}|${c.version}`);
        }
    }
    let validation;
    if (resolution.kind === 'found') {
        validation = await (0, validate_1.validateCoding)(snapshot, c, options, resolution);
    }
    else {
        // The value set's version cannot be had: say so, and judge the code in the coding's own version.
        if (resolution.kind === 'unknown-version') {
            issues.push((0, outcome_1.issue)({ severity: 'error', code: 'not-found', txType: 'not-found', text: (0, resolve_1.resolutionFailureText)(resolution), expression: [c.paths.system] }));
            unknownVersions.push(`${system.url}|${resolution.version}`);
        }
        validation = await (0, validate_1.validateCoding)(snapshot, c, options);
        validation.membershipUnknown = true;
        if (validation.unknownSystem !== undefined)
            unknownVersions.push(validation.unknownSystem);
        validation.unknownSystem = undefined;
    }
    validation.issues.unshift(...issues);
    if (issues.some((i) => i.severity === 'error'))
        validation.result = false;
    return { validation, unknownVersions };
}
const notInMessage = (spec) => {
    const made = (0, outcome_1.issue)(spec);
    validate_1.NOT_IN_MESSAGE.add(made);
    return made;
};
/** Whether the value set lists the code with a deprecated mark (`valueset-deprecated` or a standards status). */
function listedAsDeprecated(vs, system, code) {
    return (vs.compose?.include ?? []).some((inc) => inc.system === system &&
        inc.concept?.some((c) => c.code === code &&
            c.extension?.some((e) => (e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-deprecated' && (e.valueBoolean === true || String(e.valueCode) === 'true')) ||
                (e.url === model_1.STANDARDS_STATUS_EXT && e.valueCode === 'deprecated'))));
}
/** The answer for a coding without a system: not validated, with the issues given. */
function noSystem(c, issues) {
    return { result: false, issues, system: undefined, code: c.code, version: undefined, display: undefined, inactive: undefined, unknownSystem: undefined };
}
/** Whether the value set's compose names the code system (in an include or exclude). */
function includesSystem(vs, system) {
    return [...(vs.compose?.include ?? []), ...(vs.compose?.exclude ?? [])].some((inc) => inc.system === system);
}
//# sourceMappingURL=valueset-validate-code.js.map