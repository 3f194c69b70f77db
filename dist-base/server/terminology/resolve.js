"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.splitCanonical = splitCanonical;
exports.compareVersions = compareVersions;
exports.isVersionPattern = isVersionPattern;
exports.versionMatches = versionMatches;
exports.matchingVersion = matchingVersion;
exports.orList = orList;
exports.covers = covers;
exports.compareEffective = compareEffective;
exports.inForceText = inForceText;
exports.versionLabel = versionLabel;
exports.requestedVersion = requestedVersion;
exports.checkFailureText = checkFailureText;
exports.resolveVersion = resolveVersion;
exports.resolutionFailureText = resolutionFailureText;
const dates_1 = require("./dates");
/** Splits a canonical reference `url|version` into its parts. */
function splitCanonical(canonical) {
    const bar = canonical.indexOf('|');
    if (bar < 0)
        return { url: canonical, version: undefined };
    return { url: canonical.slice(0, bar), version: canonical.slice(bar + 1) || undefined };
}
/**
 * Orders version strings as people read them: numeric parts numerically (`1.10.0` after `1.9.0`), other
 * parts alphabetically.
 */
function compareVersions(a, b) {
    const pa = a.split(/[.-]/);
    const pb = b.split(/[.-]/);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const x = pa[i];
        const y = pb[i];
        if (x === undefined)
            return -1;
        if (y === undefined)
            return 1;
        const nx = /^\d+$/.test(x) ? Number(x) : NaN;
        const ny = /^\d+$/.test(y) ? Number(y) : NaN;
        const d = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
        if (d !== 0)
            return d;
    }
    return 0;
}
/** Whether a requested version is a pattern (`1.x`, `1.0.x`, `1.*`) rather than one version. */
function isVersionPattern(version) {
    return version.split('.').some((p) => p === 'x' || p === '*' || p === 'X');
}
/**
 * Whether a version matches a requested version: equal, or matching a pattern part by part (`1.x` matches
 * `1.0.0` and `1.2`, `1.0.x` matches `1.0.3`). A plain `1` is one version, not a pattern (tx.fhir.org).
 */
function versionMatches(requested, version) {
    if (requested === version)
        return true;
    if (!isVersionPattern(requested))
        return false;
    const want = requested.split('.');
    const have = version.split('.');
    if (want.length > have.length)
        return false;
    return want.every((w, i) => w === 'x' || w === 'X' || w === '*' || w === have[i]);
}
/** The newest of the versions that match a requested version or pattern. */
function matchingVersion(system, requested) {
    const exact = system.versions.find((v) => v.version === requested);
    if (exact)
        return exact;
    return system.versions.filter((v) => versionMatches(requested, v.version)).sort((a, b) => compareVersions(a.version, b.version)).at(-1);
}
/** "a, b or c", as tx.fhir.org lists valid versions. */
function orList(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
/** Whether a version's effective period `[from, to)` covers the date; a version without one covers every date. */
function covers(version, date) {
    if (version.effectiveFrom === null)
        return true;
    return version.effectiveFrom <= date && (version.effectiveTo === null || date < version.effectiveTo);
}
/**
 * The order of a system's versions: those without an effective period first (by version), then by
 * effective date (and version on the same day). The last is the latest.
 */
function compareEffective(a, b) {
    if (a.effectiveFrom === null || b.effectiveFrom === null) {
        if (a.effectiveFrom !== b.effectiveFrom)
            return a.effectiveFrom === null ? -1 : 1;
        return compareVersions(a.version, b.version);
    }
    return a.effectiveFrom.localeCompare(b.effectiveFrom) || compareVersions(a.version, b.version);
}
/** "in force from 2014-01-01", or that the version has no effective period. */
function inForceText(version) {
    return version.effectiveFrom === null ? 'without an effective period (in force on any date)' : `in force from ${version.effectiveFrom}`;
}
/** A short human name for a version: `NCMP 2014`. */
function versionLabel(version) {
    return `${version.system.name} ${version.version}`;
}
/**
 * The version a request asks for once its version parameters apply, in tx.fhir.org's order:
 * `force-system-version` overrides whatever was given; a version given (by the coding, the value set's
 * include, `url|version`) comes next; then `system-version`, then `check-system-version` as a default.
 */
function requestedVersion(snapshot, system, given) {
    const { policy } = snapshot;
    const forced = policy.force.get(system.url);
    if (forced !== undefined)
        return { version: forced, applied: [{ name: 'force-system-version', canonical: `${system.url}|${forced}` }] };
    if (given !== undefined)
        return { version: given, applied: [] };
    const byDefault = policy.defaults.get(system.url);
    if (byDefault !== undefined)
        return { version: byDefault, applied: [{ name: 'system-version', canonical: `${system.url}|${byDefault}` }] };
    const checked = policy.check.get(system.url);
    if (checked !== undefined)
        return { version: checked, applied: [{ name: 'check-system-version', canonical: `${system.url}|${checked}` }] };
    return { version: undefined, applied: [] };
}
/** tx.fhir.org's text when `check-system-version` does not admit the version used. */
function checkFailureText(system, version, pattern) {
    return `The version '${version}' is not allowed for system '${system.url}': required to be '${pattern}' by a version-check parameter`;
}
/**
 * The one version-resolution rule of the server: the request's version parameters apply first
 * (`requestedVersion`); a version or pattern asked for must exist; otherwise the version whose effective
 * period covers `date` (default: today) is chosen, and failing that the latest version without an
 * effective period (which has no date limits). `asked` skips the parameters (the caller applied them).
 */
function resolveVersion(snapshot, query, asked) {
    const { url, version: pinned } = splitCanonical(query.system);
    const system = snapshot.system(url);
    if (!system)
        return { kind: 'unknown-system', system: url };
    const policy = snapshot.policy;
    const notes = [];
    const { version: explicit, applied } = asked ?? requestedVersion(snapshot, system, query.version ?? pinned);
    const checked = (found, date) => {
        const check = policy.check.get(system.url);
        const checkFailure = check !== undefined && !versionMatches(check, found.version) ? checkFailureText(system, found.version, check) : undefined;
        return { kind: 'found', system, version: found, date, notes, applied, ...(checkFailure ? { checkFailure } : {}) };
    };
    if (explicit !== undefined) {
        const found = matchingVersion(system, explicit);
        if (!found) {
            return { kind: 'unknown-version', system, version: explicit, known: system.versions.map((v) => v.version) };
        }
        return checked(found, query.date);
    }
    // Content sent with the request (tx-resource) is what the client means when it names no version.
    const inline = system.versions.filter((v) => v.inline).sort((a, b) => compareVersions(a.version, b.version)).at(-1);
    if (inline)
        return checked(inline, query.date);
    if (policy.latest && query.date === undefined && system.versions.length > 0)
        return checked(system.versions.at(-1), undefined);
    const date = query.date ?? (0, dates_1.todayInNorway)();
    const inForce = system.versions.filter((v) => v.effectiveFrom !== null && covers(v, date)).at(-1) ?? system.versions.filter((v) => v.effectiveFrom === null).at(-1);
    if (!inForce)
        return { kind: 'no-version-in-force', system, date };
    if (inForce.effectiveFrom === null) {
        if (query.date !== undefined)
            notes.push(`${versionLabel(inForce)} has no effective period; it was used for ${date} as for any date`);
        return checked(inForce, date);
    }
    const labelYear = /^(\d{4})/.exec(inForce.version)?.[1];
    if (labelYear && date.slice(0, 4) > labelYear) {
        notes.push(`No ${system.name} version for ${date.slice(0, 4)} is loaded; ${versionLabel(inForce)} (${inForceText(inForce)}) ` +
            `is the newest version in force on ${date} and was used`);
    }
    return checked(inForce, date);
}
/** The text that explains a failed resolution, in the terms tx.fhir.org uses. */
function resolutionFailureText(r, purpose = 'validate') {
    const consequence = purpose === 'validate' ? 'the code cannot be validated' : 'the value set cannot be expanded';
    switch (r.kind) {
        case 'unknown-system':
            return `A definition for CodeSystem '${r.system}' could not be found, so ${consequence}`;
        case 'unknown-version':
            return (`A definition for CodeSystem '${r.system.url}' version '${r.version}' could not be found, so ${consequence}. ` +
                `Valid versions: ${orList([...r.known].sort(compareVersions)) || '(none)'}`);
        case 'no-version-in-force': {
            const first = r.system.versions[0];
            return first
                ? `No version of ${r.system.name} (${r.system.url}) was in force on ${r.date}; the earliest loaded is ${first.version}, ${inForceText(first)}`
                : `No version of ${r.system.name} (${r.system.url}) is loaded`;
        }
    }
}
//# sourceMappingURL=resolve.js.map