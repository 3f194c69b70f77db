"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.effectivePeriodExtension = effectivePeriodExtension;
exports.codeSystemResource = codeSystemResource;
exports.valueSetResource = valueSetResource;
exports.conceptMapResource = conceptMapResource;
const systems_1 = require("../server/terminology/systems");
/** Standard concept property definitions, plus those any stored concept uses. */
const STANDARD_PROPERTIES = {
    parent: { uri: 'http://hl7.org/fhir/concept-properties#parent', type: 'code', description: 'The parent concept' },
    child: { uri: 'http://hl7.org/fhir/concept-properties#child', type: 'code', description: 'A child concept' },
    inactive: { uri: 'http://hl7.org/fhir/concept-properties#inactive', type: 'boolean', description: 'True if the concept is not to be used' },
    notSelectable: { uri: 'http://hl7.org/fhir/concept-properties#notSelectable', type: 'boolean', description: 'A grouping concept, not for use in data' },
    status: { uri: 'http://hl7.org/fhir/concept-properties#status', type: 'code', description: 'active | retired | deprecated' },
    retirementDate: { uri: 'http://hl7.org/fhir/concept-properties#retirementDate', type: 'dateTime', description: 'The date from which the concept is retired' },
};
function conceptResource(content, concept, withChildren) {
    const property = [
        ...(concept.abstract ? [{ code: 'notSelectable', valueBoolean: true }] : []),
        ...concept.properties.map((p) => ({ ...p })),
    ];
    const out = { code: concept.code };
    if (concept.display)
        out.display = concept.display;
    if (concept.definition)
        out.definition = concept.definition;
    if (concept.designations.length > 0)
        out.designation = concept.designations.map((d) => ({ ...d }));
    if (property.length > 0)
        out.property = property;
    if (withChildren && concept.children.length > 0) {
        out.concept = concept.children
            .map((c) => content.byCode.get(c))
            .filter((c) => c !== undefined)
            .map((c) => conceptResource(content, c, true));
    }
    return out;
}
/**
 * A version's effective period as the R5 `effectivePeriod` extension, or none for a version without one:
 * the server states no date that the content did not give.
 */
function effectivePeriodExtension(version) {
    if (version.effectiveFrom === null && version.effectiveTo === null)
        return {};
    const valuePeriod = { ...(version.effectiveFrom ? { start: version.effectiveFrom } : {}), ...(version.effectiveTo ? { end: version.effectiveTo } : {}) };
    return { extension: [{ url: systems_1.EFFECTIVE_PERIOD_EXT, valuePeriod }] };
}
/** `meta.lastUpdated` from the store's timestamp text; left out rather than guessed when it does not parse. */
function lastUpdated(loadedAt) {
    const when = new Date(loadedAt);
    return Number.isNaN(when.getTime()) ? {} : { meta: { lastUpdated: when.toISOString() } };
}
/** A stored code system version as a FHIR CodeSystem; with `content`, its concepts nested by hierarchy. */
function codeSystemResource(version, content) {
    const system = version.system;
    const used = new Set(['notSelectable']);
    content?.ordered.forEach((c) => c.properties.forEach((p) => used.add(p.code)));
    const cs = {
        resourceType: 'CodeSystem',
        id: version.resourceId,
        ...lastUpdated(version.loadedAt),
        ...effectivePeriodExtension(version),
        url: system.url,
        identifier: system.identifiers.map((i) => ({ system: i.system, value: i.value })),
        version: version.version,
        name: system.name,
        ...(system.title ? { title: system.title } : {}),
        status: version.status,
        ...((version.published ?? version.effectiveFrom) ? { date: (version.published ?? version.effectiveFrom) } : {}),
        ...(system.publisher ? { publisher: system.publisher } : {}),
        ...((version.description ?? system.description) ? { description: version.description ?? system.description ?? undefined } : {}),
        caseSensitive: system.caseSensitive,
        ...(version.valueSetUrl ? { valueSet: `${version.valueSetUrl}|${version.version}` } : {}),
        ...(system.hierarchyMeaning ? { hierarchyMeaning: system.hierarchyMeaning } : {}),
        content: version.content,
        count: version.conceptCount,
        property: [...used].map((code) => {
            const std = STANDARD_PROPERTIES[code];
            return { code, ...(std?.uri ? { uri: std.uri } : {}), type: std?.type ?? 'string', ...(std ? { description: std.description } : {}) };
        }),
    };
    if (content) {
        const nested = system.hierarchyMeaning !== null;
        const roots = nested ? content.ordered.filter((c) => !c.parentCode || !content.byCode.has(c.parentCode)) : content.ordered;
        cs.concept = roots.map((c) => conceptResource(content, c, nested));
    }
    return cs;
}
/** A stored value set as served: the stored definition with its resource id. */
function valueSetResource(entry) {
    return { ...entry.resource, id: entry.resourceId };
}
/** A stored concept map as served, its groups rebuilt from the stored mappings (validity as extensions). */
function conceptMapResource(entry) {
    const groups = new Map();
    for (const e of entry.elements) {
        const key = `${e.sourceSystem}|${e.sourceVersion ?? ''}|${e.targetSystem ?? ''}|${e.targetVersion ?? ''}`;
        let group = groups.get(key);
        if (!group) {
            group = {
                source: e.sourceSystem,
                ...(e.sourceVersion ? { sourceVersion: e.sourceVersion } : {}),
                ...(e.targetSystem ? { target: e.targetSystem } : {}),
                ...(e.targetVersion ? { targetVersion: e.targetVersion } : {}),
                element: [],
            };
            groups.set(key, group);
        }
        let element = group.element.find((x) => x.code === e.sourceCode);
        if (!element) {
            element = { code: e.sourceCode, ...(e.sourceDisplay ? { display: e.sourceDisplay } : {}), target: [] };
            group.element.push(element);
        }
        if (e.targetCode === null && e.equivalence === 'unmatched')
            continue;
        const extension = [
            ...(e.validFrom || e.validTo ? [{ url: systems_1.MAPPING_VALIDITY_EXT, valuePeriod: { ...(e.validFrom ? { start: e.validFrom } : {}), ...(e.validTo ? { end: e.validTo } : {}) } }] : []),
            ...(e.validityNote ? [{ url: systems_1.MAPPING_VALIDITY_NOTE_EXT, valueString: e.validityNote }] : []),
        ];
        element.target.push({
            ...(extension.length > 0 ? { extension } : {}),
            ...(e.targetCode ? { code: e.targetCode } : {}),
            ...(e.targetDisplay ? { display: e.targetDisplay } : {}),
            equivalence: e.equivalence,
            ...(e.comment ? { comment: e.comment } : {}),
        });
    }
    for (const g of groups.values())
        for (const el of g.element)
            if (el.target?.length === 0)
                delete el.target;
    return { ...entry.resource, id: entry.resourceId, group: [...groups.values()] };
}
//# sourceMappingURL=resources.js.map