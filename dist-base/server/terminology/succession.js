"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hasValidity = hasValidity;
exports.successorsOf = successorsOf;
exports.predecessorsOf = predecessorsOf;
exports.validityText = validityText;
exports.replaces = replaces;
exports.describeTargets = describeTargets;
exports.successionSentence = successionSentence;
const concept_map_mappings_1 = require("./concept-map-mappings");
/** Whether the map says anything about when a mapping applies (the project's validity extensions). */
function hasValidity(element) {
    return element.validFrom !== null || element.validTo !== null || element.validityNote !== null;
}
function timing(element, date) {
    if (date !== undefined && element.validTo !== null && date >= element.validTo)
        return 'ended';
    if (element.validFrom === null)
        return element.validityNote !== null ? 'unknown-start' : 'applies';
    if (date !== undefined && date < element.validFrom)
        return 'not-yet';
    return 'applies';
}
function systemMatches(snapshot, mapSystem, asked) {
    if (mapSystem === null)
        return false;
    if (mapSystem === asked)
        return true;
    const a = snapshot.system(mapSystem);
    return a !== undefined && a === snapshot.system(asked);
}
function mappings(snapshot, side, system, code, date, maps) {
    const out = [];
    for (const map of maps) {
        for (const element of map.elements) {
            const [elementCode, elementSystem] = side === 'source' ? [element.sourceCode, element.sourceSystem] : [element.targetCode, element.targetSystem];
            if (elementCode === code && systemMatches(snapshot, elementSystem, system))
                out.push({ map, element, timing: timing(element, date) });
        }
    }
    return out;
}
/**
 * The mappings that state a succession: across all concept maps, only those that say when they apply (the
 * project's validity extensions, as the særkode → NCMP map has on every target). A general map someone loads
 * (ICD-10 → SNOMED, say) states equivalences, not that a code was replaced, so it never makes a code "no
 * longer valid". A caller that names its maps ($translate) gets every mapping of those.
 */
function stated(found, named) {
    return named ? found : found.filter((s) => hasValidity(s.element));
}
/**
 * Every mapping whose source is `system#code` (forward: what replaced it), across all succession maps,
 * or every mapping of `maps` when given. System aliases match their code system.
 */
function successorsOf(snapshot, system, code, date, maps) {
    return stated(mappings(snapshot, 'source', system, code, date, maps ?? snapshot.conceptMaps), maps !== undefined);
}
/** Every mapping whose target is `system#code` (reverse: which code it replaced). */
function predecessorsOf(snapshot, system, code, date, maps) {
    return stated(mappings(snapshot, 'target', system, code, date, maps ?? snapshot.conceptMaps), maps !== undefined);
}
/**
 * A phrase about when a mapping applies: "from 2021-01-01", "until 2030-01-01", or the recorded note on an
 * unknown start. Undefined when the map states nothing about validity: nothing is said then.
 */
function validityText(element) {
    if (element.validFrom !== null) {
        return element.validTo !== null ? `from ${element.validFrom} until ${element.validTo}` : `from ${element.validFrom}`;
    }
    const until = element.validTo !== null ? `until ${element.validTo}` : undefined;
    return [element.validityNote ?? undefined, until].filter(Boolean).join(', ') || undefined;
}
/** Whether a mapping names a code that takes the place of its source (a target, and not `disjoint`). */
function replaces(s) {
    return s.element.targetCode !== null && (0, concept_map_mappings_1.isTranslation)(s.element.equivalence);
}
/** "NCMP JAGD55 'Pasientadministrert peritonealdialyse'": how a successor is named in messages. */
function describeTargets(snapshot, successions) {
    return successions
        .map(({ element }) => {
        const name = element.targetSystem ? (snapshot.system(element.targetSystem)?.name ?? element.targetSystem) : '';
        const display = element.targetDisplay ? ` '${element.targetDisplay}'` : '';
        return `${name} ${element.targetCode ?? '(none)'}${display}`.trim();
    })
        .join(', ');
}
/**
 * The sentence every operation uses to mention what replaced a code (one place, so lookup, validate-code
 * and translate say the same thing): "Replaced by NCMP JAGD55 '…' from 2021-01-01".
 */
function successionSentence(snapshot, code, successions) {
    const withTarget = successions.filter(replaces);
    if (withTarget.length === 0)
        return undefined;
    const groups = new Map();
    for (const s of withTarget) {
        const key = validityText(s.element) ?? '';
        groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    return [...groups.entries()]
        .map(([when, list]) => {
        const timing = when === '' ? '' : list[0].element.validFrom !== null ? ` ${when}` : ` (${when})`;
        return `${code} is replaced by ${describeTargets(snapshot, list)}${timing}`;
    })
        .join('; ');
}
//# sourceMappingURL=succession.js.map