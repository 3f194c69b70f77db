// Read and search of CodeSystem, ValueSet and ConceptMap (https://hl7.org/fhir/R4/search.html).
// Each code system version is its own CodeSystem resource (id `ncmp-2014`). The search parameters are FHIR's own
// definitions (search-parameters.ts); their values are read once per snapshot, so a search is a filter over
// precomputed values. Unknown parameters, modifiers and malformed values: a 400 naming the parameter.
import type { Bundle, BundleLink, CodeSystem, ConceptMap, Resource, ValueSet } from 'fhir/r4';
import { codeSystemResource, conceptMapResource, valueSetResource } from '../builders/resources';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import type { VersionContent, VersionEntry } from '../terminology/model';
import type { Snapshot } from '../terminology/snapshot';
import { unionSystem } from '../terminology/code-systems';
import { isProvided } from '../terminology/providers';
import { MODIFIERS, searchDefinition, searchDefinitions, type SearchParameterDefinition, type TerminologyResourceType } from './search-parameters';
import { normalise, sortKey, valueMatcher, type NormalisedValue } from './search-values';

export type { TerminologyResourceType } from './search-parameters';

/**
 * Reads one resource by id; a CodeSystem comes with all its concepts. A code system a library answers (UCUM, …) is
 * no resource here: it has no concepts to give, and is listed in TerminologyCapabilities instead.
 */
export async function readResource(snapshot: Snapshot, type: TerminologyResourceType, id: string): Promise<Resource> {
  if (type === 'CodeSystem') {
    const version = snapshot.versionByResourceId(id);
    if (version && !isProvided(version)) return codeSystemResource(version, await snapshot.content(version));
  } else if (type === 'ValueSet') {
    const entry = snapshot.valueSets.find((v) => v.resourceId === id);
    if (entry) return valueSetResource(entry);
  } else {
    const entry = snapshot.conceptMaps.find((m) => m.resourceId === id);
    if (entry) return conceptMapResource(entry);
  }
  throw FhirError.notFound(msg('NCMP_RESOURCE_NOT_FOUND', `${type}/${id}`));
}

type TerminologyResource = CodeSystem | ValueSet | ConceptMap;

/** One resource as searched: as served (CodeSystems without concepts), and its values by parameter code. */
interface Indexed {
  resource: TerminologyResource;
  values: Map<string, NormalisedValue[]>;
  /** The code system version a CodeSystem is (its concept parameters are read on first use, see `conceptValues`). */
  version?: VersionEntry;
}

interface SnapshotIndex {
  byType: Record<TerminologyResourceType, Indexed[]>;
  /** `Type/id` → the resource's canonical, with and without version (a local reference names a canonical). */
  canonicals: Map<string, string[]>;
  /** Set once the concept parameters of every CodeSystem are in `values`. */
  concepts?: Promise<void>;
}

/** The values of a snapshot's resources, computed on its first search (a snapshot's content never changes). */
const INDEXES = new WeakMap<Snapshot, SnapshotIndex>();

function valuesOf(resource: unknown, definitions: readonly SearchParameterDefinition[], into: Map<string, NormalisedValue[]>): void {
  for (const p of definitions) into.set(p.code, normalise(p.type, p.evaluate(resource), p.components));
}

function indexOf(snapshot: Snapshot): SnapshotIndex {
  let index = INDEXES.get(snapshot);
  if (index) return index;
  const build = (type: TerminologyResourceType, resource: TerminologyResource, version?: VersionEntry): Indexed => {
    const values = new Map<string, NormalisedValue[]>();
    valuesOf(resource, searchDefinitions()[type].filter((p) => !p.needsConcepts), values);
    return { resource, values, version };
  };
  const byType: SnapshotIndex['byType'] = {
    // A union system's versions (NKPK) are views of its members' stored versions, and a library's systems have no
    // stored resource: both are readable where they apply, but not listed here.
    CodeSystem: snapshot.systems.filter((s) => !unionSystem(s.url)).flatMap((s) => s.versions.filter((v) => !isProvided(v)).map((v) => build('CodeSystem', codeSystemResource(v, undefined), v))),
    ValueSet: snapshot.valueSets.map((v) => build('ValueSet', valueSetResource(v))),
    ConceptMap: snapshot.conceptMaps.map((m) => build('ConceptMap', conceptMapResource(m))),
  };
  const canonicals = new Map<string, string[]>();
  for (const [type, list] of Object.entries(byType)) {
    for (const { resource: r } of list) {
      if (r.url) canonicals.set(`${type}/${r.id}`, [r.url, ...(r.version ? [`${r.url}|${r.version}`] : [])]);
    }
  }
  index = { byType, canonicals };
  INDEXES.set(snapshot, index);
  return index;
}

/**
 * The values of the concept parameters of one version's concepts (~10 ms of FHIRPath for NCMP's ~900 codes):
 * a version's content is immutable and carried from one snapshot to the next, so they are worked out once.
 */
const CONCEPT_VALUES = new WeakMap<VersionContent, Map<string, NormalisedValue[]>>();

/**
 * Reads the parameters that need a CodeSystem's concepts (`code`, `language`), for every version, once per
 * snapshot. R4's `CodeSystem.concept.code` reads only the top level of a nested hierarchy; what it means is every
 * code of the system, so the expressions read the concepts flat.
 */
function conceptValues(snapshot: Snapshot, index: SnapshotIndex): Promise<void> {
  if (!index.concepts) {
    const definitions = searchDefinitions().CodeSystem.filter((p) => p.needsConcepts);
    index.concepts = Promise.all(
      index.byType.CodeSystem.map(async (entry) => {
        const content = await snapshot.content(entry.version!);
        let values = CONCEPT_VALUES.get(content);
        if (!values) {
          values = new Map();
          const concept = content.ordered.map((c) => ({ code: c.code, ...(c.designations.length > 0 ? { designation: c.designations } : {}) }));
          valuesOf({ resourceType: 'CodeSystem', concept }, definitions, values);
          CONCEPT_VALUES.set(content, values);
        }
        for (const [code, list] of values) entry.values.set(code, list);
      }),
    ).then(() => undefined);
    // A failed read (the database away) is tried again by the next search, not remembered.
    index.concepts.catch(() => (index.concepts = undefined));
  }
  return index.concepts;
}

/** The result parameters (https://hl7.org/fhir/R4/search.html#return) the server applies; each may appear once. */
const RESULT_PARAMETERS = new Set(['_count', '_offset', '_sort', '_summary', '_elements', '_total']);
/** Handled by the HTTP layer, kept in the links. */
const FORMAT_PARAMETERS = new Set(['_format', '_pretty']);
const SUMMARY_VALUES = new Set(['true', 'false', 'text', 'data', 'count']);
const TOTAL_VALUES = new Set(['none', 'estimate', 'accurate']);
const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' };

interface ParsedSearch {
  filters: { code: string; test: (values: NormalisedValue[]) => boolean }[];
  needsConcepts: boolean;
  count?: number;
  offset: number;
  sort: { code: string; descending: boolean }[];
  summaryCount: boolean;
  elements?: string[];
  total: boolean;
  /** The parameters applied, as they go into the Bundle's links (`_summary=true|text|data` is not applied: left out). */
  used: [string, string][];
}

function unsupported(type: TerminologyResourceType, name: string): FhirError {
  const supported = [...searchDefinitions()[type].map((p) => p.code), ...RESULT_PARAMETERS].join(', ');
  return FhirError.notSupported(msg('NCMP_SEARCH_PARAM_UNSUPPORTED', name, type, supported), [name]);
}

function parseSearch(snapshot: Snapshot, type: TerminologyResourceType, query: Record<string, unknown>): ParsedSearch {
  const parsed: ParsedSearch = { filters: [], needsConcepts: false, offset: 0, sort: [], summaryCount: false, total: true, used: [] };
  let resolveLocal: ((reference: string) => string[]) | undefined;
  for (const [name, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.some((v) => typeof v !== 'string')) throw FhirError.invalid(msg('NCMP_SEARCH_PARAM_MALFORMED', name), [name]);
    if (FORMAT_PARAMETERS.has(name)) {
      for (const v of values as string[]) parsed.used.push([name, v]);
      continue;
    }
    if (RESULT_PARAMETERS.has(name)) {
      if (values.length > 1) throw FhirError.invalid(msg('NCMP_SEARCH_PARAM_REPEATED', name), [name]);
      resultParameter(type, name, values[0] as string, parsed);
      continue;
    }
    const colon = name.indexOf(':');
    const code = colon < 0 ? name : name.slice(0, colon);
    const modifier = colon < 0 ? undefined : name.slice(colon + 1);
    const definition = searchDefinition(type, code);
    if (!definition) {
      if (code.includes('.')) throw FhirError.notSupported(msg('NCMP_SEARCH_CHAIN_UNSUPPORTED', name), [name]);
      throw unsupported(type, name);
    }
    if (modifier !== undefined && !MODIFIERS[definition.type].includes(modifier) && !definition.targets.includes(modifier)) {
      throw FhirError.notSupported(msg('NCMP_SEARCH_MODIFIER_UNSUPPORTED', code, modifier, definition.type, [...MODIFIERS[definition.type], ...definition.targets].map((m) => `:${m}`).join(', ')), [name]);
    }
    resolveLocal ??= (reference) => indexOf(snapshot).canonicals.get(reference) ?? [];
    for (const v of values as string[]) {
      parsed.filters.push({ code, test: valueMatcher(definition.type, { name, modifier, resolveLocal }, v, definition.components) });
      parsed.used.push([name, v]);
    }
    parsed.needsConcepts ||= definition.needsConcepts;
  }
  return parsed;
}

function resultParameter(type: TerminologyResourceType, name: string, value: string, parsed: ParsedSearch): void {
  const invalid = (hint: string): FhirError => FhirError.invalid(msg('NCMP_SEARCH_VALUE_INVALID', name, value, hint), [name]);
  switch (name) {
    case '_count':
      if (!/^\d{1,4}$/.test(value)) throw invalid('a whole number up to 9999');
      parsed.count = Number(value);
      break;
    case '_offset':
      if (!/^\d{1,6}$/.test(value)) throw invalid('a whole number up to 999999');
      parsed.offset = Number(value);
      break;
    case '_sort':
      for (const key of value.split(',')) {
        const code = key.startsWith('-') ? key.slice(1) : key;
        const definition = searchDefinition(type, code);
        if (!definition || definition.type === 'composite') throw invalid(`sort by ${searchDefinitions()[type].filter((p) => p.type !== 'composite').map((p) => p.code).join(', ')}, each optionally with -`);
        parsed.sort.push({ code, descending: key.startsWith('-') });
        parsed.needsConcepts ||= definition.needsConcepts;
      }
      break;
    case '_summary':
      if (!SUMMARY_VALUES.has(value)) throw invalid('use true, false, text, data or count');
      // Only `count` changes the answer: a CodeSystem in a search is already without its concepts, and FHIR lets a
      // server answer the others in full (so they are left out of the links).
      if (value !== 'count') return;
      parsed.summaryCount = true;
      break;
    case '_elements': {
      const elements = value.split(',');
      if (elements.some((e) => !/^[a-z][A-Za-z0-9]*$/.test(e))) throw invalid('a comma-separated list of top-level element names');
      parsed.elements = elements;
      break;
    }
    case '_total':
      if (!TOTAL_VALUES.has(value)) throw invalid('use none, estimate or accurate');
      parsed.total = value !== 'none';
      break;
  }
  parsed.used.push([name, value]);
}

function compareBy(sort: ParsedSearch['sort']): (a: Indexed, b: Indexed) => number {
  const keyOf = (entry: Indexed, code: string, descending: boolean): string | number | undefined => {
    const keys = (entry.values.get(code) ?? []).map((v) => sortKey(v, descending)).filter((k) => k !== undefined);
    if (keys.length === 0) return undefined;
    // Ascending by the lowest value a resource has, descending by its highest (R4 3.1.1.4.3).
    return keys.reduce((best, k) => ((descending ? k > best : k < best) ? k : best));
  };
  return (a, b) => {
    for (const { code, descending } of sort) {
      const x = keyOf(a, code, descending);
      const y = keyOf(b, code, descending);
      if (x === y) continue;
      // Resources without a value come last either way.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  };
}

function withElements(resource: TerminologyResource, elements: string[]): TerminologyResource {
  const kept: Record<string, unknown> = { resourceType: resource.resourceType, id: resource.id };
  for (const e of elements) if ((resource as unknown as Record<string, unknown>)[e] !== undefined) kept[e] = (resource as unknown as Record<string, unknown>)[e];
  kept.meta = { ...resource.meta, tag: [...(resource.meta?.tag ?? []), SUBSETTED] };
  return kept as unknown as TerminologyResource;
}

function link(relation: string, path: string, used: [string, string][], offset?: number): BundleLink {
  const params = used.filter(([name]) => name !== '_offset');
  if (offset !== undefined && offset > 0) params.push(['_offset', String(offset)]);
  const query = params.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
  return { relation, url: query === '' ? path : `${path}?${query}` };
}

/**
 * Searches one resource type; answers a searchset Bundle (CodeSystems without concepts). Its `self` link names the
 * parameters applied; with `_count`, `first`, `previous`, `next` and `last` page through the matches by `_offset`.
 */
export async function searchResources(snapshot: Snapshot, type: TerminologyResourceType, query: Record<string, unknown>, selfUrl: string, baseUrl: string): Promise<Bundle> {
  const search = parseSearch(snapshot, type, query);
  const index = indexOf(snapshot);
  if (search.needsConcepts) await conceptValues(snapshot, index);
  let matches = index.byType[type].filter((entry) => search.filters.every((f) => f.test(entry.values.get(f.code) ?? [])));
  if (search.sort.length > 0) matches = [...matches].sort(compareBy(search.sort));
  const path = selfUrl.split('?')[0]!;
  const links = [link('self', path, search.used, search.offset)];
  const size = search.count;
  if (size !== undefined && size > 0 && !search.summaryCount) {
    const last = Math.max(0, Math.floor((matches.length - 1) / size) * size);
    links.push(link('first', path, search.used, 0));
    if (search.offset > 0) links.push(link('previous', path, search.used, Math.max(0, search.offset - size)));
    if (search.offset + size < matches.length) links.push(link('next', path, search.used, search.offset + size));
    links.push(link('last', path, search.used, last));
  }
  const page = search.summaryCount ? [] : matches.slice(search.offset, size === undefined ? undefined : search.offset + size);
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(search.total ? { total: matches.length } : {}),
    link: links,
    entry: page.map(({ resource }) => ({
      fullUrl: `${baseUrl}/${type}/${resource.id}`,
      resource: search.elements ? withElements(resource, search.elements) : resource,
      search: { mode: 'match' },
    })),
  };
}
