"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ID = exports.WRITABLE = void 0;
exports.resourceProblems = resourceProblems;
/**
 * The shape check of client-sent CodeSystems, ValueSets and ConceptMaps (writes, and inline resources of
 * operations). The loader and the terminology engine trust their input's types (files this project ships,
 * its own parsers); a client's JSON is checked here for every element they read, so that no body can crash
 * a request or store something a later request cannot read.
 */
const concept_map_mappings_1 = require("../terminology/concept-map-mappings");
const regex_1 = require("../terminology/regex");
const systems_1 = require("../terminology/systems");
const dates_1 = require("../terminology/dates");
/** The same, as a set for membership tests. */
exports.WRITABLE = new Set(['CodeSystem', 'ValueSet', 'ConceptMap']);
/** A FHIR resource id. */
exports.ID = /^[A-Za-z0-9\-.]{1,64}$/;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const FHIR_CODE = /^[^\s]+( [^\s]+)*$/;
const MAX_DEPTH = 32;
const PUBLICATION_STATUS = ['draft', 'active', 'retired', 'unknown'];
const CONTENT_MODES = ['not-present', 'example', 'fragment', 'complete', 'supplement'];
const HIERARCHY_MEANINGS = ['grouped-by', 'is-a', 'part-of', 'classified-with'];
const FILTER_OPS = ['=', 'is-a', 'descendent-of', 'child-of', 'is-not-a', 'regex', 'in', 'not-in', 'generalizes', 'exists'];
const PROPERTY_VALUES = {
    valueCode: (v) => typeof v === 'string' && FHIR_CODE.test(v),
    valueString: (v) => typeof v === 'string',
    valueInteger: (v) => typeof v === 'number' && Number.isInteger(v),
    valueDecimal: (v) => typeof v === 'number' && Number.isFinite(v),
    valueBoolean: (v) => typeof v === 'boolean',
    valueDateTime: (v) => (0, dates_1.isFhirDate)(v),
    valueCoding: (v) => isObject(v) && ['system', 'code', 'display', 'version'].every((k) => v[k] === undefined || typeof v[k] === 'string'),
};
/**
 * Collects problems with their FHIRPath-like location. `inline`: a resource sent with a request (never
 * stored) needs only the right types; what the store needs besides (url, status...) is not required.
 */
class Problems {
    inline;
    list = [];
    constructor(inline) {
        this.inline = inline;
    }
    add(path, text) {
        if (this.list.length < 20)
            this.list.push(`${path} ${text}`);
    }
    /** `required`: by the store (not for an inline resource); `'always'`: by FHIR itself (1..1). */
    string(o, key, path, opts = {}) {
        const v = o[key];
        if (v === undefined) {
            if (opts.required === 'always' || (opts.required && !this.inline))
                this.add(`${path}.${key}`, 'is required');
            return;
        }
        if (typeof v !== 'string' || v === '')
            this.add(`${path}.${key}`, 'must be a non-empty string');
        else if (opts.oneOf && !opts.oneOf.includes(v))
            this.add(`${path}.${key}`, `must be one of ${opts.oneOf.join(', ')}; got '${v}'`);
        else if ((opts.pattern && !opts.pattern.test(v)) || (opts.valid && !opts.valid(v))) {
            this.add(`${path}.${key}`, `has an invalid value '${v.slice(0, 100)}'`);
        }
    }
    /** A date the store keeps as a date: day precision at least, and a day that exists. */
    date(o, key, path) {
        const v = o[key];
        if (v === undefined)
            return;
        if (typeof v !== 'string' || !(0, dates_1.isFhirDate)(v) || v.length < 10 || !(0, dates_1.isRealDay)(v.slice(0, 10))) {
            this.add(`${path}.${key}`, 'must be a FHIR date or dateTime with at least a day (YYYY-MM-DD)');
        }
    }
    boolean(o, key, path) {
        if (o[key] !== undefined && typeof o[key] !== 'boolean')
            this.add(`${path}.${key}`, 'must be true or false');
    }
    /**
     * An array whose items are objects; `each` checks one item. `required`: by the store (not for an inline
     * resource); `'always'`: by FHIR itself (a ValueSet.compose without include means nothing).
     */
    objects(o, key, path, each, required = false) {
        const v = o[key];
        if (v === undefined) {
            if (required === 'always' || (required && !this.inline))
                this.add(`${path}.${key}`, 'is required');
            return;
        }
        if (!Array.isArray(v)) {
            this.add(`${path}.${key}`, 'must be an array');
            return;
        }
        v.forEach((item, i) => {
            const at = `${path}.${key}[${i}]`;
            if (isObject(item))
                each(item, at);
            else
                this.add(at, 'must be an object');
        });
    }
    object(o, key, path, check) {
        const v = o[key];
        if (v === undefined)
            return;
        if (isObject(v))
            check(v, `${path}.${key}`);
        else
            this.add(`${path}.${key}`, 'must be an object');
    }
}
function checkExtensions(p, o, path) {
    p.objects(o, 'extension', path, (e, at) => {
        p.string(e, 'url', at, { required: true });
        p.object(e, 'valuePeriod', at, (period, pat) => {
            p.date(period, 'start', pat);
            p.date(period, 'end', pat);
        });
        if (e.valueString !== undefined && typeof e.valueString !== 'string')
            p.add(`${at}.valueString`, 'must be a string');
    });
}
function checkCommon(p, r, type) {
    p.string(r, 'id', type, { pattern: exports.ID });
    p.string(r, 'url', type, { required: true, pattern: /^\S+$/ });
    p.string(r, 'version', type, { pattern: /^[^\s|]+( [^\s|]+)*$/ });
    p.string(r, 'status', type, { required: true, oneOf: PUBLICATION_STATUS });
    for (const key of ['name', 'title', 'publisher', 'description'])
        p.string(r, key, type);
    p.string(r, 'date', type, { valid: dates_1.isFhirDate });
    checkExtensions(p, r, type);
}
function checkConcepts(p, o, path, depth, parents, parent) {
    if (depth > MAX_DEPTH) {
        p.add(path, `nests concepts deeper than ${MAX_DEPTH} levels`);
        return;
    }
    p.objects(o, 'concept', path, (c, at) => {
        p.string(c, 'code', at, { required: 'always', pattern: FHIR_CODE });
        p.string(c, 'display', at);
        p.string(c, 'definition', at);
        p.objects(c, 'designation', at, (d, dat) => {
            p.string(d, 'language', dat);
            p.string(d, 'value', dat, { required: 'always' });
            p.object(d, 'use', dat, (u, uat) => ['system', 'code', 'display'].forEach((k) => p.string(u, k, uat)));
        });
        let propertyParent;
        p.objects(c, 'property', at, (prop, pat) => {
            p.string(prop, 'code', pat, { required: 'always', pattern: FHIR_CODE });
            const values = Object.keys(prop).filter((k) => k.startsWith('value'));
            const key = values[0];
            if (values.length !== 1 || key === undefined)
                p.add(pat, 'must have exactly one value[x]');
            else if (!PROPERTY_VALUES[key])
                p.add(`${pat}.${key}`, `is not a supported property value type`);
            else if (!PROPERTY_VALUES[key](prop[key]))
                p.add(`${pat}.${key}`, 'has a value of the wrong type');
            else if (prop.code === 'parent' && typeof prop.valueCode === 'string')
                propertyParent = prop.valueCode;
        });
        if (typeof c.code === 'string') {
            const up = parent ?? propertyParent;
            if (up !== undefined)
                parents.set(c.code, up);
            checkConcepts(p, c, at, depth + 1, parents, c.code);
        }
    });
}
/** A concept that is its own ancestor would send every walk up the hierarchy round for ever. */
function checkHierarchy(p, parents) {
    const done = new Set();
    for (const start of parents.keys()) {
        const path = new Set();
        let code = start;
        while (code !== undefined && !done.has(code)) {
            if (path.has(code)) {
                p.add('CodeSystem.concept', `has a cycle in its hierarchy through code '${code}'`);
                return;
            }
            path.add(code);
            code = parents.get(code);
        }
        path.forEach((c) => done.add(c));
    }
}
function checkCodeSystem(p, r) {
    p.string(r, 'version', 'CodeSystem', { required: true });
    p.string(r, 'content', 'CodeSystem', { required: true, oneOf: CONTENT_MODES });
    p.string(r, 'hierarchyMeaning', 'CodeSystem', { oneOf: HIERARCHY_MEANINGS });
    p.string(r, 'valueSet', 'CodeSystem');
    p.string(r, 'supplements', 'CodeSystem');
    p.boolean(r, 'caseSensitive', 'CodeSystem');
    p.date(r, 'date', 'CodeSystem');
    p.objects(r, 'identifier', 'CodeSystem', (i, at) => ['system', 'value'].forEach((k) => p.string(i, k, at)));
    const known = systems_1.KNOWN_SYSTEMS.find((s) => s.url === r.url);
    if (!p.inline && known && typeof r.version === 'string' && !exports.ID.test(`${known.idPrefix}-${r.version}`)) {
        p.add('CodeSystem.version', `cannot be part of a resource id (${known.idPrefix}-<version>: letters, digits, '-' and '.')`);
    }
    const parents = new Map();
    checkConcepts(p, r, 'CodeSystem', 0, parents, undefined);
    if (p.list.length === 0)
        checkHierarchy(p, parents);
}
function checkInclude(p, inc, at) {
    p.string(inc, 'system', at, { pattern: /^\S+$/ });
    p.string(inc, 'version', at);
    p.objects(inc, 'concept', at, (c, cat) => {
        p.string(c, 'code', cat, { required: 'always', pattern: FHIR_CODE });
        p.string(c, 'display', cat);
    });
    p.objects(inc, 'filter', at, (f, fat) => {
        p.string(f, 'property', fat, { required: 'always', pattern: FHIR_CODE });
        p.string(f, 'op', fat, { required: 'always', oneOf: FILTER_OPS });
        p.string(f, 'value', fat, { required: true });
        const problem = f.op === 'regex' && typeof f.value === 'string' ? (0, regex_1.regexProblem)(f.value) : undefined;
        if (problem)
            p.add(`${fat}.value`, problem);
    });
    const refs = inc.valueSet;
    if (refs !== undefined && (!Array.isArray(refs) || !refs.every((v) => typeof v === 'string' && v !== ''))) {
        p.add(`${at}.valueSet`, 'must be an array of canonical URLs');
    }
    if (!p.inline && inc.system === undefined && refs === undefined)
        p.add(at, 'must give a system or a valueSet');
}
function checkValueSet(p, r) {
    p.object(r, 'compose', 'ValueSet', (c, at) => {
        p.objects(c, 'include', at, (inc, iat) => checkInclude(p, inc, iat), 'always');
        if (!p.inline && Array.isArray(c.include) && c.include.length === 0)
            p.add(`${at}.include`, 'must have at least one entry');
        p.objects(c, 'exclude', at, (exc, eat) => checkInclude(p, exc, eat));
        p.boolean(c, 'inactive', at);
        p.string(c, 'lockedDate', at, { valid: dates_1.isFhirDate });
    });
    p.object(r, 'expansion', 'ValueSet', (e, at) => {
        p.objects(e, 'contains', at, (c, cat) => ['system', 'version', 'code', 'display'].forEach((k) => p.string(c, k, cat)));
    });
}
function checkConceptMap(p, r) {
    for (const key of ['sourceUri', 'sourceCanonical', 'targetUri', 'targetCanonical', 'sourceScopeUri', 'sourceScopeCanonical', 'targetScopeUri', 'targetScopeCanonical'])
        p.string(r, key, 'ConceptMap', { pattern: /^\S+$/ });
    p.objects(r, 'group', 'ConceptMap', (g, gat) => {
        p.string(g, 'source', gat, { required: true, pattern: /^\S+$/ });
        p.string(g, 'target', gat, { pattern: /^\S+$/ });
        p.string(g, 'sourceVersion', gat);
        p.string(g, 'targetVersion', gat);
        p.objects(g, 'element', gat, (e, eat) => {
            p.string(e, 'code', eat, { required: true, pattern: FHIR_CODE });
            p.string(e, 'display', eat);
            p.objects(e, 'target', eat, (t, tat) => {
                p.string(t, 'code', tat, { pattern: FHIR_CODE });
                p.string(t, 'display', tat);
                p.string(t, 'comment', tat);
                // R4 `equivalence`, or R5 `relationship`: 1..1 in both, so an inline map needs it too.
                p.string(t, 'equivalence', tat, { oneOf: [...concept_map_mappings_1.EQUIVALENCES] });
                p.string(t, 'relationship', tat, { oneOf: [...concept_map_mappings_1.RELATIONSHIPS] });
                if (t.equivalence === undefined && t.relationship === undefined)
                    p.add(tat, 'must have an equivalence (R4) or a relationship (R5)');
                checkExtensions(p, t, tat);
            });
        }, true);
    });
}
/**
 * The problems of a would-be CodeSystem, ValueSet or ConceptMap, each as "path problem" (at most 20); empty
 * when it can be used. Checks the types and codes of every element the store and the terminology logic
 * read, and that no concept is its own ancestor. `inline`: sent with a request, not stored, so the
 * elements only the store needs (url, status, version, equivalence...) may be missing.
 *
 * @example
 * resourceProblems('ValueSet', { resourceType: 'ValueSet', url: 'x', status: 'active', compose: { include: 'a' } })
 * // ['ValueSet.compose.include must be an array']
 */
function resourceProblems(type, body, options = {}) {
    const p = new Problems(options.inline ?? false);
    if (!isObject(body))
        return ['The body must be a JSON object (a FHIR resource)'];
    if (body.resourceType !== type) {
        return [`The body must be a ${type} resource, got ${typeof body.resourceType === 'string' ? body.resourceType.slice(0, 64) : 'no resourceType'}`];
    }
    checkCommon(p, body, type);
    if (type === 'CodeSystem')
        checkCodeSystem(p, body);
    else if (type === 'ValueSet')
        checkValueSet(p, body);
    else
        checkConceptMap(p, body);
    return p.list;
}
//# sourceMappingURL=resource-shape.js.map