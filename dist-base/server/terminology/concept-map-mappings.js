"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConceptMapShapeError = exports.RELATIONSHIP = exports.RELATIONSHIPS = exports.EQUIVALENCES = void 0;
exports.equivalenceOf = equivalenceOf;
exports.isTranslation = isTranslation;
exports.conceptMapScopes = conceptMapScopes;
exports.conceptMapHeader = conceptMapHeader;
exports.conceptMapMappings = conceptMapMappings;
const dates_1 = require("./dates");
const systems_1 = require("./systems");
/** The R4 ConceptMapEquivalence codes. */
exports.EQUIVALENCES = ['relatedto', 'equivalent', 'equal', 'wider', 'subsumes', 'narrower', 'specializes', 'inexact', 'unmatched', 'disjoint'];
/** The R5 ConceptMapRelationship codes. */
exports.RELATIONSHIPS = ['related-to', 'equivalent', 'source-is-narrower-than-target', 'source-is-broader-than-target', 'not-related-to'];
/** The R5 relationship of an R4 equivalence (R5 ConceptMap, "Mappings to R4"). */
exports.RELATIONSHIP = {
    relatedto: 'related-to',
    equivalent: 'equivalent',
    equal: 'equivalent',
    wider: 'source-is-narrower-than-target',
    subsumes: 'source-is-narrower-than-target',
    narrower: 'source-is-broader-than-target',
    specializes: 'source-is-broader-than-target',
    inexact: 'related-to',
    unmatched: 'not-related-to',
    disjoint: 'not-related-to',
};
/**
 * The R4 equivalence of an R5 relationship. `not-related-to` is `disjoint` when it names a target (an
 * assertion that the two are not related) and `unmatched` when it does not (no target at all).
 */
function equivalenceOf(relationship, hasTarget) {
    switch (relationship) {
        case 'equivalent':
            return 'equivalent';
        case 'source-is-narrower-than-target':
            return 'wider';
        case 'source-is-broader-than-target':
            return 'narrower';
        case 'related-to':
            return 'relatedto';
        case 'not-related-to':
            return hasTarget ? 'disjoint' : 'unmatched';
        default:
            return undefined;
    }
}
/** Whether a mapping with this equivalence translates the code: `unmatched` and `disjoint` say it does not. */
function isTranslation(equivalence) {
    return equivalence !== 'unmatched' && equivalence !== 'disjoint';
}
/** A ConceptMap whose mappings cannot be read; the message names the mapping. */
class ConceptMapShapeError extends Error {
}
exports.ConceptMapShapeError = ConceptMapShapeError;
/** The source and target value sets a map is scoped to (R4 `source[x]`/`target[x]`, R5 `sourceScope[x]`/`targetScope[x]`). */
function conceptMapScopes(map) {
    const r5 = map;
    return {
        sourceScope: map.sourceUri ?? map.sourceCanonical ?? r5.sourceScopeUri ?? r5.sourceScopeCanonical ?? null,
        targetScope: map.targetUri ?? map.targetCanonical ?? r5.targetScopeUri ?? r5.targetScopeCanonical ?? null,
    };
}
/**
 * The map without its groups, as an R4 server serves it: R5 `sourceScope[x]`/`targetScope[x]` under their
 * R4 names (`source[x]`/`target[x]`). The mappings are served from `conceptMapMappings`.
 */
function conceptMapHeader(map) {
    const { group: _group, ...rest } = map;
    const { sourceScopeUri, sourceScopeCanonical, targetScopeUri, targetScopeCanonical, ...header } = rest;
    return {
        ...header,
        ...(sourceScopeUri !== undefined && header.sourceUri === undefined ? { sourceUri: sourceScopeUri } : {}),
        ...(sourceScopeCanonical !== undefined && header.sourceCanonical === undefined ? { sourceCanonical: sourceScopeCanonical } : {}),
        ...(targetScopeUri !== undefined && header.targetUri === undefined ? { targetUri: targetScopeUri } : {}),
        ...(targetScopeCanonical !== undefined && header.targetCanonical === undefined ? { targetCanonical: targetScopeCanonical } : {}),
    };
}
const extension = (extensions, url) => extensions?.find((e) => e.url === url);
/** A validity date of the project's extension as a Norwegian calendar day. */
function validityDay(value, where) {
    if (value === undefined)
        return null;
    const day = (0, dates_1.toIsoDate)(value);
    if (day === undefined)
        throw new ConceptMapShapeError(`${where}: the validity date '${value}' is not a FHIR date`);
    return day;
}
/** The R4 equivalence of one target, from `equivalence` or the R5 `relationship` (both given: they must agree). */
function targetEquivalence(target, where) {
    const { equivalence, relationship } = target;
    if (equivalence !== undefined && !exports.EQUIVALENCES.includes(equivalence)) {
        throw new ConceptMapShapeError(`${where}: '${equivalence}' is not an R4 equivalence (${exports.EQUIVALENCES.join(', ')})`);
    }
    const fromRelationship = relationship === undefined ? undefined : equivalenceOf(relationship, target.code !== undefined);
    if (relationship !== undefined && fromRelationship === undefined) {
        throw new ConceptMapShapeError(`${where}: '${relationship}' is not an R5 relationship (${exports.RELATIONSHIPS.join(', ')})`);
    }
    if (equivalence !== undefined && relationship !== undefined && exports.RELATIONSHIP[equivalence] !== relationship) {
        throw new ConceptMapShapeError(`${where}: equivalence '${equivalence}' and relationship '${relationship}' disagree`);
    }
    const result = equivalence ?? fromRelationship;
    if (result === undefined)
        throw new ConceptMapShapeError(`${where} has no equivalence (R4) or relationship (R5)`);
    return result;
}
/**
 * A ConceptMap's mappings, one per target; an element without a target (or R5 `noMap`) is one `unmatched`
 * mapping. A mapping's validity is the project's extensions when present: a period (`validFrom`, `validTo`),
 * or a note for a start the source does not give. Without either the map states nothing about validity,
 * and all three stay null. Throws a {@link ConceptMapShapeError} for a mapping that cannot be read.
 *
 * @example
 * conceptMapMappings({ resourceType: 'ConceptMap', status: 'active', group: [{ source: 'a', target: 'b',
 *   element: [{ code: '1', target: [{ code: '2', relationship: 'source-is-broader-than-target' }] }] }] })
 * // [{ sourceCode: '1', targetCode: '2', equivalence: 'narrower', validFrom: null, ... }]
 */
function conceptMapMappings(map) {
    const mappings = [];
    for (const [groupIndex, group] of (map.group ?? []).entries()) {
        const groupAt = `ConceptMap group ${groupIndex + 1}`;
        if (!group.source)
            throw new ConceptMapShapeError(`${groupAt} has no source system`);
        for (const element of group.element ?? []) {
            if (!element.code)
                throw new ConceptMapShapeError(`${groupAt} has an element without a code`);
            const sides = {
                sourceSystem: group.source,
                sourceVersion: group.sourceVersion ?? null,
                sourceCode: element.code,
                sourceDisplay: element.display ?? null,
                targetSystem: group.target ?? null,
                targetVersion: group.targetVersion ?? null,
            };
            const targets = element.target ?? [];
            if (targets.length === 0) {
                const none = { targetCode: null, targetDisplay: null, equivalence: 'unmatched', comment: null };
                mappings.push({ ...sides, ...none, validFrom: null, validTo: null, validityNote: null });
                continue;
            }
            for (const target of targets) {
                const where = `ConceptMap mapping ${element.code} → ${target.code ?? '(no code)'}`;
                const period = extension(target.extension, systems_1.MAPPING_VALIDITY_EXT)?.valuePeriod;
                mappings.push({
                    ...sides,
                    targetCode: target.code ?? null,
                    targetDisplay: target.display ?? null,
                    equivalence: targetEquivalence(target, where),
                    comment: target.comment ?? null,
                    validFrom: validityDay(period?.start, where),
                    validTo: validityDay(period?.end, where),
                    validityNote: extension(target.extension, systems_1.MAPPING_VALIDITY_NOTE_EXT)?.valueString ?? null,
                });
            }
        }
    }
    return mappings;
}
//# sourceMappingURL=concept-map-mappings.js.map