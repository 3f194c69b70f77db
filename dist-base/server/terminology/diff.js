"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHANGE_TYPES = void 0;
exports.codesInForce = codesInForce;
exports.diffVersions = diffVersions;
const model_1 = require("./model");
const succession_1 = require("./succession");
/** The kinds of change between two versions of a code system. */
exports.CHANGE_TYPES = ['added', 'retired', 'reactivated', 'text-changed'];
/** What a fragment version states about a code (its `changeType` property, or its status). */
function statedChange(concept, retired) {
    const stated = concept.properties.find((p) => p.code === 'changeType')?.valueCode;
    if (stated === 'new')
        return 'added';
    if (stated === 'reactivated' || stated === 'retired' || stated === 'text-changed')
        return stated;
    return retired ? 'retired' : undefined;
}
/**
 * The codes in force in each version of a system, oldest first. A complete version is what it lists; a
 * fragment is the state before it with what it states applied (its listed codes set, its retired codes
 * removed), so the codes it does not list are not taken as retired.
 */
async function states(snapshot, system) {
    return snapshot.derived(`diff-states:${system.id}`, async () => {
        const byVersion = new Map();
        let previous = new Map();
        for (const version of system.versions) {
            const content = await snapshot.content(version);
            const state = version.content === 'fragment' ? new Map(previous) : new Map();
            for (const concept of content.ordered) {
                if (concept.abstract)
                    continue;
                if ((0, model_1.isRetired)(concept))
                    state.delete(concept.code);
                else
                    state.set(concept.code, concept.display);
            }
            byVersion.set(version.id, state);
            previous = state;
        }
        return byVersion;
    });
}
/** The codes in force in one version (a fragment with the codes it leaves unchanged), in code order. */
async function codesInForce(snapshot, version) {
    const state = (await states(snapshot, version.system)).get(version.id) ?? new Map();
    return [...state.entries()].map(([code, display]) => ({ code, display })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
/**
 * The changes from version `from` to version `to` (from earlier than or equal to to), one per code, in code
 * order. Computed from the codes in force in each, and, for every fragment version after `from` up to `to`,
 * from what it states (a re-activated code, or a re-worded one whose display is unchanged).
 */
async function diffVersions(snapshot, from, to) {
    const system = from.system;
    const all = await states(snapshot, system);
    const before = all.get(from.id);
    const after = all.get(to.id);
    const fromIndex = system.versions.indexOf(from);
    const toIndex = system.versions.indexOf(to);
    const earlier = system.versions.slice(0, fromIndex);
    const types = new Map();
    for (const [code, display] of after) {
        if (!before.has(code)) {
            const seenBefore = earlier.some((v) => all.get(v.id)?.has(code));
            types.set(code, seenBefore ? 'reactivated' : 'added');
        }
        else if (before.get(code) !== display) {
            types.set(code, 'text-changed');
        }
    }
    for (const code of before.keys())
        if (!after.has(code))
            types.set(code, 'retired');
    // What the fragments in (from, to] state about the codes they list.
    for (const version of system.versions.slice(fromIndex + 1, toIndex + 1)) {
        if (version.content !== 'fragment')
            continue;
        for (const concept of (await snapshot.content(version)).ordered) {
            if (concept.abstract)
                continue;
            const stated = statedChange(concept, (0, model_1.isRetired)(concept));
            if (!stated)
                continue;
            // What the fragment states wins (it knows of versions not loaded here, e.g. codes added 2018–2020),
            // as long as it still holds at `to`: a retirement undone later, or a code gone again, is not stated here.
            if ((stated === 'retired') === !after.has(concept.code))
                types.set(concept.code, stated);
        }
    }
    const changes = [];
    const codes = [...types.keys()].sort();
    for (const code of codes) {
        const type = types.get(code);
        const related = (s) => s.code === null ? [] : [{ system: snapshot.system(s.system ?? '')?.url ?? s.system ?? '', code: s.code, display: s.display ?? undefined }];
        changes.push({
            code,
            type,
            fromDisplay: before.get(code) ?? undefined,
            toDisplay: after.get(code) ?? undefined,
            successors: (0, succession_1.successorsOf)(snapshot, system.url, code, undefined).flatMap((s) => related({ system: s.element.targetSystem, code: s.element.targetCode, display: s.element.targetDisplay })),
            predecessors: (0, succession_1.predecessorsOf)(snapshot, system.url, code, undefined).flatMap((s) => related({ system: s.element.sourceSystem, code: s.element.sourceCode, display: s.element.sourceDisplay })),
        });
    }
    return changes;
}
//# sourceMappingURL=diff.js.map