"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueSetExpand = exports.definition = exports.MAX_EXPANSION_COUNT = void 0;
exports.handler = handler;
// ValueSet/$expand — https://hl7.org/fhir/R4/valueset-operation-expand.html
// Supported: url, valueSet (inline), valueSetVersion, filter, count, offset, activeOnly, includeDesignations,
// date, displayLanguage, excludeNested (false nests members under their parents), property, designation (echoed),
// includeDefinition (the definition's compose, extensions and description kept), the request-scope parameters
// (tx-resource, system-version and friends); excludeNotForUI and excludePostCoordinated are read and echoed
// (no concept here is post-coordinated). Every other parameter (context, ...) is ignored.
// expansion.parameter echoes the request's parameters and names each code system version used
// (`used-codesystem`), as tx.fhir.org does; `offset` is given only when the request paged.
const node_crypto_1 = require("node:crypto");
const outcome_1 = require("../fhir/outcome");
const operation_1 = require("../fhir/operation");
const compose_1 = require("../terminology/compose");
const text_search_1 = require("../terminology/text-search");
const display_1 = require("../terminology/display");
const model_1 = require("../terminology/model");
const value_set_input_1 = require("../fhir/value-set-input");
const request_scope_1 = require("../terminology/request-scope");
/** The largest page one $expand returns; larger requests are refused rather than truncated silently. */
exports.MAX_EXPANSION_COUNT = 5000;
/** Marks an expansion that may miss codes (it includes a fragment code system version). */
const UNCLOSED_EXT = 'http://hl7.org/fhir/StructureDefinition/valueset-unclosed';
exports.definition = {
    name: 'ValueSet/$expand',
    definitionUrl: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
    parameters: [
        { name: 'url', type: 'uri' },
        { name: 'valueSet', type: 'Resource' },
        { name: 'valueSetVersion', type: 'string' },
        { name: 'filter', type: 'string' },
        { name: 'count', type: 'integer' },
        { name: 'offset', type: 'integer' },
        { name: 'activeOnly', type: 'boolean' },
        { name: 'includeDesignations', type: 'boolean' },
        { name: 'date', type: 'dateTime' },
        { name: 'displayLanguage', type: 'code' },
        { name: 'excludeNested', type: 'boolean' },
        { name: 'excludeNotForUI', type: 'boolean' },
        { name: 'excludePostCoordinated', type: 'boolean' },
        { name: 'designation', type: 'string', max: '*' },
        { name: 'property', type: 'string', max: '*' },
        // Accepted: an R4 expansion has no element for a concept's definition, so nothing is added.
        { name: 'includeDefinition', type: 'boolean' },
        ...operation_1.REQUEST_SCOPE_PARAMETERS,
    ],
};
/** Expands a value set as of a date, filtered and paged; `total` is always set. */
async function handler(input, ctx) {
    const { snapshot: requested } = ctx;
    const date = input.date('date');
    const count = input.integer('count');
    const offset = input.integer('offset') ?? 0;
    if (count !== undefined && (count < 0 || count > exports.MAX_EXPANSION_COUNT)) {
        throw outcome_1.FhirError.invalid(`count must be between 0 and ${exports.MAX_EXPANSION_COUNT}, got ${count}`, ['count']);
    }
    if (offset < 0)
        throw outcome_1.FhirError.invalid(`offset must not be negative, got ${offset}`, ['offset']);
    const entry = (0, value_set_input_1.valueSetFor)(input, requested, ctx.instanceId, date);
    // The supplements the value set requires apply to its codes (designations, properties) here.
    const snapshot = await (0, request_scope_1.withSupplements)(requested, (0, request_scope_1.valueSetSupplements)(entry.resource));
    const expansion = entry.id < 0 ? await (0, compose_1.computeExpansion)(snapshot, entry.resource, date) : await (0, compose_1.expansionOf)(snapshot, entry, date);
    const filter = input.string('filter');
    const activeOnly = input.boolean('activeOnly') ?? false;
    const includeDesignations = input.boolean('includeDesignations') ?? false;
    // The display language: asked for, else the Accept-Language header, else the value set's own
    // expansion parameter (compose extension `valueset-expansion-parameter`), as tx.fhir.org chooses it.
    const askedLanguage = input.string('displayLanguage');
    const language = askedLanguage ?? ctx.acceptLanguage ?? (0, compose_1.composeParameter)(entry.resource, 'displayLanguage');
    let members = [...expansion.entries];
    if (activeOnly)
        members = members.filter((m) => !(0, model_1.isInactive)(m.concept));
    if (filter !== undefined)
        members = (0, text_search_1.rankByFilter)(members, filter);
    const total = members.length;
    const limit = Math.min(exports.MAX_EXPANSION_COUNT, ctx.expansionLimit ?? exports.MAX_EXPANSION_COUNT);
    if (count === undefined && total > limit) {
        throw new outcome_1.FhirError(422, {
            severity: 'error',
            code: 'too-costly',
            txType: null,
            text: `The expansion has ${total} codes, more than ${limit}; page it with count and offset`,
        });
    }
    const versionsOf = new Map();
    for (const v of expansion.usedVersions)
        versionsOf.set(v.system.url, (versionsOf.get(v.system.url) ?? 0) + 1);
    // A value set that names several versions of a system lists versions even when they resolve to one.
    for (const [url, n] of namedVersions(entry.resource, snapshot))
        versionsOf.set(url, Math.max(n, versionsOf.get(url) ?? 0));
    const page = members.slice(offset, count === undefined ? undefined : offset + count);
    const properties = input.strings('property');
    // The supplements that apply (the value set's own and useSupplement): named, and their property definitions used.
    const supplements = [...new Set([...(0, request_scope_1.valueSetSupplements)(entry.resource), ...input.strings('useSupplement')])]
        .map((canonical) => (0, request_scope_1.supplementVersion)(requested, canonical))
        .filter((v) => v !== undefined);
    // As tx.fhir.org shows them unasked: a stated status other than active, and the properties R5 reads from
    // concept extensions (label, order, weight), where the value set's own concept extensions win.
    const listed = listedConcepts(entry.resource);
    // Every property a member shows, for expansion.property.
    const shownCodes = new Set(properties);
    const propertyOf = (version, concept) => {
        const listing = listed.size > 0 ? listed.get(`${version.system.url}|${concept.code}`) : undefined;
        const own = listedProperties(listing);
        const shown = new Set(properties);
        if (concept.status === 'deprecated' || concept.properties.some((p) => p.code === 'status' && p.valueCode !== undefined && p.valueCode !== 'active'))
            shown.add('status');
        for (const p of concept.properties)
            if (p.fromExtension)
                shown.add(p.code);
        for (const code of Object.keys(own))
            shown.add(code);
        if (shown.size === 0)
            return [];
        for (const code of shown)
            shownCodes.add(code);
        return [...shown].flatMap((code) => (own[code] ? [own[code]] : propertyValues(concept, code)).map((value) => ({ url: CONTAINS_PROPERTY_EXT, extension: [{ url: 'code', valueCode: code }, { url: 'value', ...value }] })));
    };
    // `designation` (system|code, repeating): only designations in those languages (urn:ietf:bcp:47|de, exactly)
    // or of those uses are listed.
    const wanted = input.strings('designation').map((token) => {
        const bar = token.indexOf('|');
        return bar < 0 ? { system: undefined, code: token } : { system: token.slice(0, bar), code: token.slice(bar + 1) };
    });
    const designationWanted = (d) => wanted.length === 0 ||
        wanted.some((w) => w.system === 'urn:ietf:bcp:47' ? d.language === w.code : d.use !== undefined && d.use.code === w.code && (w.system === undefined || d.use.system === w.system));
    const contains = page.map(({ version, concept }) => {
        const shown = (0, display_1.displayIn)(concept, language, version.language);
        // The value set's notes on a concept it lists (valueset-deprecated, valueset-concept-definition) are echoed.
        const notes = (listed.get(`${version.system.url}|${concept.code}`)?.extension ?? []).filter((e) => ECHOED_CONCEPT_EXTENSIONS.has(e.url));
        const extension = [...notes, ...(concept.extensions ?? []), ...propertyOf(version, concept)];
        // A designation shown as the display is not repeated; the display it replaced becomes a designation.
        // The value set's own designations for a concept it lists come after the code system's.
        const designations = [...concept.designations, ...(listed.get(`${version.system.url}|${concept.code}`)?.designation ?? [])]
            .filter((d) => d !== shown.from)
            .map((d) => {
            // Extensions FHIR defines (coding-sctdescid, standards-status) are repeated; others are not.
            const extension = (d.extension ?? []).filter((e) => e.url.startsWith('http://hl7.org/fhir/StructureDefinition/'));
            return { ...(extension.length > 0 ? { extension } : {}), language: d.language, use: d.use, value: d.value };
        });
        if ((shown.from || shown.value === undefined) && concept.display && version.language)
            designations.unshift({ language: version.language, use: display_1.PREFERRED_FOR_LANGUAGE, value: concept.display });
        return {
            system: version.system.url,
            // As tx.fhir.org: a member names its version only when the expansion holds several of its system.
            ...(version.version !== '' && versionsOf.get(version.system.url) > 1 ? { version: version.version } : {}),
            code: concept.code,
            display: shown.value,
            ...(concept.abstract ? { abstract: true } : {}),
            ...((0, model_1.isInactive)(concept) ? { inactive: true } : {}),
            ...(includeDesignations && designations.some(designationWanted) ? { designation: designations.filter(designationWanted) } : {}),
            ...(extension.length > 0 ? { extension } : {}),
        };
    });
    // excludeNested=false: members sit under their nearest ancestor in the expansion, as the code system nests them.
    // Not asked either way, as tx.fhir.org: a value set that is one whole code system is nested (unless a text
    // filter picks from it), and so is one that is a hierarchy below a concept (is-a, descendent-of).
    const excludeNested = input.boolean('excludeNested');
    const nested = count === undefined &&
        offset === 0 &&
        (excludeNested === false ? filter === undefined : excludeNested === undefined && nestsByDefault(entry.resource, filter !== undefined));
    const contents = new Map();
    if (nested)
        for (const m of page)
            if (!contents.has(m.version))
                contents.set(m.version, await snapshot.content(m.version));
    const topLevel = nested ? nest(page, contains, (v, code) => contents.get(v)?.byCode.get(code)?.parentCode ?? null) : contains;
    // The request's parameters as given (tx.fhir.org echoes them), then the code system versions used.
    const parameter = [];
    if (askedLanguage === undefined && language !== undefined)
        parameter.push({ name: 'displayLanguage', valueCode: language });
    for (const def of exports.definition.parameters) {
        if (!ECHOED.has(def.name))
            continue;
        const valueKey = operation_1.ECHO_VALUE_KEY[def.type];
        for (const value of input.valuesOf(def.name)) {
            // A language list is echoed as given, but one with weights as tx.fhir.org rewrites it: `de, *; q=0`.
            const echoed = def.name === 'displayLanguage' && typeof value === 'string' && value.includes(';') ? value.split(',').map((p) => p.trim()).join(', ') : value;
            parameter.push({ name: def.name, [valueKey]: echoed });
        }
    }
    // A version parameter is echoed when it chose a version (tx.fhir.org), not merely because it was sent.
    for (const a of expansion.applied)
        parameter.push({ name: a.name, valueUri: a.canonical });
    for (const v of expansion.usedVersions) {
        parameter.push({ name: 'used-codesystem', valueUri: v.version !== '' ? `${v.system.url}|${v.version}` : v.system.url });
    }
    // The supplements that applied (the value set's own and useSupplement), by the version used.
    for (const v of supplements)
        parameter.push({ name: 'used-supplement', valueUri: v.version ? `${v.system.url}|${v.version}` : v.system.url });
    // A fragment the expansion rests on is named as such too (tx.fhir.org).
    for (const v of expansion.usedVersions) {
        if (v.content === 'fragment')
            parameter.push({ name: 'used-fragment', valueUri: v.version !== '' ? `${v.system.url}|${v.version}` : v.system.url });
    }
    if (expansion.matchedAcrossVersions)
        parameter.push({ name: 'versionsMatch', valueBoolean: true });
    for (const vs of expansion.usedValueSets)
        parameter.push({ name: 'used-valueset', valueUri: vs.version ? `${vs.url}|${vs.version}` : vs.url });
    // As tx.fhir.org: what the expansion rests on that is draft, experimental, deprecated or withdrawn.
    const notes = [...expansion.usedVersions.flatMap(model_1.versionStatusNotes), ...[entry.resource, ...expansion.usedValueSets].flatMap(model_1.valueSetStatusNotes)];
    for (const n of notes)
        parameter.push({ name: `warning-${n.kind}`, valueUri: n.canonical });
    // An expansion that includes a fragment may miss codes: flagged, with the reason (tx.fhir.org's words).
    const unclosed = expansion.wholeFragments.length > 0
        ? [
            { url: UNCLOSED_EXT, valueBoolean: true },
            ...expansion.wholeFragments.map((v) => ({ url: `${UNCLOSED_EXT}-reason`, valueString: `This extension is based on a fragment of the code system ${v.system.url}` })),
        ]
        : [];
    // The properties the members show: those asked for, and a status shown unasked.
    const declared = [...shownCodes];
    // The value set's own metadata, without its definition; the expansion in its place.
    // Its extensions describe the definition (a required supplement, a standards status) and its description
    // is the definition's prose: left out, as tx.fhir.org leaves them; what the extensions mean is in
    // expansion.parameter (used-supplement, warning-*).
    // includeDefinition=true: the definition comes with it (compose, extensions, description).
    const { compose, text: _text, expansion: _stored, extension, description, ...summary } = entry.resource;
    const metadata = input.boolean('includeDefinition') === true ? { ...summary, ...(extension ? { extension } : {}), ...(description ? { description } : {}), ...(compose ? { compose } : {}) } : summary;
    return {
        ...metadata,
        resourceType: 'ValueSet',
        expansion: {
            ...(expansion.wholeFragments.length > 0 && declared.length === 0 ? { extension: unclosed } : {}),
            identifier: `urn:uuid:${(0, node_crypto_1.randomUUID)()}`,
            timestamp: new Date().toISOString(),
            total,
            ...(input.has('offset') ? { offset } : {}),
            ...(parameter.length > 0 ? { parameter } : {}),
            ...(declared.length > 0 ? { extension: [...unclosed, ...declared.map((code) => expansionProperty([...expansion.usedVersions, ...supplements], code))] } : {}),
            ...(topLevel.length > 0 ? { contains: topLevel } : {}),
        },
    };
}
/** R5 `expansion.property` and `contains.property`, as R4 extensions (the FHIR cross-version extensions). */
const EXPANSION_PROPERTY_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.property';
const CONTAINS_PROPERTY_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property';
/** The values of one property of a concept, each as a FHIR `value[x]`. */
function propertyValues(concept, code) {
    if (code === 'definition')
        return concept.definition ? [{ valueString: concept.definition }] : [];
    if (code === 'parent')
        return concept.parentCode ? [{ valueCode: concept.parentCode }] : [];
    // A status the code system gives by extension (standards-status) rather than as a property.
    if (code === 'status' && !concept.properties.some((p) => p.code === 'status'))
        return concept.status === 'deprecated' ? [{ valueCode: 'deprecated' }] : [];
    return concept.properties
        .filter((p) => p.code === code)
        .map((p) => {
        const { code: _code, ...value } = p;
        return Object.fromEntries(Object.entries(value).filter(([k, v]) => k.startsWith('value') && v !== undefined && v !== null));
    })
        .filter((v) => Object.keys(v).length > 0);
}
/** `expansion.property`: a requested property's code and, where a code system used defines it, its uri. */
function expansionProperty(versions, code) {
    const uri = versions.map((v) => v.propertyUris?.[code]).find((u) => !!u) ||
        (code === 'weight' ? 'http://hl7.org/fhir/concept-properties#itemWeight' : STANDARD_PROPERTIES.has(code) ? `http://hl7.org/fhir/concept-properties#${code}` : undefined);
    return { url: EXPANSION_PROPERTY_EXT, extension: [{ url: 'code', valueCode: code }, ...(uri ? [{ url: 'uri', valueUri: uri }] : [])] };
}
/** The properties FHIR defines for every code system (http://hl7.org/fhir/concept-properties). */
const STANDARD_PROPERTIES = new Set(['inactive', 'deprecated', 'notSelectable', 'parent', 'child', 'partOf', 'synonym', 'comment', 'itemWeight', 'status', 'retirementDate', 'deprecationDate', 'definition', 'label', 'order']);
/** Nests the entries of an expansion under their nearest ancestor that is also in it (listed members stay on top). */
function nest(members, entries, parentOf) {
    const at = new Map();
    members.forEach((m, i) => at.set(`${m.version.system.url}|${m.version.version}|${m.concept.code}`, entries[i]));
    const top = [];
    members.forEach((m, i) => {
        let parent;
        if (!m.listed) {
            const seen = new Set();
            let code = m.concept.parentCode;
            while (code && !seen.has(code)) {
                seen.add(code);
                parent = at.get(`${m.version.system.url}|${m.version.version}|${code}`);
                if (parent)
                    break;
                code = parentOf(m.version, code);
            }
        }
        if (parent)
            (parent.contains ??= []).push(entries[i]);
        else
            top.push(entries[i]);
    });
    return top;
}
/** The use tx.fhir.org gives the display a designation replaced in an expansion. */
/** The number of distinct versions the value set's includes name, per (primary) system url. */
function namedVersions(vs, snapshot) {
    const named = new Map();
    for (const inc of vs.compose?.include ?? []) {
        if (!inc.system || inc.version === undefined)
            continue;
        const url = snapshot.system(inc.system)?.url ?? inc.system;
        named.set(url, (named.get(url) ?? new Set()).add(inc.version));
    }
    return new Map([...named].map(([url, versions]) => [url, versions.size]));
}
/** Extensions on a value set's listed concept that the expansion repeats on the member. */
const ECHOED_CONCEPT_EXTENSIONS = new Set([
    'http://hl7.org/fhir/StructureDefinition/valueset-deprecated',
    'http://hl7.org/fhir/StructureDefinition/valueset-concept-definition',
    'http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status',
]);
/** The concepts a value set lists by system|code (the first listing of each). */
function listedConcepts(vs) {
    const out = new Map();
    for (const inc of vs.compose?.include ?? []) {
        for (const c of inc.concept ?? [])
            if (inc.system && !out.has(`${inc.system}|${c.code}`))
                out.set(`${inc.system}|${c.code}`, c);
    }
    return out;
}
/** The properties a value set gives a concept it lists, from its extensions (valueset-label, valueset-conceptOrder, itemWeight). */
function listedProperties(concept) {
    const out = {};
    for (const e of concept?.extension ?? []) {
        if (e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-label' && e.valueString !== undefined)
            out.label = { valueString: e.valueString };
        if (e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-conceptOrder' && e.valueInteger !== undefined)
            out.order = { valueDecimal: e.valueInteger };
        if (e.url === 'http://hl7.org/fhir/StructureDefinition/itemWeight' && e.valueDecimal !== undefined)
            out.weight = { valueDecimal: e.valueDecimal };
    }
    return out;
}
/**
 * Whether an expansion nests when the request does not say: the value set is one include of one system, and
 * either the whole system (without a text filter) or the hierarchy below one concept (`is-a`, `descendent-of`).
 */
function nestsByDefault(vs, textFilter) {
    const include = vs.compose?.include ?? [];
    const only = include[0];
    if (include.length !== 1 || only.system === undefined || only.concept?.length || only.valueSet?.length || vs.compose?.exclude?.length)
        return false;
    const filters = only.filter ?? [];
    if (filters.length === 0)
        return !textFilter;
    return filters.length === 1 && (filters[0].op === 'is-a' || filters[0].op === 'descendent-of') && (filters[0].property === 'concept' || filters[0].property === 'code');
}
/** Request parameters an expansion records in `expansion.parameter`, as tx.fhir.org does. */
const ECHOED = new Set([
    'filter',
    'date',
    'count',
    'offset',
    'activeOnly',
    'includeDesignations',
    'displayLanguage',
    'excludeNested',
    'excludeNotForUI',
    'excludePostCoordinated',
    'designation',
    'default-to-latest-version',
    'default-valueset-version',
]);
exports.valueSetExpand = { resourceType: 'ValueSet', code: 'expand', definition: exports.definition, handler };
//# sourceMappingURL=valueset-expand.js.map