import type { ValueSet, ValueSetComposeInclude } from 'fhir/r4';
import { FhirError } from '../fhir/outcome';
import { isWithdrawn, type Concept, type ValueSetEntry, type VersionContent, type VersionEntry } from './model';
import { todayInNorway } from './dates';
import { noContentText } from './find';
import { compileRegex } from './regex';
import { covers, resolutionFailureText, resolveVersion, splitCanonical } from './resolve';
import type { Snapshot } from './terminology';

/** One member of an expansion. */
export interface Member {
  version: VersionEntry;
  concept: Concept;
}

/** A computed expansion: members keyed `system|code`, and what it was computed from. */
export interface Expansion {
  members: Map<string, Member>;
  /** Every code system version the expansion used. */
  usedVersions: VersionEntry[];
  /** Fragment versions included whole: the expansion is incomplete for them. */
  wholeFragments: VersionEntry[];
}

const MAX_DEPTH = 8;

const key = (system: string, code: string): string => `${system}|${code}`;

/** The period a value set is meant for: the intersection of the periods of the system versions it pins. */
function pinnedVersions(snapshot: Snapshot, vs: ValueSet): VersionEntry[] {
  const out: VersionEntry[] = [];
  for (const inc of vs.compose?.include ?? []) {
    if (!inc.system || !inc.version) continue;
    const system = snapshot.system(inc.system);
    const v = system?.versions.find((x) => x.version === inc.version);
    if (v) out.push(v);
  }
  return out;
}

/**
 * Resolves a value set by canonical url (and `valueSetVersion` or `url|version`): an explicit version must
 * exist; otherwise the newest version whose pinned code system versions are in force on `date`.
 */
export function resolveValueSet(snapshot: Snapshot, canonical: string, version: string | undefined, date: string | undefined): ValueSetEntry {
  const { url, version: pinned } = splitCanonical(canonical);
  const wanted = version ?? pinned;
  const candidates = snapshot.valueSets.filter((v) => v.url === url);
  if (candidates.length === 0) {
    throw FhirError.notFound(`A definition for the ValueSet '${url}' could not be found`, ['url']);
  }
  if (wanted !== undefined) {
    const found = candidates.find((v) => v.version === wanted);
    if (!found) {
      // tx.fhir.org's wording, without a location: the version may come from the url or valueSetVersion.
      throw FhirError.notFound(`A definition for the value Set '${url}|${wanted}' could not be found`);
    }
    return found;
  }
  const when = date ?? todayInNorway();
  const ranked = candidates
    .map((entry) => ({ entry, pins: pinnedVersions(snapshot, entry.resource) }))
    .sort((a, b) => {
      const fa = a.pins.map((p) => p.effectiveFrom ?? '').sort().at(-1) ?? '';
      const fb = b.pins.map((p) => p.effectiveFrom ?? '').sort().at(-1) ?? '';
      return fa.localeCompare(fb) || (a.entry.version ?? '').localeCompare(b.entry.version ?? '');
    });
  const inForce = ranked.filter((r) => r.pins.every((p) => covers(p, when)));
  return (inForce.at(-1) ?? ranked.at(-1)!).entry;
}

function descendants(content: VersionContent, code: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(content.byCode.get(code)?.children ?? [])];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (out.has(c)) continue;
    out.add(c);
    stack.push(...(content.byCode.get(c)?.children ?? []));
  }
  return out;
}

function propertyValues(concept: Concept, property: string): string[] {
  if (property === 'code' || property === 'concept') return [concept.code];
  if (property === 'display') return concept.display ? [concept.display] : [];
  if (property === 'notSelectable' || property === 'abstract') return [String(concept.abstract)];
  if (property === 'status') return [concept.status];
  if (property === 'inactive') {
    const explicit = concept.properties.find((p) => p.code === 'inactive');
    return [String(explicit?.valueBoolean ?? concept.status !== 'active')];
  }
  if (property === 'parent') return concept.parentCode ? [concept.parentCode] : [];
  return concept.properties
    .filter((p) => p.code === property)
    .map((p) => {
      const v = p.valueCode ?? p.valueString ?? p.valueCoding?.code ?? p.valueDateTime ?? p.valueBoolean ?? p.valueInteger ?? p.valueDecimal;
      return v === undefined ? '' : String(v);
    });
}

/** A value-set filter as the compose gives it (`value` may be missing in a resource sent inline). */
interface Filter {
  property: string;
  op: string;
  value?: string;
}

function filterPredicate(content: VersionContent, system: string, f: Filter, at: string): (c: Concept) => boolean {
  if (f.value === undefined && f.op !== 'exists') {
    throw new FhirError(400, {
      severity: 'error',
      code: 'invalid',
      txType: 'vs-invalid',
      text: `The system ${system} filter with property = ${f.property}, op = ${f.op} has no value`,
      expression: [at],
    });
  }
  return predicateOf(content, { ...f, value: f.value ?? '' });
}

function predicateOf(content: VersionContent, f: Required<Filter>): (c: Concept) => boolean {
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
      return (c) => propertyValues(c, f.property).includes(f.value);
    case 'in': {
      const values = new Set(f.value.split(',').map((s) => s.trim()));
      return (c) => propertyValues(c, f.property).some((v) => values.has(v));
    }
    case 'not-in': {
      const values = new Set(f.value.split(',').map((s) => s.trim()));
      return (c) => !propertyValues(c, f.property).some((v) => values.has(v));
    }
    case 'regex': {
      // RE2: linear time whatever the pattern, so a stored or inline filter cannot pin the server.
      const re = compileRegex(f.value);
      if (re.problem !== undefined) throw FhirError.invalid(`The regex filter '${f.value}' (property '${f.property}') ${re.problem}`);
      return (c) => propertyValues(c, f.property).some(re.match);
    }
    case 'exists': {
      const want = f.value !== 'false';
      return (c) => (propertyValues(c, f.property).filter((v) => v !== '').length > 0) === want;
    }
    case 'generalizes': {
      return (c) => {
        let cur: Concept | undefined = content.byCode.get(f.value);
        while (cur) {
          if (cur.code === c.code) return true;
          cur = cur.parentCode ? content.byCode.get(cur.parentCode) : undefined;
        }
        return false;
      };
    }
    default:
      throw FhirError.notSupported(`Value set filter operator '${f.op}' (property '${f.property}') is not supported`);
  }
}

async function evaluateInclude(
  snapshot: Snapshot,
  inc: ValueSetComposeInclude,
  date: string | undefined,
  depth: number,
  used: Set<VersionEntry>,
  wholeFragments: Set<VersionEntry>,
  at: string,
): Promise<Map<string, Member>> {
  let result: Map<string, Member> | undefined;
  if (inc.system) {
    const resolution = resolveVersion(snapshot, { system: inc.system, version: inc.version, date });
    if (resolution.kind !== 'found') {
      throw new FhirError(422, {
        severity: 'error',
        code: 'not-found',
        txType: 'not-found',
        text: `The value set cannot be expanded: ${resolutionFailureText(resolution)}`,
      });
    }
    const version = resolution.version;
    if (version.content === 'not-present') {
      throw new FhirError(422, { severity: 'error', code: 'not-found', txType: 'not-found', text: `The value set cannot be expanded: ${noContentText(version)}` });
    }
    used.add(version);
    const content = await snapshot.content(version);
    let concepts: Concept[];
    if (inc.concept && inc.concept.length > 0) {
      concepts = inc.concept.map((c) => content.byCode.get(c.code)).filter((c): c is Concept => c !== undefined);
    } else {
      concepts = content.ordered;
    }
    const filters = inc.filter ?? [];
    filters.forEach((f, j) => {
      concepts = concepts.filter(filterPredicate(content, version.system.url, f, `${at}.filter[${j}]`));
    });
    const onlySelectable = filters.every((f) => (f.property === 'notSelectable' || f.property === 'abstract') && f.op === '=');
    if (version.content === 'fragment' && !inc.concept?.length && onlySelectable) wholeFragments.add(version);
    result = new Map();
    for (const c of concepts) {
      if (!isWithdrawn(c)) result.set(key(version.system.url, c.code), { version, concept: c });
    }
  }
  for (const ref of inc.valueSet ?? []) {
    if (depth >= MAX_DEPTH) throw FhirError.invalid(`Value set imports are nested deeper than ${MAX_DEPTH} levels`);
    const nested = resolveValueSet(snapshot, ref, undefined, date);
    const expansion = await computeExpansion(snapshot, nested.resource, date, depth + 1);
    expansion.usedVersions.forEach((v) => used.add(v));
    expansion.wholeFragments.forEach((v) => wholeFragments.add(v));
    if (result === undefined) result = new Map(expansion.members);
    else for (const k of [...result.keys()]) if (!expansion.members.has(k)) result.delete(k);
  }
  return result ?? new Map();
}

/** Evaluates a value set's compose (include minus exclude) as of a date. */
export async function computeExpansion(snapshot: Snapshot, vs: ValueSet, date: string | undefined, depth = 0): Promise<Expansion> {
  if (!vs.compose) {
    if (vs.expansion?.contains) {
      throw FhirError.notSupported(`ValueSet '${vs.url ?? vs.id}' has only a stored expansion and no compose; it cannot be evaluated`);
    }
    throw FhirError.invalid(`ValueSet '${vs.url ?? vs.id}' has no compose definition`);
  }
  const used = new Set<VersionEntry>();
  const wholeFragments = new Set<VersionEntry>();
  const members = new Map<string, Member>();
  for (const [i, inc] of vs.compose.include.entries()) {
    for (const [k, m] of await evaluateInclude(snapshot, inc, date, depth, used, wholeFragments, `ValueSet.compose.include[${i}]`)) members.set(k, m);
  }
  for (const [i, exc] of (vs.compose.exclude ?? []).entries()) {
    for (const k of (await evaluateInclude(snapshot, exc, date, depth, used, new Set(), `ValueSet.compose.exclude[${i}]`)).keys()) members.delete(k);
  }
  return { members, usedVersions: [...used], wholeFragments: [...wholeFragments] };
}

/**
 * What an expansion depends on besides the value set: the code system version each include resolves to
 * on `date` (pinned includes always resolve the same). Two dates in force under the same versions share
 * one cached expansion, so arbitrary dates cannot grow the cache.
 */
function resolvedVersionsKey(snapshot: Snapshot, vs: ValueSet, date: string | undefined, depth = 0): string {
  if (depth > MAX_DEPTH) return 'deep';
  const parts: string[] = [];
  for (const inc of [...(vs.compose?.include ?? []), ...(vs.compose?.exclude ?? [])]) {
    if (inc.system) {
      const r = resolveVersion(snapshot, { system: inc.system, version: inc.version, date });
      parts.push(r.kind === 'found' ? String(r.version.id) : r.kind);
    }
    for (const ref of inc.valueSet ?? []) {
      try {
        const nested = resolveValueSet(snapshot, ref, undefined, date);
        parts.push(`${nested.id}(${resolvedVersionsKey(snapshot, nested.resource, date, depth + 1)})`);
      } catch {
        parts.push('missing');
      }
    }
  }
  return parts.join(',');
}

/** The expansion of a stored value set, computed once per snapshot and set of resolved versions. */
export async function expansionOf(snapshot: Snapshot, entry: ValueSetEntry, date: string | undefined): Promise<Expansion> {
  const key = `expansion:${entry.id}:${resolvedVersionsKey(snapshot, entry.resource, date)}`;
  return snapshot.derived(key, () => computeExpansion(snapshot, entry.resource, date));
}
