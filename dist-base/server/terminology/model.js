"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.STANDARDS_STATUS_EXT = void 0;
exports.isInactive = isInactive;
exports.isRetired = isRetired;
exports.isWithdrawn = isWithdrawn;
exports.retirementDate = retirementDate;
exports.statusNotes = statusNotes;
exports.versionStatusNotes = versionStatusNotes;
exports.valueSetStatusNotes = valueSetStatusNotes;
/** Whether a concept is inactive in its version (retired, inactive or deprecated with `inactive=true`). */
function isInactive(concept) {
    if (concept.status === 'retired' || concept.status === 'inactive')
        return true;
    return concept.properties.some((p) => p.code === 'inactive' && p.valueBoolean === true);
}
/** Whether a concept is retired (gone from its version, kept only so questions about it get an answer). */
function isRetired(concept) {
    return concept.status === 'retired' || concept.properties.some((p) => p.code === 'status' && p.valueCode === 'retired');
}
/**
 * Whether a concept is withdrawn from its version: retired with a retirement date (as NCMP records a code
 * that ceased). Such a concept is not a member of value sets and not a valid code; it is kept so that
 * questions about it get an answer. A concept that is only marked `retired` (FHIR's status, with no date)
 * is still in its version, as an inactive concept, as tx.fhir.org treats it.
 */
function isWithdrawn(concept) {
    return isRetired(concept) && retirementDate(concept) !== undefined;
}
/** The date from which a retired concept is no longer valid, when the version records it. */
function retirementDate(concept) {
    const p = concept.properties.find((x) => x.code === 'retirementDate');
    return p?.valueDateTime?.slice(0, 10);
}
/** The extension that marks a resource (or a value set's concept) deprecated or withdrawn. */
exports.STANDARDS_STATUS_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status';
/** The status notes of a resource: draft, experimental, deprecated or withdrawn (standards status). */
function statusNotes(resourceType, canonical, r) {
    const out = [];
    if (r.status === 'draft')
        out.push({ kind: 'draft', resourceType, canonical });
    if (r.experimental === true)
        out.push({ kind: 'experimental', resourceType, canonical });
    if (r.standardsStatus === 'deprecated' || r.standardsStatus === 'withdrawn')
        out.push({ kind: r.standardsStatus, resourceType, canonical });
    return out;
}
/** The status notes of a code system version. */
function versionStatusNotes(v) {
    return statusNotes('CodeSystem', v.version ? `${v.system.url}|${v.version}` : v.system.url, v);
}
/** The status notes of a value set. */
function valueSetStatusNotes(vs) {
    const canonical = vs.version ? `${vs.url}|${vs.version}` : (vs.url ?? '');
    // tx.fhir.org notes a value set's standards status only, not its draft or experimental status.
    return statusNotes('ValueSet', canonical, { standardsStatus: vs.extension?.find((e) => e.url === exports.STANDARDS_STATUS_EXT)?.valueCode });
}
//# sourceMappingURL=model.js.map