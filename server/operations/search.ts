// Read and search of CodeSystem, ValueSet and ConceptMap (https://hl7.org/fhir/R4/http.html#search).
// Each code system version is its own CodeSystem resource (id `ncmp-2014`). Unknown search parameters: 400.
import type { Bundle, CodeSystem, ConceptMap, Resource, ValueSet } from 'fhir/r4';
import { SEARCH_PARAMETERS } from '../builders/capabilities';
import { codeSystemResource, conceptMapResource, valueSetResource } from '../builders/resources';
import { FhirError } from '../terminology/issues';
import { textMatches } from '../terminology/text-search';
import { parseFhirDate } from '../terminology/dates';
import type { Snapshot } from '../terminology/snapshot';

export type TerminologyResourceType = keyof typeof SEARCH_PARAMETERS;

/** Reads one resource by id; a CodeSystem comes with all its concepts. */
export async function readResource(snapshot: Snapshot, type: TerminologyResourceType, id: string): Promise<Resource> {
  if (type === 'CodeSystem') {
    const version = snapshot.versionByResourceId(id);
    if (version) return codeSystemResource(version, await snapshot.content(version));
  } else if (type === 'ValueSet') {
    const entry = snapshot.valueSets.find((v) => v.resourceId === id);
    if (entry) return valueSetResource(entry);
  } else {
    const entry = snapshot.conceptMaps.find((m) => m.resourceId === id);
    if (entry) return conceptMapResource(entry);
  }
  throw FhirError.notFound(`${type}/${id} is not known to this server`);
}

type Predicate = (resource: CodeSystem | ValueSet | ConceptMap) => boolean;

function datePredicate(raw: string): Predicate {
  // `[\s\S]*`, not `.+`: an empty value or one ending in CR/LF must reach the 400 below, not fail to match.
  const m = /^(eq|ne|lt|gt|le|ge|sa|eb)?([\s\S]*)$/.exec(raw);
  const prefix = m?.[1] ?? 'eq';
  const parsed = m?.[2] ? parseFhirDate(m[2]) : undefined;
  if (!parsed || !['eq', 'ne', 'lt', 'gt', 'le', 'ge'].includes(prefix)) {
    throw FhirError.invalid(`Search parameter 'date' has an invalid value '${raw}' (use e.g. ge2014-01-01)`, ['date']);
  }
  const { date, precision } = parsed;
  return (r) => {
    const value = r.date?.slice(0, precision);
    if (!value) return false;
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

function predicate(type: TerminologyResourceType, name: string, value: string): Predicate {
  const any = (values: (string | undefined)[]): boolean => value.split(',').some((v) => values.includes(v));
  const stringMatch = (s: string | undefined): boolean => value.split(',').some((v) => textMatches(s, v));
  switch (name) {
    case '_id': return (r) => any([r.id]);
    case 'url':
    case 'system': return (r) => any([r.url]);
    case 'version': return (r) => any([r.version]);
    case 'name': return (r) => stringMatch(r.name);
    case 'title': return (r) => stringMatch(r.title);
    case 'status': return (r) => any([r.status]);
    case 'date': return datePredicate(value);
    case 'content-mode': return (r) => any([(r as CodeSystem).content]);
    case 'source':
    case 'source-uri': return (r) => any([(r as ConceptMap).sourceUri, (r as ConceptMap).sourceCanonical]);
    case 'target':
    case 'target-uri': return (r) => any([(r as ConceptMap).targetUri, (r as ConceptMap).targetCanonical]);
    case 'source-system': return (r) => any(((r as ConceptMap).group ?? []).map((g) => g.source));
    case 'target-system': return (r) => any(((r as ConceptMap).group ?? []).map((g) => g.target));
    default: throw FhirError.notSupported(`Search parameter '${name}' is not supported for ${type}`, [name]);
  }
}

/** Searches one resource type; answers a searchset Bundle (CodeSystems without concepts, as `_summary`). */
export function searchResources(snapshot: Snapshot, type: TerminologyResourceType, query: Record<string, unknown>, selfUrl: string, baseUrl: string): Bundle {
  const known = new Set(SEARCH_PARAMETERS[type].map((p) => p.name));
  const predicates: Predicate[] = [];
  let count: number | undefined;
  for (const [name, raw] of Object.entries(query)) {
    if (name === '_format' || name === '_pretty' || name === '_summary') continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.some((v) => typeof v !== 'string')) throw FhirError.invalid(`Search parameter '${name}' has a malformed value`, [name]);
    if (name === '_count') {
      const n = Number(values[0]);
      if (!/^\d{1,4}$/.test(String(values[0]))) throw FhirError.invalid(`_count must be a whole number up to 9999`, ['_count']);
      count = n;
      continue;
    }
    const base = name.replace(/:(exact|contains|missing|below|above|not)$/, '');
    if (!known.has(base)) {
      throw FhirError.notSupported(`Search parameter '${name}' is not supported for ${type}; supported: ${[...known].join(', ')}, _count`, [name]);
    }
    for (const v of values as string[]) predicates.push(predicate(type, base, v));
  }
  let resources: (CodeSystem | ValueSet | ConceptMap)[];
  if (type === 'CodeSystem') resources = snapshot.systems.flatMap((s) => s.versions.map((v) => codeSystemResource(v, undefined)));
  else if (type === 'ValueSet') resources = snapshot.valueSets.map(valueSetResource);
  else resources = snapshot.conceptMaps.map(conceptMapResource);
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
