"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.presence = presence;
exports.describePresence = describePresence;
exports.completeVersionsBefore = completeVersionsBefore;
exports.completeFallback = completeFallback;
exports.systemHistory = systemHistory;
const dates_1 = require("./dates");
const model_1 = require("./model");
/**
 * Where a code was valid, as intervals of consecutive versions. A retired entry ends an interval at its
 * retirement date; a fragment version that lacks the code does not break an interval (it says nothing).
 */
async function presence(snapshot, system, code) {
    const intervals = [];
    let open;
    for (const version of system.versions) {
        const concept = (await snapshot.content(version)).byCode.get(code);
        if (concept && !(0, model_1.isWithdrawn)(concept) && !concept.abstract) {
            if (open && version.effectiveFrom !== null && open.to === version.effectiveFrom) {
                open.to = version.effectiveTo;
                open.versions.push(version);
            }
            else {
                open = { from: version.effectiveFrom, to: version.effectiveTo, versions: [version] };
                intervals.push(open);
            }
        }
        else if (concept && (0, model_1.isWithdrawn)(concept)) {
            if (open && open.to !== null)
                open.to = (0, model_1.retirementDate)(concept) ?? version.effectiveFrom;
            open = undefined;
        }
        else if (version.content !== 'fragment') {
            open = undefined;
        }
    }
    return intervals;
}
/**
 * "2007–2020 (NCMP 2007–2017)": the years a code was in force and the versions that held it. Versions
 * without an effective period say nothing about when a code was valid, so they are left out.
 */
function describePresence(intervals) {
    return intervals
        .filter((i) => i.from !== null)
        .map((i) => {
        const first = i.versions[0];
        const last = i.versions.at(-1);
        const names = first === last ? first.version : `${first.version}–${last.version}`;
        const fromYear = i.from.slice(0, 4);
        const toYear = i.to === null ? 'now' : (0, dates_1.dayBefore)(i.to).slice(0, 4);
        const years = fromYear === toYear ? fromYear : `${fromYear}–${toYear}`;
        return `${years} (${first.system.name} ${names})`;
    })
        .join(', ');
}
/**
 * For a version that is a fragment: the newest complete version before it that holds the code, active.
 * A fragment only lists what changed, so an absent code is answered from there, and said so.
 */
/** The complete versions of a fragment's system in force before it, oldest first (none for an undated fragment). */
function completeVersionsBefore(fragment) {
    const before = fragment.effectiveFrom;
    return before === null ? [] : fragment.system.versions.filter((v) => v.effectiveFrom !== null && v.effectiveFrom < before && v.content === 'complete');
}
async function completeFallback(snapshot, fragment, code) {
    // A fragment without an effective period follows no version in time: there is nothing before it.
    const newest = completeVersionsBefore(fragment).at(-1);
    if (!newest)
        return undefined;
    const concept = (await snapshot.content(newest)).byCode.get(code);
    if (!concept || (0, model_1.isWithdrawn)(concept))
        return undefined;
    return { version: newest, concept };
}
/**
 * The history of every code of a system, computed once per content snapshot (all its versions are read
 * once, then the answer is a map look-up). Derived hierarchy concepts have no history of their own.
 */
function systemHistory(snapshot, system) {
    return snapshot.derived(`history:${system.id}`, async () => {
        const byCode = new Map();
        for (const version of system.versions) {
            if (version.inline)
                continue;
            for (const concept of (await snapshot.content(version)).ordered) {
                if (concept.abstract && concept.properties.some((p) => p.code === 'derived'))
                    continue;
                let history = byCode.get(concept.code);
                if (!history)
                    byCode.set(concept.code, (history = { versions: [], textChanges: [] }));
                const entry = { version, display: concept.display };
                const previous = history.versions.at(-1);
                if (previous && previous.display !== entry.display)
                    history.textChanges.push({ from: previous, to: entry });
                history.versions.push(entry);
            }
        }
        return byCode;
    });
}
//# sourceMappingURL=history.js.map