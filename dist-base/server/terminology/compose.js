"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolveValueSet = resolveValueSet;
exports.computeExpansion = computeExpansion;
exports.expansionOf = expansionOf;
exports.composeParameter = composeParameter;
const outcome_1 = require("../fhir/outcome");
const model_1 = require("./model");
const dates_1 = require("./dates");
const find_1 = require("./find");
const regex_1 = require("./regex");
const resolve_1 = require("./resolve");
const systems_1 = require("./systems");
const MAX_DEPTH = 8;
const key = (system, code) => `${system}|${code}`;
/** The key of a member in one version (includes of two versions of a system keep both). */
const versionedKey = (m) => `${m.version.system.url}|${m.version.version}|${m.concept.code}`;
/** The period a value set is meant for: the intersection of the periods of the system versions it pins. */
function pinnedVersions(snapshot, vs) {
    const out = [];
    for (const inc of vs.compose?.include ?? []) {
        if (!inc.system || !inc.version)
            continue;
        const system = snapshot.system(inc.system);
        const v = system?.versions.find((x) => x.version === inc.version);
        if (v)
            out.push(v);
    }
    return out;
}
/**
 * Resolves a value set by canonical url (and `valueSetVersion` or `url|version`): an explicit version must
 * exist; otherwise the newest version whose pinned code system versions are in force on `date`.
 */
function resolveValueSet(snapshot, canonical, version, date) {
    const { url, version: pinned } = (0, resolve_1.splitCanonical)(canonical);
    const wanted = version ?? pinned ?? snapshot.policy.valueSetDefaults.get(url);
    const candidates = snapshot.valueSets.filter((v) => v.url === url);
    if (candidates.length === 0) {
        throw outcome_1.FhirError.notFound(`A definition for the ValueSet '${url}' could not be found`);
    }
    if (wanted !== undefined) {
        const found = candidates.find((v) => v.version === wanted);
        if (!found) {
            // tx.fhir.org's wording, without a location: the version may come from the url or valueSetVersion.
            throw outcome_1.FhirError.notFound(`A definition for the value Set '${url}|${wanted}' could not be found`);
        }
        return found;
    }
    const when = date ?? (0, dates_1.todayInNorway)();
    const ranked = candidates
        .map((entry) => ({ entry, pins: pinnedVersions(snapshot, entry.resource) }))
        .sort((a, b) => {
        const fa = a.pins.map((p) => p.effectiveFrom ?? '').sort().at(-1) ?? '';
        const fb = b.pins.map((p) => p.effectiveFrom ?? '').sort().at(-1) ?? '';
        return fa.localeCompare(fb) || (a.entry.version ?? '').localeCompare(b.entry.version ?? '');
    });
    const inForce = ranked.filter((r) => r.pins.every((p) => (0, resolve_1.covers)(p, when)));
    return (inForce.at(-1) ?? ranked.at(-1)).entry;
}
function descendants(content, code) {
    const out = new Set();
    const stack = [...(content.byCode.get(code)?.children ?? [])];
    while (stack.length > 0) {
        const c = stack.pop();
        if (out.has(c))
            continue;
        out.add(c);
        stack.push(...(content.byCode.get(c)?.children ?? []));
    }
    return out;
}
/**
 * A concept's values of a property, as filters see them. `derivedAbstract`: the server knows the code system by
 * heart and derives which concepts are abstract (NCMP's groups), so a concept without a value is selectable.
 */
function propertyValues(concept, property, declared, derivedAbstract = false) {
    if (property === 'code' || property === 'concept')
        return [concept.code];
    if (property === 'display')
        return concept.display ? [concept.display] : [];
    if (property === 'notSelectable' || property === 'abstract') {
        // A concept that gives no value is neither (tx.fhir.org), except in a code system whose abstract concepts
        // the server derives (NCMP): there a concept is selectable unless marked abstract.
        const explicit = concept.properties.find((p) => p.code === property && p.valueBoolean !== undefined);
        if (explicit)
            return [String(explicit.valueBoolean)];
        if (derivedAbstract)
            return [String(concept.abstract)];
        return concept.abstract ? ['true'] : [];
    }
    if (property === 'status')
        return [concept.status];
    if (property === 'inactive') {
        const explicit = concept.properties.find((p) => p.code === 'inactive');
        return [String(explicit?.valueBoolean ?? concept.status !== 'active')];
    }
    if (property === 'parent')
        return concept.parentCode ? [concept.parentCode] : [];
    return concept.properties
        .filter((p) => p.code === property)
        .map((p) => {
        const v = p.valueCode ?? p.valueString ?? p.valueCoding?.code ?? p.valueDateTime ?? p.valueBoolean ?? p.valueInteger ?? p.valueDecimal;
        return v === undefined ? '' : String(v);
    });
}
function filterPredicate(content, version, f, at) {
    const system = version.system.url;
    if (f.value === undefined && f.op !== 'exists') {
        throw new outcome_1.FhirError(400, {
            severity: 'error',
            code: 'invalid',
            txType: 'vs-invalid',
            text: `The system ${system} filter with property = ${f.property}, op = ${f.op} has no value`,
            expression: [at],
        });
    }
    return predicateOf(content, { ...f, value: f.value ?? '' }, version.propertyUris, (0, systems_1.knownSystem)(version.system.url) !== undefined);
}
function predicateOf(content, f, declared, derivedAbstract = false) {
    switch (f.op) {
        case 'is-a': {
            const set = descendants(content, f.value);
            return (c) => c.code === f.value || set.has(c.code);
        }
        case 'descendent-of': {
            const set = descendants(content, f.value);
            return (c) => set.has(c.code);
        }
        case 'child-of': {
            const children = new Set(content.byCode.get(f.value)?.children ?? []);
            return (c) => children.has(c.code);
        }
        case 'is-not-a': {
            const set = descendants(content, f.value);
            return (c) => c.code !== f.value && !set.has(c.code);
        }
        case '=':
            return (c) => propertyValues(c, f.property, declared, derivedAbstract).includes(f.value);
        case 'in': {
            const values = new Set(f.value.split(',').map((s) => s.trim()));
            return (c) => propertyValues(c, f.property, declared, derivedAbstract).some((v) => values.has(v));
        }
        case 'not-in': {
            const values = new Set(f.value.split(',').map((s) => s.trim()));
            return (c) => !propertyValues(c, f.property, declared, derivedAbstract).some((v) => values.has(v));
        }
        case 'regex': {
            // RE2: linear time whatever the pattern, so a stored or inline filter cannot pin the server.
            const re = (0, regex_1.compileRegex)(f.value);
            if (re.problem !== undefined)
                throw outcome_1.FhirError.invalid(`The regex filter '${f.value}' (property '${f.property}') ${re.problem}`);
            return (c) => propertyValues(c, f.property, declared, derivedAbstract).some(re.match);
        }
        case 'exists': {
            const want = f.value !== 'false';
            return (c) => (propertyValues(c, f.property, declared, derivedAbstract).filter((v) => v !== '').length > 0) === want;
        }
        case 'generalizes': {
            return (c) => {
                let cur = content.byCode.get(f.value);
                while (cur) {
                    if (cur.code === c.code)
                        return true;
                    cur = cur.parentCode ? content.byCode.get(cur.parentCode) : undefined;
                }
                return false;
            };
        }
        default:
            throw outcome_1.FhirError.notSupported(`Value set filter operator '${f.op}' (property '${f.property}') is not supported`);
    }
}
/** A value set as a cycle check names it: `url|version`, or its id for one without a url. */
function valueSetLabel(vs) {
    return vs.url ? (vs.version ? `${vs.url}|${vs.version}` : vs.url) : `#${vs.id ?? ''}`;
}
/**
 * The value set an include imports: `#id` is a ValueSet contained in the value set being evaluated (or in
 * the one that contains it); anything else a canonical the server knows.
 */
function importedValueSet(snapshot, ref, date, scope) {
    if (!ref.startsWith('#'))
        return resolveValueSet(snapshot, ref, undefined, date);
    const found = (scope.contained ?? []).find((r) => r.resourceType === 'ValueSet' && r.id === ref.slice(1));
    if (!found)
        throw outcome_1.FhirError.notFound(`A definition for the ValueSet '${ref}' could not be found: no ValueSet with that id is contained in the value set`);
    return { url: found.url, version: found.version, resource: found };
}
async function evaluateInclude(snapshot, inc, date, 
/** The value sets being evaluated, outermost first (`url|version`): an import of one of them is a cycle. */
chain, collected, at, mode, scope) {
    let result;
    if (inc.system) {
        const resolution = (0, resolve_1.resolveVersion)(snapshot, { system: inc.system, version: inc.version, date });
        if (resolution.kind === 'unknown-version' && mode.lenient) {
            collected.unresolved.push({ system: resolution.system.url, version: resolution.version, text: (0, resolve_1.resolutionFailureText)(resolution) });
            return new Map();
        }
        if (resolution.kind === 'unknown-system' && mode.lenient) {
            collected.unresolved.push({ system: resolution.system, version: '', text: (0, resolve_1.resolutionFailureText)(resolution) });
            return new Map();
        }
        if (resolution.kind === 'unknown-version') {
            throw new outcome_1.FhirError(400, { severity: 'error', code: 'not-found', txType: 'not-found', text: (0, resolve_1.resolutionFailureText)(resolution, 'expand') });
        }
        if (resolution.kind !== 'found') {
            throw new outcome_1.FhirError(422, {
                severity: 'error',
                code: 'not-found',
                txType: 'not-found',
                text: `The value set cannot be expanded: ${(0, resolve_1.resolutionFailureText)(resolution)}`,
            });
        }
        if (resolution.checkFailure && !mode.lenient) {
            throw new outcome_1.FhirError(400, { severity: 'error', code: 'exception', txType: 'version-error', text: resolution.checkFailure });
        }
        for (const a of resolution.applied)
            collected.applied.set(`${a.name}|${a.canonical}`, a);
        const version = resolution.version;
        if (version.content === 'not-present') {
            throw new outcome_1.FhirError(422, { severity: 'error', code: 'not-found', txType: 'not-found', text: `The value set cannot be expanded: ${(0, find_1.noContentText)(version)}` });
        }
        collected.used.add(version);
        const content = await snapshot.content(version);
        let concepts;
        if (inc.concept && inc.concept.length > 0) {
            concepts = inc.concept.map((c) => content.byCode.get(c.code)).filter((c) => c !== undefined);
        }
        else {
            concepts = content.ordered;
        }
        const filters = inc.filter ?? [];
        filters.forEach((f, j) => {
            concepts = concepts.filter(filterPredicate(content, version, f, `${at}.filter[${j}]`));
        });
        const onlySelectable = filters.every((f) => (f.property === 'notSelectable' || f.property === 'abstract') && f.op === '=');
        if (version.content === 'fragment' && !inc.concept?.length && onlySelectable)
            collected.wholeFragments.add(version);
        result = new Map();
        for (const c of concepts) {
            if (!(0, model_1.isWithdrawn)(c)) {
                const member = { version, concept: c, ...(inc.concept?.length ? { listed: true } : {}), ...(inc.version !== undefined ? { pinned: true } : {}) };
                result.set(versionedKey(member), member);
            }
        }
    }
    for (const ref of inc.valueSet ?? []) {
        if (chain.length > MAX_DEPTH)
            throw outcome_1.FhirError.invalid(`Value set imports are nested deeper than ${MAX_DEPTH} levels`);
        let nested;
        try {
            nested = importedValueSet(snapshot, ref, date, scope);
        }
        catch (e) {
            if (!mode.lenient || !(e instanceof outcome_1.FhirError) || e.status !== 404)
                throw e;
            // Validation goes on without it: nothing is known to be in the import (tx.fhir.org's wording).
            const fallback = (0, resolve_1.splitCanonical)(ref).version === undefined ? snapshot.policy.valueSetDefaults.get(ref) : undefined;
            const shown = fallback === undefined ? ref : `${ref}|${fallback}`;
            collected.unresolvedValueSets.push({ url: ref, text: `A definition for the value Set '${shown}' could not be found` });
            result = new Map();
            continue;
        }
        const label = valueSetLabel(nested.resource);
        if (chain.includes(label)) {
            throw new outcome_1.FhirError(400, {
                severity: 'error',
                code: 'processing',
                txType: 'vs-invalid',
                text: `The value set ${label} imports itself (circular reference: ${[...chain.slice(chain.indexOf(label)), label].join(' → ')})`,
            });
        }
        const expansion = await computeExpansion(snapshot, nested.resource, date, mode, chain, ref.startsWith('#') ? scope : undefined);
        if (!ref.startsWith('#'))
            collected.usedValueSets.set(`${nested.url}|${nested.version ?? ''}`, nested.resource);
        expansion.usedValueSets.forEach((v) => collected.usedValueSets.set(`${v.url}|${v.version ?? ''}`, v));
        expansion.usedVersions.forEach((v) => collected.used.add(v));
        expansion.wholeFragments.forEach((v) => collected.wholeFragments.add(v));
        expansion.applied.forEach((a) => collected.applied.set(`${a.name}|${a.canonical}`, a));
        collected.unresolved.push(...expansion.unresolved);
        collected.unresolvedValueSets.push(...expansion.unresolvedValueSets);
        if (result === undefined)
            result = new Map(expansion.entries.map((m) => [versionedKey(m), m]));
        else
            for (const [k, m] of [...result])
                if (!expansion.members.has(key(m.version.system.url, m.concept.code)))
                    result.delete(k);
    }
    return result ?? new Map();
}
/** Evaluates a value set's compose (include minus exclude) as of a date. */
async function computeExpansion(snapshot, vs, date, mode = { lenient: false }, 
/** The value sets whose evaluation imports this one, outermost first. */
outer = [], 
/** The value set that contains `vs`, when `vs` is one of its contained resources. */
container) {
    const chain = [...outer, valueSetLabel(vs)];
    if (!vs.compose) {
        if (vs.expansion?.contains) {
            throw outcome_1.FhirError.notSupported(`ValueSet '${vs.url ?? vs.id}' has only a stored expansion and no compose; it cannot be evaluated`);
        }
        throw outcome_1.FhirError.invalid(`ValueSet '${vs.url ?? vs.id}' has no compose definition`);
    }
    // A value set that requires a supplement (`valueset-supplement`) cannot be evaluated without it (tx.fhir.org).
    for (const ext of vs.extension ?? []) {
        if (ext.url !== 'http://hl7.org/fhir/StructureDefinition/valueset-supplement' || !ext.valueCanonical)
            continue;
        const { url, version } = (0, resolve_1.splitCanonical)(ext.valueCanonical);
        const known = snapshot.system(url)?.versions.some((v) => v.content === 'supplement' && (version === undefined || v.version === version));
        if (!known)
            throw new outcome_1.FhirError(404, { severity: 'error', code: 'not-found', txType: 'not-found', text: `Required supplement not found: ${ext.valueCanonical}` });
    }
    const collected = { used: new Set(), usedValueSets: new Map(), wholeFragments: new Set(), applied: new Map(), unresolved: [], unresolvedValueSets: [] };
    const all = new Map();
    const versionsMatch = composeParameter(vs, 'versionsMatch');
    let matchedAcrossVersions = versionsMatch === 'true';
    for (const [i, inc] of vs.compose.include.entries()) {
        for (const [k, m] of await evaluateInclude(snapshot, inc, date, chain, collected, `ValueSet.compose.include[${i}]`, mode, container ?? vs))
            all.set(k, m);
    }
    // compose.inactive = false: the value set leaves out inactive codes.
    if (vs.compose.inactive === false)
        for (const [k, m] of all)
            if ((0, model_1.isInactive)(m.concept))
                all.delete(k);
    for (const [i, exc] of (vs.compose.exclude ?? []).entries()) {
        const excluded = await evaluateInclude(snapshot, exc, date, chain, { ...collected, wholeFragments: new Set() }, `ValueSet.compose.exclude[${i}]`, mode, container ?? vs);
        // As tx.fhir.org: an excluded code leaves the version the exclude names when the value set includes
        // that version; when it does not, the code leaves every version of its system (and the expansion says
        // versionsMatch=true), unless the value set's expansion parameter `versionsMatch` is false.
        const includedVersions = new Set([...all.values()].map((m) => m.version));
        const codes = new Set();
        for (const m of excluded.values())
            if (versionsMatch !== 'false' && !includedVersions.has(m.version))
                codes.add(key(m.version.system.url, m.concept.code));
        for (const [k, m] of all) {
            if (excluded.has(k))
                all.delete(k);
            else if (codes.has(key(m.version.system.url, m.concept.code))) {
                all.delete(k);
                matchedAcrossVersions = true;
            }
        }
    }
    // One code in several versions, as tx.fhir.org lists them: those of pinned includes first, newest first.
    const byCode = new Map();
    for (const m of all.values()) {
        const k = key(m.version.system.url, m.concept.code);
        byCode.set(k, [...(byCode.get(k) ?? []), m]);
    }
    const members = new Map();
    const entries = [];
    for (const [k, list] of byCode) {
        list.sort((a, b) => Number(!a.pinned) - Number(!b.pinned) || (0, resolve_1.compareVersions)(b.version.version, a.version.version));
        members.set(k, list[0]);
        entries.push(...list);
    }
    return {
        members,
        entries,
        usedVersions: [...collected.used],
        usedValueSets: [...collected.usedValueSets.values()],
        wholeFragments: [...collected.wholeFragments],
        applied: [...collected.applied.values()],
        unresolved: collected.unresolved,
        unresolvedValueSets: collected.unresolvedValueSets,
        matchedAcrossVersions,
    };
}
/**
 * What an expansion depends on besides the value set: the code system version each include resolves to
 * on `date` (pinned includes always resolve the same). Two dates in force under the same versions share
 * one cached expansion, so arbitrary dates cannot grow the cache.
 */
function resolvedVersionsKey(snapshot, vs, date, depth = 0, scope = vs) {
    if (depth > MAX_DEPTH)
        return 'deep';
    const parts = [];
    for (const inc of [...(vs.compose?.include ?? []), ...(vs.compose?.exclude ?? [])]) {
        if (inc.system) {
            const r = (0, resolve_1.resolveVersion)(snapshot, { system: inc.system, version: inc.version, date });
            parts.push(r.kind === 'found' ? String(r.version.id) : r.kind);
        }
        for (const ref of inc.valueSet ?? []) {
            try {
                const nested = importedValueSet(snapshot, ref, date, scope);
                const inner = ref.startsWith('#') ? resolvedVersionsKey(snapshot, nested.resource, date, depth + 1, scope) : resolvedVersionsKey(snapshot, nested.resource, date, depth + 1);
                parts.push(`${'id' in nested ? nested.id : ref}(${inner})`);
            }
            catch {
                parts.push('missing');
            }
        }
    }
    return parts.join(',');
}
/** The expansion of a stored value set, computed once per snapshot and set of resolved versions. */
async function expansionOf(snapshot, entry, date, mode = { lenient: false }) {
    const key = `expansion:${mode.lenient ? 'lenient:' : ''}${entry.id}:${resolvedVersionsKey(snapshot, entry.resource, date)}`;
    return snapshot.derived(key, () => computeExpansion(snapshot, entry.resource, date, mode));
}
/** A parameter the value set itself gives for its expansion (`compose` extension `valueset-expansion-parameter`). */
function composeParameter(vs, name) {
    for (const ext of vs.compose?.extension ?? []) {
        if (ext.url !== 'http://hl7.org/fhir/StructureDefinition/valueset-expansion-parameter')
            continue;
        const parts = ext.extension ?? [];
        if (parts.find((p) => p.url === 'name')?.valueCode !== name)
            continue;
        const value = parts.find((p) => p.url === 'value');
        return value?.valueCode ?? value?.valueString ?? (value?.valueBoolean !== undefined ? String(value.valueBoolean) : undefined);
    }
    return undefined;
}
//# sourceMappingURL=compose.js.map