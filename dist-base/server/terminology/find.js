"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findConcept = findConcept;
exports.noContentText = noContentText;
exports.absentText = absentText;
exports.retiredText = retiredText;
exports.fragmentText = fragmentText;
const dates_1 = require("./dates");
const history_1 = require("./history");
const model_1 = require("./model");
const resolve_1 = require("./resolve");
const systems_1 = require("./systems");
/**
 * Finds a code in a version. A fragment version that lacks the code is answered from the newest complete
 * version before it; a code absent everywhere is described with where it did exist.
 */
async function findConcept(snapshot, version, code) {
    const content = await snapshot.content(version);
    let concept = content.byCode.get(code);
    if (!concept && !version.system.caseSensitive) {
        const lower = code.toLowerCase();
        concept = content.ordered.find((c) => c.code.toLowerCase() === lower);
    }
    if (concept && (0, model_1.isWithdrawn)(concept)) {
        const history = (0, history_1.describePresence)(await (0, history_1.presence)(snapshot, version.system, code));
        // A withdrawn concept has a retirement date (`isWithdrawn`).
        return { kind: 'retired', version, concept, retiredFrom: (0, model_1.retirementDate)(concept), history };
    }
    if (concept)
        return { kind: 'found', version, concept };
    if (version.content === 'fragment') {
        const fallback = await (0, history_1.completeFallback)(snapshot, version, code);
        if (fallback)
            return { kind: 'found', version: fallback.version, concept: fallback.concept, fragment: version };
    }
    const history = (0, history_1.describePresence)(await (0, history_1.presence)(snapshot, version.system, code));
    // A coder typing an NCMP or særkode code in lower case hears what was meant; other systems' answers keep
    // tx.fhir.org's wording.
    let caseHint;
    if ((0, systems_1.knownSystem)(version.system.url) !== undefined && (!version.system.caseSensitive || code !== code.toUpperCase())) {
        const upper = code.toUpperCase();
        if (content.byCode.has(upper))
            caseHint = upper;
    }
    return { kind: 'absent', version, history, caseHint };
}
/** A version declared without its concepts (`content = not-present`) can neither confirm nor deny a code. */
function noContentText(version) {
    return `The CodeSystem '${version.system.url}' version '${version.version}' is known only by its definition (content = not-present), so codes in it cannot be checked`;
}
/** "Unknown code 'X' in the CodeSystem 'U' version 'V'", with what else is known about the code. */
function absentText(finding, code) {
    const v = finding.version;
    let text = `Unknown code '${code}' in the CodeSystem '${v.system.url}' version '${v.version}'`;
    if (v.content === 'fragment') {
        text += ` - note that ${(0, resolve_1.versionLabel)(v)} is a fragment (only the codes that changed in it), and the code is not in the newest complete version before it either`;
    }
    if (finding.history)
        text += `; ${code} was in ${finding.history}`;
    if (finding.caseHint)
        text += `; codes are case-sensitive: did you mean '${finding.caseHint}'?`;
    return text;
}
/** "ZWUU40 is retired from 2021-01-01 (NCMP 2021); it was last valid on 2020-12-31 and was in 2007–2020 (NCMP 2007–2017)". */
function retiredText(finding, code) {
    let text = `${code} is retired from ${finding.retiredFrom} (${(0, resolve_1.versionLabel)(finding.version)}); it was last valid on ${(0, dates_1.dayBefore)(finding.retiredFrom)}`;
    if (finding.history)
        text += ` and was in ${finding.history}`;
    return text;
}
/** "…is not in NCMP 2021, a fragment; it is in NCMP 2017, the newest complete version before it". */
function fragmentText(finding, code) {
    if (!finding.fragment)
        return undefined;
    return (`${code} is not in ${(0, resolve_1.versionLabel)(finding.fragment)}, which is a fragment (only the codes that changed in it); ` +
        `it was answered from ${(0, resolve_1.versionLabel)(finding.version)}, the newest complete version before it, where it is active and no retirement is recorded`);
}
//# sourceMappingURL=find.js.map