// ValueSet/$expand — https://hl7.org/fhir/R4/valueset-operation-expand.html
// Supported: url, valueSet (inline), valueSetVersion, filter, count, offset, activeOnly, includeDesignations,
// date, displayLanguage, excludeNested (false nests members under their parents), property, designation (echoed),
// includeDefinition (the definition's compose, extensions and description kept), the request-scope parameters
// (tx-resource, system-version and friends); excludeNotForUI and excludePostCoordinated are read and echoed
// (no concept here is post-coordinated). Every other parameter (context, ...) is ignored.
// expansion.parameter echoes the request's parameters and names each code system version used
// (`used-codesystem`), as tx.fhir.org does; `offset` is given only when the request paged.
import { randomUUID } from 'node:crypto';
import type { Extension, ValueSet, ValueSetComposeIncludeConcept, ValueSetExpansionContains, ValueSetExpansionParameter } from 'fhir/r4';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { ECHO_VALUE_KEY, REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from './shared/operation';
import { composeParameter, computeExpansion, expansionOf, type Expansion, type Member } from '../terminology/compose';
import { canonical } from '../terminology/resolve';
import { rankByFilter } from '../terminology/text-search';
import { displayIn, PREFERRED_FOR_LANGUAGE } from '../terminology/display';
import { isInactive, valueSetStatusNotes, versionStatusNotes, type Concept, type VersionContent, type VersionEntry } from '../terminology/model';
import { valueSetFor } from './shared/value-set-input';
import type { Snapshot } from '../terminology/snapshot';
import { supplementVersion, valueSetSupplements, withSupplements } from '../terminology/request-scope';

/** The largest page one $expand returns; larger requests are refused rather than truncated silently. */
export const MAX_EXPANSION_COUNT = 5000;

/** Marks an expansion that may miss codes (it includes a fragment code system version). */
const UNCLOSED_EXT = 'http://hl7.org/fhir/StructureDefinition/valueset-unclosed';

export const definition: OperationDefinitionSpec = {
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
    // true: the value set's definition (compose, extensions, description) comes with the expansion.
    { name: 'includeDefinition', type: 'boolean' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

/** Expands a value set as of a date, filtered and paged; `total` is always set. */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<ValueSet> {
  const date = input.date('date');
  const { count, offset } = paging(input);
  const entry = valueSetFor(input, ctx.snapshot, ctx.instanceId, date);
  // The supplements the value set requires apply to its codes (designations, properties) here.
  const snapshot = await withSupplements(ctx.snapshot, valueSetSupplements(entry.resource));
  const expansion = entry.id < 0 ? await computeExpansion(snapshot, entry.resource, date) : await expansionOf(snapshot, entry, date);
  const filter = input.string('filter');
  let members = [...expansion.entries];
  if (input.boolean('activeOnly') === true) members = members.filter((m) => !isInactive(m.concept));
  if (filter !== undefined) members = rankByFilter(members, filter);
  const limit = Math.min(MAX_EXPANSION_COUNT, ctx.expansionLimit ?? MAX_EXPANSION_COUNT);
  if (count === undefined && members.length > limit) {
    throw new FhirError(422, { severity: 'error', code: 'too-costly', txType: null, ...msg('VALUESET_TOO_COSTLY', members.length, limit) });
  }
  const page = members.slice(offset, count === undefined ? undefined : offset + count);
  // The display language: asked for, else the Accept-Language header, else the value set's own
  // expansion parameter (compose extension `valueset-expansion-parameter`), as tx.fhir.org chooses it.
  const askedLanguage = input.string('displayLanguage');
  const language = askedLanguage ?? ctx.acceptLanguage ?? composeParameter(entry.resource, 'displayLanguage');
  // Only a whole, unpaged expansion nests.
  const parentOf = count === undefined && offset === 0 ? await nesting(input.boolean('excludeNested'), entry.resource, filter, page, snapshot) : undefined;
  const facts: ExpansionFacts = {
    vs: entry.resource,
    expansion,
    page,
    total: members.length,
    ...(input.has('offset') ? { offset } : {}),
    language,
    namedVersions: namedVersions(entry.resource, snapshot),
    includeDesignations: input.boolean('includeDesignations') ?? false,
    designations: input.strings('designation'),
    properties: input.strings('property'),
    // The supplements that apply (the value set's own and useSupplement): named, and their property definitions used.
    supplements: [...new Set([...valueSetSupplements(entry.resource), ...input.strings('useSupplement')])]
      .map((ref) => supplementVersion(ctx.snapshot, ref))
      .filter((v): v is VersionEntry => v !== undefined),
    ...(parentOf ? { parentOf } : {}),
    echoed: [
      // The language chosen without being asked for is named first.
      ...(askedLanguage === undefined && language !== undefined ? [{ name: 'displayLanguage', valueCode: language }] : []),
      ...echoedParameters(input),
    ],
    includeDefinition: input.boolean('includeDefinition') === true,
  };
  return expandedValueSet(facts, { now: (ctx.now ?? (() => new Date()))(), id: (ctx.newId ?? randomUUID)() });
}

/**
 * How members nest, when they do: a code's parent in its version. excludeNested=false: members sit under their
 * nearest ancestor in the expansion, as the code system nests them. Not asked either way, as tx.fhir.org: a
 * value set that is one whole code system is nested (unless a text filter picks from it), and so is one that is
 * a hierarchy below a concept (is-a, descendent-of).
 */
async function nesting(
  excludeNested: boolean | undefined,
  vs: ValueSet,
  filter: string | undefined,
  page: Member[],
  snapshot: Snapshot,
): Promise<((version: VersionEntry, code: string) => string | null) | undefined> {
  const nested = excludeNested === false ? filter === undefined : excludeNested === undefined && nestsByDefault(vs, filter !== undefined);
  if (!nested) return undefined;
  const contents = new Map<VersionEntry, VersionContent>();
  for (const m of page) if (!contents.has(m.version)) contents.set(m.version, await snapshot.content(m.version));
  return (v, code) => contents.get(v)?.byCode.get(code)?.parentCode ?? null;
}

/** `count` and `offset`, checked: a page larger than {@link MAX_EXPANSION_COUNT} or a negative offset is refused. */
function paging(input: OperationInput): { count: number | undefined; offset: number } {
  const count = input.integer('count');
  const offset = input.integer('offset') ?? 0;
  if (count !== undefined && (count < 0 || count > MAX_EXPANSION_COUNT)) {
    throw FhirError.invalid(msg('NCMP_EXPAND_COUNT_OUT_OF_RANGE', MAX_EXPANSION_COUNT, count), ['count']);
  }
  if (offset < 0) throw FhirError.invalid(msg('NCMP_EXPAND_OFFSET_NEGATIVE', offset), ['offset']);
  return { count, offset };
}

/** The request's parameters as given, as `expansion.parameter` echoes them (tx.fhir.org). */
function echoedParameters(input: OperationInput): ValueSetExpansionParameter[] {
  const parameter: ValueSetExpansionParameter[] = [];
  for (const def of definition.parameters) {
    if (!ECHOED.has(def.name)) continue;
    const valueKey = ECHO_VALUE_KEY[def.type as keyof typeof ECHO_VALUE_KEY];
    for (const value of input.valuesOf(def.name)) {
      // A language list is echoed as given, but one with weights as tx.fhir.org rewrites it: `de, *; q=0`.
      const echoed =
        def.name === 'displayLanguage' && typeof value === 'string' && value.includes(';') ? value.split(',').map((p) => p.trim()).join(', ') : value;
      parameter.push({ name: def.name, [valueKey]: echoed } as ValueSetExpansionParameter);
    }
  }
  return parameter;
}

/** Everything an expanded value set says, decided by the handler: the builder only writes it down. */
export interface ExpansionFacts {
  /** The value set expanded. */
  vs: ValueSet;
  expansion: Expansion;
  /** The members of the page returned, in order. */
  page: Member[];
  /** The number of members before paging. */
  total: number;
  /** The offset, when the request paged. */
  offset?: number;
  /** The language displays are shown in. */
  language: string | undefined;
  /** The number of distinct versions the value set's includes name, per system url. */
  namedVersions: Map<string, number>;
  includeDesignations: boolean;
  /** The `designation` parameter: `system|code` tokens (a language as `urn:ietf:bcp:47|de`, or a use). */
  designations: string[];
  /** The `property` parameter: the properties every member shows. */
  properties: string[];
  /** The supplements that apply, by the version used. */
  supplements: VersionEntry[];
  /** Set when members nest: a code's parent in its version. */
  parentOf?: (version: VersionEntry, code: string) => string | null;
  /** The request's parameters, as `expansion.parameter` echoes them. */
  echoed: ValueSetExpansionParameter[];
  /** `includeDefinition`: the definition comes with the expansion (compose, extensions, description). */
  includeDefinition: boolean;
}

/**
 * The expanded ValueSet $expand answers with: pure, from the facts and a stamp (the expansion's timestamp and
 * identifier, which the caller takes from its clock and id source).
 */
export function expandedValueSet(facts: ExpansionFacts, stamp: { now: Date; id: string }): ValueSet {
  const { vs, expansion } = facts;
  const listed = listedConcepts(vs);
  const versionsOf = new Map<string, number>();
  for (const v of expansion.usedVersions) versionsOf.set(v.system.url, (versionsOf.get(v.system.url) ?? 0) + 1);
  // A value set that names several versions of a system lists versions even when they resolve to one.
  for (const [url, n] of facts.namedVersions) versionsOf.set(url, Math.max(n, versionsOf.get(url) ?? 0));
  // Every property a member shows, for expansion.property: those asked for, and those shown unasked.
  const declared = new Set(facts.properties);
  const wanted = designationFilter(facts.designations);
  const contains = facts.page.map(({ version, concept }) => {
    const listing = listed.get(`${version.system.url}|${concept.code}`);
    const shown = shownProperties(concept, listing, facts.properties);
    for (const code of shown) declared.add(code);
    const several = versionsOf.get(version.system.url)! > 1;
    return containsEntry(version, concept, listing, { ...facts, shown, wanted, several });
  });
  const topLevel = facts.parentOf ? nest(facts.page, contains, facts.parentOf) : contains;
  const parameter = [...facts.echoed, ...expansionParameters(vs, expansion, facts.supplements)];
  // An expansion that includes a fragment may miss codes: flagged, with the reason (tx.fhir.org's words).
  const unclosed: Extension[] = expansion.wholeFragments.length > 0
    ? [
        { url: UNCLOSED_EXT, valueBoolean: true },
        ...expansion.wholeFragments.map((v) => ({ url: `${UNCLOSED_EXT}-reason`, valueString: `This extension is based on a fragment of the code system ${v.system.url}` })),
      ]
    : [];
  const properties = [...declared].map((code) => expansionProperty([...expansion.usedVersions, ...facts.supplements], code));
  return {
    ...definitionSummary(vs, facts.includeDefinition),
    resourceType: 'ValueSet',
    expansion: {
      ...(unclosed.length > 0 && properties.length === 0 ? { extension: unclosed } : {}),
      identifier: `urn:uuid:${stamp.id}`,
      timestamp: stamp.now.toISOString(),
      total: facts.total,
      ...(facts.offset !== undefined ? { offset: facts.offset } : {}),
      ...(parameter.length > 0 ? { parameter } : {}),
      ...(properties.length > 0 ? { extension: [...unclosed, ...properties] } : {}),
      ...(topLevel.length > 0 ? { contains: topLevel } : {}),
    },
  };
}

/**
 * The value set's own metadata, without its definition; the expansion takes its place. Its extensions
 * describe the definition (a required supplement, a standards status) and its description is the
 * definition's prose: left out, as tx.fhir.org leaves them; what the extensions mean is in
 * expansion.parameter (used-supplement, warning-*). `includeDefinition`: the definition comes with it.
 */
function definitionSummary(vs: ValueSet, includeDefinition: boolean): Omit<ValueSet, 'resourceType'> {
  const { compose, text: _text, expansion: _stored, extension, description, ...summary } = vs;
  if (!includeDefinition) return summary;
  return { ...summary, ...(extension ? { extension } : {}), ...(description ? { description } : {}), ...(compose ? { compose } : {}) };
}

/** What `expansion.parameter` names after the echoed request: the versions, supplements, fragments and value sets used, and their status notes. */
function expansionParameters(vs: ValueSet, expansion: Expansion, supplements: VersionEntry[]): ValueSetExpansionParameter[] {
  const parameter: ValueSetExpansionParameter[] = [];
  // A version parameter is echoed when it chose a version (tx.fhir.org), not merely because it was sent.
  for (const a of expansion.applied) parameter.push({ name: a.name, valueUri: a.canonical });
  for (const v of expansion.usedVersions) parameter.push({ name: 'used-codesystem', valueUri: canonical(v.system.url, v.version) });
  for (const v of supplements) parameter.push({ name: 'used-supplement', valueUri: canonical(v.system.url, v.version) });
  // A fragment the expansion rests on is named as such too (tx.fhir.org).
  for (const v of expansion.usedVersions) if (v.content === 'fragment') parameter.push({ name: 'used-fragment', valueUri: canonical(v.system.url, v.version) });
  if (expansion.matchedAcrossVersions) parameter.push({ name: 'versionsMatch', valueBoolean: true });
  for (const used of expansion.usedValueSets) parameter.push({ name: 'used-valueset', valueUri: canonical(used.url!, used.version) });
  // As tx.fhir.org: what the expansion rests on that is draft, experimental, deprecated or withdrawn.
  const notes = [...expansion.usedVersions.flatMap(versionStatusNotes), ...[vs, ...expansion.usedValueSets].flatMap(valueSetStatusNotes)];
  for (const n of notes) parameter.push({ name: `warning-${n.kind}`, valueUri: n.canonical });
  return parameter;
}

/** A designation as the expansion may list it. */
type ShownDesignation = { language?: string; use?: { system?: string; code?: string } };

/**
 * `designation` (system|code, repeating): only designations in those languages (urn:ietf:bcp:47|de, exactly)
 * or of those uses are listed; none given, all are.
 */
function designationFilter(tokens: string[]): (d: ShownDesignation) => boolean {
  const wanted = tokens.map((token) => {
    const bar = token.indexOf('|');
    return bar < 0 ? { system: undefined, code: token } : { system: token.slice(0, bar), code: token.slice(bar + 1) };
  });
  return (d) =>
    wanted.length === 0 ||
    wanted.some((w) => (w.system === 'urn:ietf:bcp:47' ? d.language === w.code : d.use !== undefined && d.use.code === w.code && (w.system === undefined || d.use.system === w.system)));
}

/**
 * The properties a member shows: those asked for, and as tx.fhir.org shows them unasked, a stated status other
 * than active and the properties R5 reads from concept extensions (label, order, weight), where the value
 * set's own concept extensions win.
 */
function shownProperties(concept: Concept, listing: ValueSetComposeIncludeConcept | undefined, asked: string[]): string[] {
  const shown = new Set(asked);
  if (concept.status === 'deprecated' || concept.properties.some((p) => p.code === 'status' && p.valueCode !== undefined && p.valueCode !== 'active')) shown.add('status');
  for (const p of concept.properties) if (p.fromExtension) shown.add(p.code);
  for (const code of Object.keys(listedProperties(listing))) shown.add(code);
  return [...shown];
}

/** One member as `expansion.contains` lists it (without its nested members). */
function containsEntry(
  version: VersionEntry,
  concept: Concept,
  listing: ValueSetComposeIncludeConcept | undefined,
  how: { language: string | undefined; includeDesignations: boolean; shown: string[]; wanted: (d: ShownDesignation) => boolean; several: boolean },
): ValueSetExpansionContains {
  const shown = displayIn(concept, how.language, version.language);
  // The value set's notes on a concept it lists (valueset-deprecated, valueset-concept-definition) are echoed.
  const notes = (listing?.extension ?? []).filter((e) => ECHOED_CONCEPT_EXTENSIONS.has(e.url));
  const own = listedProperties(listing);
  const properties = how.shown.flatMap((code) =>
    (own[code] ? [own[code]] : propertyValueElements(concept, code)).map((value) => ({ url: CONTAINS_PROPERTY_EXT, extension: [{ url: 'code', valueCode: code }, { url: 'value', ...value }] })),
  );
  const extension = [...notes, ...((concept.extensions ?? []) as Extension[]), ...properties];
  // A designation shown as the display is not repeated; the display it replaced becomes a designation.
  // The value set's own designations for a concept it lists come after the code system's.
  const designations = [...concept.designations, ...((listing?.designation ?? []) as Concept['designations'])]
    .filter((d) => d !== shown.from)
    .map((d) => {
      // Extensions FHIR defines (coding-sctdescid, standards-status) are repeated; others are not.
      const extension = (d.extension ?? []).filter((e) => e.url.startsWith('http://hl7.org/fhir/StructureDefinition/')) as Extension[];
      return { ...(extension.length > 0 ? { extension } : {}), language: d.language, use: d.use, value: d.value };
    });
  if ((shown.from || shown.value === undefined) && concept.display && version.language) designations.unshift({ language: version.language, use: PREFERRED_FOR_LANGUAGE, value: concept.display });
  return {
    system: version.system.url,
    // As tx.fhir.org: a member names its version only when the expansion holds several of its system.
    ...(version.version !== '' && how.several ? { version: version.version } : {}),
    code: concept.code,
    display: shown.value,
    ...(concept.abstract ? { abstract: true } : {}),
    ...(isInactive(concept) ? { inactive: true } : {}),
    ...(how.includeDesignations && designations.some(how.wanted) ? { designation: designations.filter(how.wanted) } : {}),
    ...(extension.length > 0 ? { extension } : {}),
  };
}

/** R5 `expansion.property` and `contains.property`, as R4 extensions (the FHIR cross-version extensions). */
const EXPANSION_PROPERTY_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.property';
const CONTAINS_PROPERTY_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property';

/** The values of one property of a concept as an expansion shows them, each as a FHIR `value[x]` element. */
function propertyValueElements(concept: Concept, code: string): Record<string, unknown>[] {
  if (code === 'definition') return concept.definition ? [{ valueString: concept.definition }] : [];
  if (code === 'parent') return concept.parentCode ? [{ valueCode: concept.parentCode }] : [];
  // A status the code system gives by extension (standards-status) rather than as a property.
  if (code === 'status' && !concept.properties.some((p) => p.code === 'status')) return concept.status === 'deprecated' ? [{ valueCode: 'deprecated' }] : [];
  return concept.properties
    .filter((p) => p.code === code)
    .map((p) => {
      const { code: _code, ...value } = p as unknown as Record<string, unknown>;
      return Object.fromEntries(Object.entries(value).filter(([k, v]) => k.startsWith('value') && v !== undefined && v !== null));
    })
    .filter((v) => Object.keys(v).length > 0);
}

/** `expansion.property`: a requested property's code and, where a code system used defines it, its uri. */
function expansionProperty(versions: VersionEntry[], code: string): Extension {
  const uri =
    versions.map((v) => v.propertyUris?.[code]).find((u) => !!u) ||
    (code === 'weight' ? 'http://hl7.org/fhir/concept-properties#itemWeight' : FHIR_CONCEPT_PROPERTY_CODES.has(code) ? `http://hl7.org/fhir/concept-properties#${code}` : undefined);
  return { url: EXPANSION_PROPERTY_EXT, extension: [{ url: 'code', valueCode: code }, ...(uri ? [{ url: 'uri', valueUri: uri }] : [])] };
}

/** The properties FHIR defines for every code system (http://hl7.org/fhir/concept-properties). */
const FHIR_CONCEPT_PROPERTY_CODES = new Set(['inactive', 'deprecated', 'notSelectable', 'parent', 'child', 'partOf', 'synonym', 'comment', 'itemWeight', 'status', 'retirementDate', 'deprecationDate', 'definition', 'label', 'order']);

/** Nests the entries of an expansion under their nearest ancestor that is also in it (listed members stay on top). */
function nest(
  members: Member[],
  entries: ValueSetExpansionContains[],
  parentOf: (version: VersionEntry, code: string) => string | null,
): ValueSetExpansionContains[] {
  const at = new Map<string, ValueSetExpansionContains>();
  members.forEach((m, i) => at.set(`${m.version.system.url}|${m.version.version}|${m.concept.code}`, entries[i]!));
  const top: ValueSetExpansionContains[] = [];
  members.forEach((m, i) => {
    let parent: ValueSetExpansionContains | undefined;
    if (!m.listed) {
      const seen = new Set<string>();
      let code = m.concept.parentCode;
      while (code && !seen.has(code)) {
        seen.add(code);
        parent = at.get(`${m.version.system.url}|${m.version.version}|${code}`);
        if (parent) break;
        code = parentOf(m.version, code);
      }
    }
    if (parent) (parent.contains ??= []).push(entries[i]!);
    else top.push(entries[i]!);
  });
  return top;
}

/** The number of distinct versions the value set's includes name, per (primary) system url. */
function namedVersions(vs: ValueSet, snapshot: { system(url: string): { url: string } | undefined }): Map<string, number> {
  const named = new Map<string, Set<string>>();
  for (const inc of vs.compose?.include ?? []) {
    if (!inc.system || inc.version === undefined) continue;
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
function listedConcepts(vs: ValueSet): Map<string, ValueSetComposeIncludeConcept> {
  const out = new Map<string, ValueSetComposeIncludeConcept>();
  for (const inc of vs.compose?.include ?? []) {
    for (const c of inc.concept ?? []) if (inc.system && !out.has(`${inc.system}|${c.code}`)) out.set(`${inc.system}|${c.code}`, c);
  }
  return out;
}

/** The properties a value set gives a concept it lists, from its extensions (valueset-label, valueset-conceptOrder, itemWeight). */
function listedProperties(concept: ValueSetComposeIncludeConcept | undefined): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const e of concept?.extension ?? []) {
    if (e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-label' && e.valueString !== undefined) out.label = { valueString: e.valueString };
    if (e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-conceptOrder' && e.valueInteger !== undefined) out.order = { valueDecimal: e.valueInteger };
    if (e.url === 'http://hl7.org/fhir/StructureDefinition/itemWeight' && e.valueDecimal !== undefined) out.weight = { valueDecimal: e.valueDecimal };
  }
  return out;
}

/**
 * Whether an expansion nests when the request does not say: the value set is one include of one system, and
 * either the whole system (without a text filter) or the hierarchy below one concept (`is-a`, `descendent-of`).
 */
function nestsByDefault(vs: ValueSet, textFilter: boolean): boolean {
  const include = vs.compose?.include ?? [];
  const only = include[0];
  if (include.length !== 1 || only!.system === undefined || only!.concept?.length || only!.valueSet?.length || vs.compose?.exclude?.length) return false;
  const filters = only!.filter ?? [];
  if (filters.length === 0) return !textFilter;
  return filters.length === 1 && (filters[0]!.op === 'is-a' || filters[0]!.op === 'descendent-of') && (filters[0]!.property === 'concept' || filters[0]!.property === 'code');
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

export const valueSetExpand: Operation = { resourceType: 'ValueSet', code: 'expand', definition, handler };
