"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readResource = readResource;
exports.searchResources = searchResources;
const capabilities_1 = require("../../fhir-resources/capabilities");
const resources_1 = require("../../fhir-resources/resources");
const outcome_1 = require("../fhir/outcome");
const text_search_1 = require("../terminology/text-search");
const dates_1 = require("../terminology/dates");
/** Reads one resource by id; a CodeSystem comes with all its concepts. */
async function readResource(snapshot, type, id) {
    if (type === 'CodeSystem') {
        const version = snapshot.versionByResourceId(id);
        if (version)
            return (0, resources_1.codeSystemResource)(version, await snapshot.content(version));
    }
    else if (type === 'ValueSet') {
        const entry = snapshot.valueSets.find((v) => v.resourceId === id);
        if (entry)
            return (0, resources_1.valueSetResource)(entry);
    }
    else {
        const entry = snapshot.conceptMaps.find((m) => m.resourceId === id);
        if (entry)
            return (0, resources_1.conceptMapResource)(entry);
    }
    throw outcome_1.FhirError.notFound(`${type}/${id} is not known to this server`);
}
function datePredicate(raw) {
    const m = /^(eq|ne|lt|gt|le|ge|sa|eb)?(.+)$/.exec(raw);
    const prefix = m[1] ?? 'eq';
    const parsed = (0, dates_1.parseFhirDate)(m[2]);
    if (!parsed || !['eq', 'ne', 'lt', 'gt', 'le', 'ge'].includes(prefix)) {
        throw outcome_1.FhirError.invalid(`Search parameter 'date' has an invalid value '${raw}' (use e.g. ge2014-01-01)`, ['date']);
    }
    const { date, precision } = parsed;
    return (r) => {
        const value = r.date?.slice(0, precision);
        if (!value)
            return false;
        const target = date.slice(0, precision);
        switch (prefix) {
            case 'eq': return value === target;
            case 'ne': return value !== target;
            case 'lt': return value < target;
            case 'gt': return value > target;
            case 'le': return value <= target;
            default: return value >= target;
        }
    };
}
function predicate(type, name, value) {
    const any = (values) => value.split(',').some((v) => values.includes(v));
    const stringMatch = (s) => value.split(',').some((v) => (0, text_search_1.textMatches)(s, v));
    switch (name) {
        case '_id': return (r) => any([r.id]);
        case 'url':
        case 'system': return (r) => any([r.url]);
        case 'version': return (r) => any([r.version]);
        case 'name': return (r) => stringMatch(r.name);
        case 'title': return (r) => stringMatch(r.title);
        case 'status': return (r) => any([r.status]);
        case 'date': return datePredicate(value);
        case 'content-mode': return (r) => any([r.content]);
        case 'source':
        case 'source-uri': return (r) => any([r.sourceUri, r.sourceCanonical]);
        case 'target':
        case 'target-uri': return (r) => any([r.targetUri, r.targetCanonical]);
        case 'source-system': return (r) => any((r.group ?? []).map((g) => g.source));
        case 'target-system': return (r) => any((r.group ?? []).map((g) => g.target));
        default: throw outcome_1.FhirError.notSupported(`Search parameter '${name}' is not supported for ${type}`, [name]);
    }
}
/** Searches one resource type; answers a searchset Bundle (CodeSystems without concepts, as `_summary`). */
function searchResources(snapshot, type, query, selfUrl, baseUrl) {
    const known = new Set(capabilities_1.SEARCH_PARAMETERS[type].map((p) => p.name));
    const predicates = [];
    let count;
    for (const [name, raw] of Object.entries(query)) {
        if (name === '_format' || name === '_pretty' || name === '_summary')
            continue;
        const values = Array.isArray(raw) ? raw : [raw];
        if (values.some((v) => typeof v !== 'string'))
            throw outcome_1.FhirError.invalid(`Search parameter '${name}' has a malformed value`, [name]);
        if (name === '_count') {
            const n = Number(values[0]);
            if (!/^\d{1,4}$/.test(String(values[0])))
                throw outcome_1.FhirError.invalid(`_count must be a whole number up to 9999`, ['_count']);
            count = n;
            continue;
        }
        const base = name.replace(/:(exact|contains|missing|below|above|not)$/, '');
        if (!known.has(base)) {
            throw outcome_1.FhirError.notSupported(`Search parameter '${name}' is not supported for ${type}; supported: ${[...known].join(', ')}, _count`, [name]);
        }
        for (const v of values)
            predicates.push(predicate(type, base, v));
    }
    let resources;
    if (type === 'CodeSystem')
        resources = snapshot.systems.flatMap((s) => s.versions.map((v) => (0, resources_1.codeSystemResource)(v, undefined)));
    else if (type === 'ValueSet')
        resources = snapshot.valueSets.map(resources_1.valueSetResource);
    else
        resources = snapshot.conceptMaps.map(resources_1.conceptMapResource);
    const matches = resources.filter((r) => predicates.every((p) => p(r)));
    const page = count === undefined ? matches : matches.slice(0, count);
    return {
        resourceType: 'Bundle',
        type: 'searchset',
        total: matches.length,
        link: [{ relation: 'self', url: selfUrl }],
        entry: page.map((resource) => ({ fullUrl: `${baseUrl}/${type}/${resource.id}`, resource, search: { mode: 'match' } })),
    };
}
//# sourceMappingURL=search.js.map