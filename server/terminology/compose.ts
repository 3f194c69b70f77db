import type { ValueSet, ValueSetComposeInclude } from 'fhir/r4';
import { FhirError } from './issues';
import { isInactive, isWithdrawn, type Concept, type ValueSetEntry, type VersionEntry } from './model';
import { todayInNorway } from './dates';
import { noContentText } from './find';
import { msg, type Message } from './messages';
import { canonical, compareVersions, covers, resolutionFailure, resolveVersion, splitCanonical, type AppliedVersionParameter } from './resolve';
import type { Snapshot } from './snapshot';
import { filterPredicate } from './filters';

/** One member of an expansion. */
export interface Member {
  version: VersionEntry;
  concept: Concept;
  /** Named in an include's concept list (an enumerated member is never nested under another). */
  listed?: boolean;
  /** From an include that names its version (listed before a versionless include's, as tx.fhir.org lists them). */
  pinned?: boolean;
}

/** A computed expansion: members keyed `system|code`, and what it was computed from. */
export interface Expansion {
  members: Map<string, Member>;
  /** Every member in every version: a value set that includes two versions of a system lists a code of both. */
  entries: Member[];
  /** Every code system version the expansion used. */
  usedVersions: VersionEntry[];
  /** Fragment versions included whole: the expansion is incomplete for them. */
  wholeFragments: VersionEntry[];
  /** Value sets imported by this one (`compose.include.valueSet`), at any depth. */
  usedValueSets: ValueSet[];
  /** The request's version parameters that chose a version (echoed in `expansion.parameter`). */
  applied: AppliedVersionParameter[];
  /** Includes left out because their code system version does not exist (only when computed leniently). */
  unresolved: ({ system: string; version: string } & Message)[];
  /** Lenient mode: value sets an include imports that are not known (their members are unknown). */
  unresolvedValueSets: { url: string; message: Message }[];
  /** Members of two versions were matched by code (`versionsMatch`, echoed by $expand). */
  matchedAcrossVersions: boolean;
}

/** How an expansion treats an include whose version cannot be had: refuse (for $expand) or record it ($validate-code). */
export interface ExpansionMode {
  lenient: boolean;
  /**
   * The codes a validation asks about. A grammar (UCUM, BCP-47) included whole cannot be listed; with these, it
   * contributes those of them it accepts, which is all a membership check needs (see `GrammarExpansionError`).
   */
  codes?: ReadonlySet<string>;
}

/**
 * A value set that includes a whole grammar (UCUM, BCP-47) cannot be expanded: tx.fhir.org refuses it as too costly.
 * A `$validate-code` that meets it computes the expansion again with its codes (`ExpansionMode.codes`).
 */
export class GrammarExpansionError extends FhirError {
  constructor(system: string) {
    super(422, {
      severity: 'error',
      code: 'too-costly',
      txType: null,
      ...msg('NCMP_GRAMMAR_NOT_ENUMERABLE', system),
    });
  }
}

/** What the includes of one expansion have collected so far. */
interface Collected {
  used: Set<VersionEntry>;
  usedValueSets: Map<string, ValueSet>;
  wholeFragments: Set<VersionEntry>;
  applied: Map<string, AppliedVersionParameter>;
  unresolved: Expansion['unresolved'];
  unresolvedValueSets: Expansion['unresolvedValueSets'];
}

const MAX_DEPTH = 8;

const key = (system: string, code: string): string => `${system}|${code}`;
/** The key of a member in one version (includes of two versions of a system keep both). */
const versionedKey = (m: Member): string => `${m.version.system.url}|${m.version.version}|${m.concept.code}`;

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
export function resolveValueSet(snapshot: Snapshot, canonical: string, version: string | undefined, date: string | undefined, imported = false): ValueSetEntry {
  const { url, version: pinned } = splitCanonical(canonical);
  const wanted = version ?? pinned ?? snapshot.policy.valueSetDefaults.get(url);
  const candidates = snapshot.valueSets.filter((v) => v.url === url);
  if (candidates.length === 0) {
    throw FhirError.notFound(msg('Unable_to_resolve_value_Set_', url));
  }
  if (wanted !== undefined) {
    const found = candidates.find((v) => v.version === wanted);
    if (!found) {
      // tx.fhir.org's wording, without a location: the version may come from the url or valueSetVersion.
      throw FhirError.notFound(imported ? msg('VS_EXP_IMPORT_UNK_PINNED', url, wanted) : msg('Unable_to_resolve_value_Set_', `${url}|${wanted}`));
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

/** A value set as a cycle check names it: `url|version`, or its id for one without a url. */
function valueSetLabel(vs: ValueSet): string {
  return vs.url ? canonical(vs.url, vs.version) : `#${vs.id ?? ''}`;
}

/**
 * The value set an include imports: `#id` is a ValueSet contained in the value set being evaluated (or in
 * the one that contains it); anything else a canonical the server knows.
 */
function importedValueSet(snapshot: Snapshot, ref: string, date: string | undefined, scope: ValueSet): { url?: string | null; version?: string | null; resource: ValueSet } {
  if (!ref.startsWith('#')) return resolveValueSet(snapshot, ref, undefined, date, true);
  const found = (scope.contained ?? []).find((r): r is ValueSet => r.resourceType === 'ValueSet' && r.id === ref.slice(1));
  if (!found) throw FhirError.notFound(msg('NCMP_CONTAINED_VALUESET_NOT_FOUND', ref));
  return { url: found.url, version: found.version, resource: found };
}

async function evaluateInclude(
  snapshot: Snapshot,
  inc: ValueSetComposeInclude,
  date: string | undefined,
  /** The value sets being evaluated, outermost first (`url|version`): an import of one of them is a cycle. */
  chain: string[],
  collected: Collected,
  at: string,
  mode: ExpansionMode,
  scope: ValueSet,
): Promise<Map<string, Member>> {
  let result: Map<string, Member> | undefined;
  if (inc.system) {
    const resolution = resolveVersion(snapshot, { system: inc.system, version: inc.version, date });
    if (resolution.kind === 'unknown-version' && mode.lenient) {
      collected.unresolved.push({ system: resolution.system.url, version: resolution.version, ...resolutionFailure(resolution) });
      return new Map();
    }
    if (resolution.kind === 'unknown-system' && mode.lenient) {
      collected.unresolved.push({ system: resolution.system, version: '', ...resolutionFailure(resolution) });
      return new Map();
    }
    if (resolution.kind === 'unknown-version') {
      throw new FhirError(400, { severity: 'error', code: 'not-found', txType: 'not-found', ...resolutionFailure(resolution, 'expand') });
    }
    if (resolution.kind !== 'found') {
      throw new FhirError(422, {
        severity: 'error',
        code: 'not-found',
        txType: 'not-found',
        ...msg('NCMP_VALUESET_CANNOT_BE_EXPANDED', resolutionFailure(resolution).text),
      });
    }
    if (resolution.checkFailure && !mode.lenient) {
      throw new FhirError(400, { severity: 'error', code: 'exception', txType: 'version-error', ...resolution.checkFailure });
    }
    for (const a of resolution.applied) collected.applied.set(`${a.name}|${a.canonical}`, a);
    const version = resolution.version;
    if (version.content === 'not-present') {
      throw new FhirError(422, { severity: 'error', code: 'not-found', txType: 'not-found', ...msg('NCMP_VALUESET_CANNOT_BE_EXPANDED', noContentText(version)) });
    }
    collected.used.add(version);
    const content = await snapshot.content(version);
    const grammar = content.enumerable === false && !inc.concept?.length;
    if (grammar && !mode.codes) throw new GrammarExpansionError(version.system.url);
    let concepts: Concept[];
    if (inc.concept && inc.concept.length > 0) {
      concepts = inc.concept.map((c) => content.byCode.get(c.code)).filter((c): c is Concept => c !== undefined);
    } else if (grammar) {
      concepts = [...(mode.codes ?? [])].map((code) => content.byCode.get(code)).filter((c): c is Concept => c !== undefined);
    } else {
      concepts = content.ordered;
    }
    const filters = inc.filter ?? [];
    filters.forEach((f, j) => {
      concepts = concepts.filter(filterPredicate(content, version, f, `${at}.filter[${j}]`));
    });
    const onlySelectable = filters.every((f) => (f.property === 'notSelectable' || f.property === 'abstract') && f.op === '=');
    if (version.content === 'fragment' && !inc.concept?.length && onlySelectable) collected.wholeFragments.add(version);
    result = new Map();
    for (const c of concepts) {
      if (!isWithdrawn(c)) {
        const member: Member = { version, concept: c, ...(inc.concept?.length ? { listed: true } : {}), ...(inc.version !== undefined ? { pinned: true } : {}) };
        result.set(versionedKey(member), member);
      }
    }
  }
  for (const ref of inc.valueSet ?? []) {
    if (chain.length > MAX_DEPTH) throw FhirError.invalid(msg('NCMP_IMPORTS_TOO_DEEP', MAX_DEPTH));
    let nested: ReturnType<typeof importedValueSet>;
    try {
      nested = importedValueSet(snapshot, ref, date, scope);
    } catch (e) {
      if (!mode.lenient || !(e instanceof FhirError) || e.status !== 404) throw e;
      // Validation goes on without it: nothing is known to be in the import (tx.fhir.org's wording).
      const fallback = splitCanonical(ref).version === undefined ? snapshot.policy.valueSetDefaults.get(ref) : undefined;
      const shown = canonical(ref, fallback);
      collected.unresolvedValueSets.push({ url: ref, message: msg('Unable_to_resolve_value_Set_', shown) });
      result = new Map();
      continue;
    }
    const label = valueSetLabel(nested.resource);
    if (chain.includes(label)) {
      throw new FhirError(400, {
        severity: 'error',
        code: 'processing',
        txType: 'vs-invalid',
        ...msg('VALUESET_CIRCULAR_REFERENCE', label, [...chain.slice(chain.indexOf(label)), label].join(' → ')),
      });
    }
    const expansion = await computeExpansion(snapshot, nested.resource, date, mode, chain, ref.startsWith('#') ? scope : undefined);
    if (!ref.startsWith('#')) collected.usedValueSets.set(`${nested.url}|${nested.version ?? ''}`, nested.resource);
    expansion.usedValueSets.forEach((v) => collected.usedValueSets.set(`${v.url}|${v.version ?? ''}`, v));
    expansion.usedVersions.forEach((v) => collected.used.add(v));
    expansion.wholeFragments.forEach((v) => collected.wholeFragments.add(v));
    expansion.applied.forEach((a) => collected.applied.set(`${a.name}|${a.canonical}`, a));
    collected.unresolved.push(...expansion.unresolved);
    collected.unresolvedValueSets.push(...expansion.unresolvedValueSets);
    if (result === undefined) result = new Map(expansion.entries.map((m) => [versionedKey(m), m]));
    else for (const [k, m] of [...result]) if (!expansion.members.has(key(m.version.system.url, m.concept.code))) result.delete(k);
  }
  return result ?? new Map();
}

/** Evaluates a value set's compose (include minus exclude) as of a date. */
export async function computeExpansion(
  snapshot: Snapshot,
  vs: ValueSet,
  date: string | undefined,
  mode: ExpansionMode = { lenient: false },
  /** The value sets whose evaluation imports this one, outermost first. */
  outer: string[] = [],
  /** The value set that contains `vs`, when `vs` is one of its contained resources. */
  container?: ValueSet,
): Promise<Expansion> {
  const chain = [...outer, valueSetLabel(vs)];
  if (!vs.compose) {
    if (vs.expansion?.contains) {
      throw FhirError.notSupported(msg('NCMP_VALUESET_EXPANSION_ONLY', String(vs.url ?? vs.id)));
    }
    throw FhirError.invalid(msg('NCMP_VALUESET_NO_COMPOSE', String(vs.url ?? vs.id)));
  }
  // A value set that requires a supplement (`valueset-supplement`) cannot be evaluated without it (tx.fhir.org).
  for (const ext of vs.extension ?? []) {
    if (ext.url !== 'http://hl7.org/fhir/StructureDefinition/valueset-supplement' || !ext.valueCanonical) continue;
    const { url, version } = splitCanonical(ext.valueCanonical);
    const known = snapshot.system(url)?.versions.some((v) => v.content === 'supplement' && (version === undefined || v.version === version));
    if (!known) throw new FhirError(404, { severity: 'error', code: 'not-found', txType: 'not-found', ...msg('VALUESET_SUPPLEMENT_MISSING', ext.valueCanonical) });
  }
  const collected: Collected = { used: new Set(), usedValueSets: new Map(), wholeFragments: new Set(), applied: new Map(), unresolved: [], unresolvedValueSets: [] };
  const all = new Map<string, Member>();
  const versionsMatch = composeParameter(vs, 'versionsMatch');
  let matchedAcrossVersions = versionsMatch === 'true';
  for (const [i, inc] of vs.compose.include.entries()) {
    for (const [k, m] of await evaluateInclude(snapshot, inc, date, chain, collected, `ValueSet.compose.include[${i}]`, mode, container ?? vs)) all.set(k, m);
  }
  // compose.inactive = false: the value set leaves out inactive codes.
  if (vs.compose.inactive === false) for (const [k, m] of all) if (isInactive(m.concept)) all.delete(k);
  for (const [i, exc] of (vs.compose.exclude ?? []).entries()) {
    const excluded = await evaluateInclude(snapshot, exc, date, chain, { ...collected, wholeFragments: new Set() }, `ValueSet.compose.exclude[${i}]`, mode, container ?? vs);
    // As tx.fhir.org: an excluded code leaves the version the exclude names when the value set includes
    // that version; when it does not, the code leaves every version of its system (and the expansion says
    // versionsMatch=true), unless the value set's expansion parameter `versionsMatch` is false.
    const includedVersions = new Set([...all.values()].map((m) => m.version));
    const codes = new Set<string>();
    for (const m of excluded.values()) if (versionsMatch !== 'false' && !includedVersions.has(m.version)) codes.add(key(m.version.system.url, m.concept.code));
    for (const [k, m] of all) {
      if (excluded.has(k)) all.delete(k);
      else if (codes.has(key(m.version.system.url, m.concept.code))) {
        all.delete(k);
        matchedAcrossVersions = true;
      }
    }
  }
  // One code in several versions, as tx.fhir.org lists them: those of pinned includes first, newest first.
  const byCode = new Map<string, Member[]>();
  for (const m of all.values()) {
    const k = key(m.version.system.url, m.concept.code);
    byCode.set(k, [...(byCode.get(k) ?? []), m]);
  }
  const members = new Map<string, Member>();
  const entries: Member[] = [];
  for (const [k, list] of byCode) {
    list.sort((a, b) => Number(!a.pinned) - Number(!b.pinned) || compareVersions(b.version.version, a.version.version));
    members.set(k, list[0]!);
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
function resolvedVersionsKey(snapshot: Snapshot, vs: ValueSet, date: string | undefined, depth = 0, scope: ValueSet = vs): string {
  if (depth > MAX_DEPTH) return 'deep';
  const parts: string[] = [];
  for (const inc of [...(vs.compose?.include ?? []), ...(vs.compose?.exclude ?? [])]) {
    if (inc.system) {
      const r = resolveVersion(snapshot, { system: inc.system, version: inc.version, date });
      parts.push(r.kind === 'found' ? String(r.version.id) : r.kind);
    }
    for (const ref of inc.valueSet ?? []) {
      try {
        const nested = importedValueSet(snapshot, ref, date, scope);
        const inner = ref.startsWith('#') ? resolvedVersionsKey(snapshot, nested.resource, date, depth + 1, scope) : resolvedVersionsKey(snapshot, nested.resource, date, depth + 1);
        parts.push(`${'id' in nested ? nested.id : ref}(${inner})`);
      } catch {
        parts.push('missing');
      }
    }
  }
  return parts.join(',');
}

/** The expansion of a stored value set, computed once per snapshot and set of resolved versions. */
export async function expansionOf(
  snapshot: Snapshot,
  entry: ValueSetEntry,
  date: string | undefined,
  mode: ExpansionMode = { lenient: false },
): Promise<Expansion> {
  const key = `expansion:${mode.lenient ? 'lenient:' : ''}${entry.id}:${resolvedVersionsKey(snapshot, entry.resource, date)}`;
  return snapshot.derived(key, () => computeExpansion(snapshot, entry.resource, date, mode));
}

/** A parameter the value set itself gives for its expansion (`compose` extension `valueset-expansion-parameter`). */
export function composeParameter(vs: ValueSet, name: string): string | undefined {
  for (const ext of vs.compose?.extension ?? []) {
    if (ext.url !== 'http://hl7.org/fhir/StructureDefinition/valueset-expansion-parameter') continue;
    const parts = ext.extension ?? [];
    if (parts.find((p) => p.url === 'name')?.valueCode !== name) continue;
    const value = parts.find((p) => p.url === 'value');
    return value?.valueCode ?? value?.valueString ?? (value?.valueBoolean !== undefined ? String(value.valueBoolean) : undefined);
  }
  return undefined;
}
