"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NOT_IN_MESSAGE = void 0;
exports.validateCoding = validateCoding;
exports.messageOf = messageOf;
exports.statusNoteIssue = statusNoteIssue;
const outcome_1 = require("../fhir/outcome");
const display_1 = require("./display");
const find_1 = require("./find");
const model_1 = require("./model");
const resolve_1 = require("./resolve");
const history_1 = require("./history");
const succession_1 = require("./succession");
const hasError = (issues) => issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
/**
 * Validates one coding against its code system as of a date or version: the shared core of
 * CodeSystem/$validate-code and ValueSet/$validate-code.
 */
async function validateCoding(snapshot, coding, options, resolved) {
    const issues = [];
    const base = {
        result: false,
        issues,
        system: coding.system,
        code: coding.code,
        version: coding.version,
        display: undefined,
        inactive: undefined,
        unknownSystem: undefined,
    };
    if (!coding.system) {
        issues.push((0, outcome_1.issue)({
            severity: 'error',
            code: 'invalid',
            txType: 'invalid-data',
            text: `Coding has no system: a code without a system cannot be validated`,
            expression: [coding.paths.system],
        }));
        return base;
    }
    const resolution = resolved ?? (0, resolve_1.resolveVersion)(snapshot, { system: coding.system, version: coding.version, date: options.date });
    if (resolution.kind !== 'found') {
        const text = (0, resolve_1.resolutionFailureText)(resolution);
        const isSystem = resolution.kind === 'unknown-system';
        issues.push((0, outcome_1.issue)({
            severity: 'error',
            code: 'not-found',
            txType: 'not-found',
            text,
            expression: [isSystem ? coding.paths.system : coding.paths.version],
        }));
        if (resolution.kind === 'unknown-system')
            base.unknownSystem = resolution.system;
        if (resolution.kind === 'unknown-version')
            base.unknownSystem = `${resolution.system.url}|${resolution.version}`;
        if (resolution.kind !== 'unknown-system')
            base.system = resolution.system.url;
        return base;
    }
    const { system, version } = resolution;
    base.system = system.url;
    if (version.content === 'supplement') {
        // A supplement adds to another code system; its url names no codes of its own (tx.fhir.org's words).
        const named = version.version ? `${system.url}|${version.version}` : system.url;
        issues.push((0, outcome_1.issue)({ severity: 'error', code: 'invalid', txType: 'invalid-data', text: `CodeSystem ${named} is a supplement, so can't be used as a value in Coding.system`, expression: [coding.paths.system] }));
        return base;
    }
    base.version = version.version;
    for (const note of resolution.notes) {
        issues.push((0, outcome_1.issue)({ severity: 'information', code: 'informational', txType: 'process-note', text: note }));
    }
    if (resolution.checkFailure) {
        issues.push((0, outcome_1.issue)({ severity: 'error', code: 'exception', txType: 'version-error', text: resolution.checkFailure, expression: [coding.paths.version] }));
    }
    if (version.content === 'not-present') {
        issues.push((0, outcome_1.issue)({ severity: 'error', code: 'not-found', txType: 'not-found', text: (0, find_1.noContentText)(version), expression: [coding.paths.system] }));
        return base;
    }
    const finding = await (0, find_1.findConcept)(snapshot, version, coding.code);
    if (finding.kind === 'absent' && finding.version.content === 'fragment' && (0, history_1.completeVersionsBefore)(finding.version).length === 0) {
        // A fragment with nothing complete to fall back on cannot deny a code: a warning, as tx.fhir.org gives it.
        const v = finding.version;
        issues.push(unsaid({
            severity: 'warning',
            code: 'code-invalid',
            txType: 'invalid-code',
            text: `Unknown Code '${coding.code}' in the CodeSystem '${system.url}' version '${v.version}' - note that the code system is labeled as a fragment, so the code may be valid in some other fragment`,
            expression: [coding.paths.code],
        }));
        base.version = v.version;
        base.fragmentUnknown = true;
        base.result = true;
        return base;
    }
    if (finding.kind === 'absent') {
        let text = (0, find_1.absentText)(finding, coding.code);
        const elsewhere = snapshot.conceptMaps.flatMap((m) => m.elements.filter((e) => e.sourceCode === coding.code && (0, succession_1.hasValidity)(e) && snapshot.system(e.sourceSystem) !== system));
        if (elsewhere.length > 0) {
            const other = snapshot.system(elsewhere[0].sourceSystem);
            const successions = (0, succession_1.successorsOf)(snapshot, elsewhere[0].sourceSystem, coding.code, options.date);
            text += `; ${coding.code} is a code of ${other?.name ?? elsewhere[0].sourceSystem} (${other?.url ?? elsewhere[0].sourceSystem}), not of ${system.name}`;
            const sentence = (0, succession_1.successionSentence)(snapshot, coding.code, successions);
            if (sentence)
                text += `; ${sentence}`;
        }
        issues.push((0, outcome_1.issue)({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', text, expression: [coding.paths.code] }));
        return base;
    }
    if (finding.kind === 'retired') {
        let text = (0, find_1.retiredText)(finding, coding.code);
        const sentence = (0, succession_1.successionSentence)(snapshot, coding.code, (0, succession_1.successorsOf)(snapshot, system.url, coding.code, options.date));
        if (sentence)
            text += `; ${sentence}`;
        issues.push((0, outcome_1.issue)({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', text, expression: [coding.paths.code] }));
        base.display = finding.concept.display ?? undefined;
        base.inactive = true;
        return base;
    }
    const { concept } = finding;
    base.version = finding.version.version;
    base.display = (0, display_1.preferredDisplay)(concept, options.displayLanguage, finding.version.language);
    if (concept.status !== 'active' && concept.status !== 'inactive' && (0, model_1.isInactive)(concept))
        base.status = concept.status;
    base.found = { version: finding.version, concept, fromFragmentFallback: finding.fragment !== undefined };
    if (concept.code !== coding.code) {
        base.normalizedCode = concept.code;
        issues.push(unsaid({
            severity: 'information',
            code: 'business-rule',
            txType: 'code-rule',
            text: `The code '${coding.code}' differs from the correct code '${concept.code}' by case. Although the code system '${system.url}${finding.version.version ? `|${finding.version.version}` : ''}' is case insensitive, implementers are strongly encouraged to use the correct case anyway`,
            expression: [coding.paths.code],
        }));
    }
    const fragmentNote = (0, find_1.fragmentText)(finding, coding.code);
    if (fragmentNote) {
        issues.push((0, outcome_1.issue)({ severity: 'warning', code: 'informational', txType: 'process-note', text: fragmentNote, expression: [coding.paths.code] }));
    }
    issues.push(...(0, model_1.versionStatusNotes)(finding.version).map(statusNoteIssue));
    // A draft that says what it is (NordDRG's preliminary list): the client hears it as a warning, in its words.
    if (finding.version.status === 'draft' && finding.version.description) {
        issues.push((0, outcome_1.issue)({
            severity: 'warning',
            code: 'business-rule',
            txType: 'status-check',
            text: `The answer is drawn from ${(0, resolve_1.versionLabel)(finding.version)}, a draft version: ${finding.version.description}`,
            expression: [coding.paths.code],
        }));
    }
    const derived = concept.properties.some((p) => p.code === 'derived' && p.valueBoolean === true);
    if (concept.abstract && (options.abstract === false || (options.abstract === undefined && derived))) {
        issues.push((0, outcome_1.issue)({
            severity: 'error',
            code: 'business-rule',
            txType: 'code-rule',
            text: derived
                ? `Code '${coding.code}' is a grouping concept of ${system.name} (derived from the code shape), not a code to record; set abstract=true to accept it`
                : `Code '${system.url}#${coding.code}' is abstract, and not allowed in this context`,
            expression: [coding.paths.code],
        }));
    }
    if ((0, model_1.isInactive)(concept)) {
        base.inactive = true;
        issues.push((0, outcome_1.issue)({
            severity: 'warning',
            code: 'business-rule',
            txType: 'code-comment',
            text: `The concept '${coding.code}' has a status of ${concept.status === 'active' || concept.status === 'inactive' ? 'inactive' : `${concept.status} and inactive`} and its use should be reviewed`,
            // tx.fhir.org points at the coding as a whole (`Coding`), or at `code` for the code form.
            expression: [coding.paths.code.replace(/\.code$/, '')],
        }));
    }
    if (concept.status === 'deprecated') {
        // Valid, with a warning and the status, as tx.fhir.org words it.
        base.status = 'deprecated';
        issues.push((0, outcome_1.issue)({
            severity: 'warning',
            code: 'business-rule',
            txType: 'code-comment',
            text: `The concept '${coding.code}' is deprecated and its use should be reviewed`,
            expression: [coding.paths.code],
        }));
    }
    const successions = (0, succession_1.successorsOf)(snapshot, system.url, coding.code, options.date);
    const applying = successions.filter((s) => s.timing === 'applies' && (0, succession_1.replaces)(s));
    if (applying.length > 0) {
        issues.push((0, outcome_1.issue)({
            severity: 'error',
            code: 'code-invalid',
            txType: 'invalid-code',
            text: `${coding.code} is no longer valid on ${options.date ?? 'this date'}: ${(0, succession_1.successionSentence)(snapshot, coding.code, applying)}`,
            expression: [coding.paths.code],
        }));
    }
    else {
        const pending = successions.filter((s) => s.timing !== 'applies' && s.timing !== 'ended' && (0, succession_1.replaces)(s));
        const sentence = (0, succession_1.successionSentence)(snapshot, coding.code, pending);
        if (sentence) {
            issues.push((0, outcome_1.issue)({ severity: 'warning', code: 'business-rule', txType: 'status-check', text: sentence, expression: [coding.paths.code] }));
        }
    }
    if (coding.display !== undefined) {
        const displayIssue = displayJudgement(concept, finding.version, `${system.url}#${coding.code}`, coding.display, options);
        if (displayIssue) {
            const placed = { ...displayIssue, expression: [coding.paths.display], location: [coding.paths.display] };
            if (exports.NOT_IN_MESSAGE.has(displayIssue))
                exports.NOT_IN_MESSAGE.add(placed);
            issues.push(placed);
        }
    }
    base.result = !hasError(issues);
    return base;
}
/** Issues that are reported in `issues` but not repeated in `message` (tx.fhir.org leaves them out there). */
exports.NOT_IN_MESSAGE = new WeakSet();
/** An issue that is not repeated in `message`. */
function unsaid(spec) {
    const made = (0, outcome_1.issue)(spec);
    exports.NOT_IN_MESSAGE.add(made);
    return made;
}
/** Joins issue texts the way tx.fhir.org builds `message`: errors first, then the rest. */
function messageOf(issues) {
    const order = { fatal: 0, error: 1, warning: 2, information: 3 };
    const said = issues.filter((i) => !exports.NOT_IN_MESSAGE.has(i));
    if (said.length === 0)
        return undefined;
    return said
        .sort((a, b) => order[a.severity] - order[b.severity])
        .map((i) => i.details?.text ?? '')
        .filter((t) => t !== '')
        .join('; ');
}
/** `'Display 1' (en)`, as tx.fhir.org names a valid display. */
const named = (o) => `'${o.value}'${o.language ? ` (${o.language})` : ''}`;
/** The issue about a client's display, in tx.fhir.org's words, or none when the display is right. */
function displayJudgement(concept, version, coded, given, options) {
    const verdict = (0, display_1.judgeDisplay)(concept, given, options.displayLanguage, version.language);
    const languages = options.displayLanguage && options.displayLanguage !== '*' ? options.displayLanguage : '--';
    const severity = options.lenientDisplay ? 'warning' : 'error';
    switch (verdict.kind) {
        case 'match':
            return undefined;
        case 'default-language-ok':
            return (0, outcome_1.issue)({
                severity: 'information',
                code: 'invalid',
                txType: 'invalid-display',
                text: `There are no valid display names found for the code ${coded} for language(s) '${languages}'. The display is '${given}' which is a valid display for the default language`,
            });
        case 'none-for-language':
            return (0, outcome_1.issue)({
                severity,
                code: 'invalid',
                txType: 'invalid-display',
                text: `Wrong Display Name '${given}' for ${coded}. There are no valid display names found for language(s) '${languages}'. Default display is '${concept.display ?? ''}'`,
            });
        case 'retired':
            // Still valid; tx.fhir.org's words, and not repeated in `message`.
            return unsaid({
                severity: 'warning',
                code: 'invalid',
                txType: 'display-comment',
                text: `'${given}' is no longer considered a correct display for code '${concept.code}' (status = deprecated). The correct display is one of ${verdict.valid.map((o) => `"${o.value}"`).join(', ')}.`,
            });
        case 'case-or-space':
        case 'wrong': {
            const valid = verdict.valid.length === 1
                ? `Valid display is ${named(verdict.valid[0])}`
                : `Valid display is one of ${verdict.valid.length} choices: ${(0, resolve_1.orList)(verdict.valid.map(named))}`;
            const detail = verdict.kind === 'case-or-space' ? ' (the difference is only in case or whitespace)' : '';
            return (0, outcome_1.issue)({
                severity,
                code: 'invalid',
                txType: 'invalid-display',
                text: `Wrong Display Name '${given}' for ${coded}. ${valid} (for the language(s) '${languages}')${detail}`,
            });
        }
    }
}
/** tx.fhir.org's information that an answer rests on a draft, experimental, deprecated or withdrawn resource. */
function statusNoteIssue(note) {
    return unsaid({ severity: 'information', code: 'business-rule', txType: 'status-check', text: `Reference to ${note.kind} ${note.resourceType} ${note.canonical}` });
}
//# sourceMappingURL=validate.js.map