"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.inlineConceptMap = inlineConceptMap;
exports.inlineValueSet = inlineValueSet;
exports.inlineCodeSystem = inlineCodeSystem;
exports.withSupplements = withSupplements;
exports.supplementVersion = supplementVersion;
exports.valueSetSupplements = valueSetSupplements;
exports.snapshotForRequest = snapshotForRequest;
const code_system_concepts_1 = require("./code-system-concepts");
const outcome_1 = require("../fhir/outcome");
const model_1 = require("./model");
const concept_map_mappings_1 = require("./concept-map-mappings");
const dates_1 = require("./dates");
const resolve_1 = require("./resolve");
const systems_1 = require("./systems");
const terminology_1 = require("./terminology");
let inlineIds = 0;
/** Negative ids keep request-scoped entries apart from stored ones (and from each other). */
const nextInlineId = () => -++inlineIds;
/** A ConceptMap sent with a request, usable by `$translate` like a stored one. */
function inlineConceptMap(map) {
    let elements;
    try {
        elements = (0, concept_map_mappings_1.conceptMapMappings)(map);
    }
    catch (error) {
        if (error instanceof concept_map_mappings_1.ConceptMapShapeError)
            throw outcome_1.FhirError.invalid(`ConceptMap sent with the request: ${error.message}`, ['conceptMap']);
        throw error;
    }
    return {
        id: nextInlineId(),
        url: map.url ?? 'urn:inline',
        version: map.version ?? null,
        resourceId: map.id ?? 'inline',
        resource: map,
        ...(0, concept_map_mappings_1.conceptMapScopes)(map),
        elements,
    };
}
/** A ValueSet sent with a request. */
function inlineValueSet(vs) {
    return { id: nextInlineId(), url: vs.url ?? 'urn:inline', version: vs.version ?? null, resourceId: vs.id ?? 'inline', resource: vs };
}
/**
 * CodeSystems sent with a request (one or several versions of one url), as a system whose versions are
 * those sent plus the stored versions of its url that were not sent again.
 */
function inlineCodeSystem(sent, stored) {
    const first = sent[0];
    if (!first.url)
        throw outcome_1.FhirError.invalid('A tx-resource CodeSystem has no url', ['tx-resource']);
    const latest = sent.at(-1);
    const system = {
        id: stored?.id ?? nextInlineId(),
        url: first.url,
        name: latest.name ?? stored?.name ?? first.url,
        title: latest.title ?? stored?.title ?? null,
        publisher: latest.publisher ?? stored?.publisher ?? null,
        description: latest.description ?? null,
        identifiers: [],
        hierarchyMeaning: latest.hierarchyMeaning ?? stored?.hierarchyMeaning ?? null,
        caseSensitive: latest.caseSensitive ?? stored?.caseSensitive ?? true,
        aliases: stored?.aliases ?? [],
        versions: [],
    };
    const contents = new Map();
    const versions = [];
    for (const cs of sent) {
        const effective = cs.extension?.find((e) => e.url === systems_1.EFFECTIVE_PERIOD_EXT)?.valuePeriod;
        // No effective period: in force on any date, and no date is made up for it.
        const effectiveFrom = effective?.start !== undefined ? ((0, dates_1.toIsoDate)(effective.start) ?? null) : null;
        let flat;
        try {
            flat = (0, code_system_concepts_1.flattenCodeSystemConcepts)(cs, effectiveFrom ?? undefined);
        }
        catch (error) {
            if (error instanceof code_system_concepts_1.ConceptShapeError)
                throw outcome_1.FhirError.invalid(`tx-resource CodeSystem ${cs.url}: ${error.message}`, ['tx-resource']);
            throw error;
        }
        const version = {
            id: nextInlineId(),
            system,
            version: cs.version ?? '',
            resourceId: cs.id ?? 'inline',
            status: cs.status,
            content: cs.content,
            effectiveFrom,
            effectiveTo: effective?.end !== undefined ? ((0, dates_1.toIsoDate)(effective.end) ?? null) : null,
            published: cs.date?.slice(0, 10) ?? null,
            description: cs.description ?? null,
            language: cs.language ?? null,
            ...(cs.experimental !== undefined ? { experimental: cs.experimental } : {}),
            ...(cs.extension?.some((e) => e.url === model_1.STANDARDS_STATUS_EXT) ? { standardsStatus: cs.extension.find((e) => e.url === model_1.STANDARDS_STATUS_EXT).valueCode } : {}),
            propertyUris: Object.fromEntries((cs.property ?? []).map((p) => [p.code, p.uri ?? ''])),
            valueSetUrl: cs.valueSet ?? null,
            conceptCount: flat.length,
            loadedAt: new Date().toISOString(),
            supplements: cs.supplements ?? null,
            inline: true,
        };
        // The same version sent twice: the later one counts.
        const twice = versions.findIndex((v) => v.version === version.version);
        if (twice >= 0)
            versions.splice(twice, 1);
        versions.push(version);
        contents.set(version.id, (0, terminology_1.indexConcepts)(flat.map((c) => ({ ...c, children: [] }))));
    }
    const sentVersions = new Set(versions.map((v) => v.version));
    const others = (stored?.versions ?? []).filter((v) => !sentVersions.has(v.version)).map((v) => ({ ...v, system }));
    system.versions = [...others, ...versions].sort(resolve_1.compareEffective);
    return { system, contents };
}
/** Reads the `url|version` canonicals of a version-pinning parameter into a map keyed by primary url. */
function canonicalMap(snapshot, values, name) {
    const out = new Map();
    for (const value of values) {
        const { url, version } = (0, resolve_1.splitCanonical)(value);
        if (!version)
            throw outcome_1.FhirError.invalid(`Parameter '${name}' must be a canonical with a version (url|version), got '${value}'`, [name]);
        out.set(snapshot.system(url)?.url ?? url, version);
    }
    return out;
}
/** A version's concepts with a supplement's designations and properties added to the concepts it names. */
function supplemented(base, supplement, source) {
    return (0, terminology_1.indexConcepts)(base.ordered.map((c) => {
        const s = supplement.byCode.get(c.code);
        return {
            ...c,
            designations: s ? [...c.designations, ...s.designations.map((d) => ({ ...d, source }))] : c.designations,
            extensions: s?.extensions?.length ? [...(c.extensions ?? []), ...s.extensions] : c.extensions,
            properties: s ? [...c.properties, ...s.properties.filter((p) => p.code !== 'parent' && p.code !== 'child')] : c.properties,
            children: [],
        };
    }));
}
/**
 * A view in which the named supplements apply: each supplemented code system is replaced, for this request
 * only, by a copy whose concepts carry the supplement's designations and properties.
 */
async function withSupplements(view, canonicals) {
    if (canonicals.length === 0)
        return view;
    const systems = new Map();
    const contents = new Map();
    for (const canonical of canonicals) {
        const { url, version } = (0, resolve_1.splitCanonical)(canonical);
        const supSystem = view.system(url);
        const supVersion = supSystem && (version ? supSystem.versions.find((v) => v.version === version) : supSystem.versions.at(-1));
        if (!supVersion)
            throw outcome_1.FhirError.notFound(`Required supplement not found: ${canonical}`);
        if (supVersion.content !== 'supplement' || !supVersion.supplements) {
            throw outcome_1.FhirError.invalid(`CodeSystem '${canonical}' is not a supplement (content = ${supVersion.content})`, ['useSupplement']);
        }
        const target = (0, resolve_1.splitCanonical)(supVersion.supplements);
        const base = systems.get(view.system(target.url)?.url ?? target.url) ?? view.system(target.url);
        if (!base)
            throw outcome_1.FhirError.notFound(`The code system '${target.url}' that supplement '${canonical}' supplements is not known`);
        const supContent = await view.content(supVersion);
        const copy = { ...base, versions: [] };
        for (const v of base.versions) {
            const clone = { ...v, id: nextInlineId(), system: copy };
            const baseContent = contents.get(v.id) ?? (await view.content(v));
            const applies = target.version === undefined || target.version === v.version;
            const source = supVersion.version ? `${supSystem.url}|${supVersion.version}` : supSystem.url;
            contents.set(clone.id, applies ? supplemented(baseContent, supContent, source) : baseContent);
            copy.versions.push(clone);
        }
        systems.set(copy.url, copy);
    }
    return view.forRequest({ systems: [...systems.values()], contents, valueSets: [], conceptMaps: [] }, view.policy);
}
/** The supplement version a canonical means in the view (the newest when none is named), if it is one. */
function supplementVersion(view, canonical) {
    const { url, version } = (0, resolve_1.splitCanonical)(canonical);
    const system = view.system(url);
    const found = system && (version ? system.versions.find((v) => v.version === version) : system.versions.at(-1));
    return found?.content === 'supplement' ? found : undefined;
}
/** The supplements a value set requires (`valueset-supplement`): they apply wherever the value set is used. */
function valueSetSupplements(vs) {
    return (vs.extension ?? []).filter((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-supplement' && e.valueCanonical).map((e) => e.valueCanonical);
}
/**
 * The snapshot one request should see: the shared one when the request sends nothing request-scoped,
 * else a view with its inline resources and version pinning (nothing is stored).
 */
async function snapshotForRequest(base, scope) {
    const pinning = scope.systemVersion.length + scope.checkSystemVersion.length + scope.forceSystemVersion.length;
    const valueSetDefaults = new Map();
    for (const canonical of scope.defaultValueSetVersion ?? []) {
        const { url, version } = (0, resolve_1.splitCanonical)(canonical);
        if (version === undefined)
            throw outcome_1.FhirError.invalid(`default-valueset-version '${canonical}' names no version (url|version)`, ['default-valueset-version']);
        valueSetDefaults.set(url, version);
    }
    if (scope.txResources.length === 0 && pinning === 0 && !scope.defaultToLatest && scope.useSupplement.length === 0 && valueSetDefaults.size === 0)
        return base;
    const systems = [];
    const contents = new Map();
    const valueSets = [];
    const conceptMaps = [];
    const codeSystems = new Map();
    for (const r of scope.txResources) {
        if (r.resourceType === 'CodeSystem') {
            const url = r.url ?? '';
            codeSystems.set(url, [...(codeSystems.get(url) ?? []), r]);
        }
        else if (r.resourceType === 'ValueSet')
            valueSets.push(inlineValueSet(r));
        else if (r.resourceType === 'ConceptMap')
            conceptMaps.push(inlineConceptMap(r));
        else
            throw outcome_1.FhirError.invalid(`tx-resource must be a CodeSystem, ValueSet or ConceptMap, got ${r.resourceType}`, ['tx-resource']);
    }
    for (const sent of codeSystems.values()) {
        const inline = inlineCodeSystem(sent, base.system(sent[0].url ?? ''));
        systems.push(inline.system);
        for (const [id, content] of inline.contents)
            contents.set(id, content);
    }
    const policy = {
        force: canonicalMap(base, scope.forceSystemVersion, 'force-system-version'),
        defaults: canonicalMap(base, scope.systemVersion, 'system-version'),
        check: canonicalMap(base, scope.checkSystemVersion, 'check-system-version'),
        latest: scope.defaultToLatest,
        valueSetDefaults,
    };
    return withSupplements(base.forRequest({ systems, contents, valueSets, conceptMaps }, policy), scope.useSupplement);
}
//# sourceMappingURL=request-scope.js.map