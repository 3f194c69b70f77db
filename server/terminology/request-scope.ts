// The view one request sees: the shared snapshot plus what the request itself brings (tx-resource, inline
// maps and value sets, version pinning, supplements). Nothing here is stored.
import type { CodeSystem, ConceptMap, Resource, ValueSet } from 'fhir/r4';
import { ConceptShapeError, flattenCodeSystemConcepts } from './code-system-concepts';
import { codeSystemVersionFacts } from './code-system-facts';
import { FhirError } from './issues';
import { msg } from './messages';
import type { ConceptMapEntry, MapElement, SystemEntry, ValueSetEntry, VersionContent, VersionEntry } from './model';
import { ConceptMapShapeError, conceptMapMappings, conceptMapScopes } from './concept-map-mappings';
import { compareEffective, splitCanonical } from './resolve';
import { indexConcepts, type Snapshot, type VersionPolicy } from './snapshot';

let inlineIds = 0;
/** Negative ids keep request-scoped entries apart from stored ones (and from each other). */
const nextInlineId = (): number => -++inlineIds;

/** A ConceptMap sent with a request, usable by `$translate` like a stored one. */
export function inlineConceptMap(map: ConceptMap): ConceptMapEntry {
  let elements: MapElement[];
  try {
    elements = conceptMapMappings(map);
  } catch (error) {
    if (error instanceof ConceptMapShapeError) throw FhirError.invalid(msg('NCMP_CONCEPTMAP_MALFORMED', error.message), ['conceptMap']);
    throw error;
  }
  return {
    id: nextInlineId(),
    url: map.url ?? 'urn:inline',
    version: map.version ?? null,
    resourceId: map.id ?? 'inline',
    resource: map,
    ...conceptMapScopes(map),
    elements,
  };
}

/** A ValueSet sent with a request. */
export function inlineValueSet(vs: ValueSet): ValueSetEntry {
  return { id: nextInlineId(), url: vs.url ?? 'urn:inline', version: vs.version ?? null, resourceId: vs.id ?? 'inline', resource: vs };
}

/**
 * CodeSystems sent with a request (one or several versions of one url), as a system whose versions are
 * those sent plus the stored versions of its url that were not sent again.
 */
export function inlineCodeSystem(
  sent: CodeSystem[],
  stored: SystemEntry | undefined,
): { system: SystemEntry; contents: Map<number, VersionContent> } {
  const first = sent[0]!;
  if (!first.url) throw FhirError.invalid(msg('NCMP_TX_RESOURCE_WITHOUT_URL'), ['tx-resource']);
  const latest = sent.at(-1)!;
  const system: SystemEntry = {
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
  const contents = new Map<number, VersionContent>();
  const versions: VersionEntry[] = [];
  for (const cs of sent) {
    const facts = codeSystemVersionFacts(cs);
    let flat;
    try {
      flat = flattenCodeSystemConcepts(cs, facts.effectiveFrom ?? undefined);
    } catch (error) {
      if (error instanceof ConceptShapeError) throw FhirError.invalid(msg('NCMP_TX_RESOURCE_CODESYSTEM_MALFORMED', cs.url, error.message), ['tx-resource']);
      throw error;
    }
    const version: VersionEntry = {
      id: nextInlineId(),
      system,
      version: cs.version ?? '',
      resourceId: cs.id ?? 'inline',
      status: facts.status,
      content: facts.content,
      // No effective period: in force on any date, and no date is made up for it.
      effectiveFrom: facts.effectiveFrom,
      effectiveTo: facts.effectiveTo,
      published: facts.published,
      description: facts.description,
      valueSetUrl: facts.valueSetUrl,
      supplements: facts.supplements,
      ...facts.attributes,
      conceptCount: flat.length,
      loadedAt: new Date().toISOString(),
      inline: true,
    };
    // The same version sent twice: the later one counts.
    const twice = versions.findIndex((v) => v.version === version.version);
    if (twice >= 0) versions.splice(twice, 1);
    versions.push(version);
    contents.set(version.id, indexConcepts(flat.map((c) => ({ ...c, children: [] }))));
  }
  const sentVersions = new Set(versions.map((v) => v.version));
  const others = (stored?.versions ?? []).filter((v) => !sentVersions.has(v.version)).map((v) => ({ ...v, system }));
  system.versions = [...others, ...versions].sort(compareEffective);
  return { system, contents };
}

/** Reads the `url|version` canonicals of a version-pinning parameter into a map keyed by primary url. */
function canonicalMap(snapshot: Snapshot, values: string[], name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    const { url, version } = splitCanonical(value);
    if (!version) throw FhirError.invalid(msg('NCMP_CANONICAL_VERSION_REQUIRED', name, value), [name]);
    out.set(snapshot.system(url)?.url ?? url, version);
  }
  return out;
}

/** The request-scoped inputs that change what a snapshot answers: inline resources and version pinning. */
export interface RequestScope {
  txResources: Resource[];
  systemVersion: string[];
  checkSystemVersion: string[];
  forceSystemVersion: string[];
  defaultToLatest: boolean;
  /** `default-valueset-version` canonicals (`url|version`). */
  defaultValueSetVersion?: string[];
  /** Supplements (`url` or `url|version`) whose designations and properties apply to this request. */
  useSupplement: string[];
}

/** A version's concepts with a supplement's designations and properties added to the concepts it names. */
function supplemented(base: VersionContent, supplement: VersionContent, source: string): VersionContent {
  return indexConcepts(
    base.ordered.map((c) => {
      const s = supplement.byCode.get(c.code);
      return {
        ...c,
        designations: s ? [...c.designations, ...s.designations.map((d) => ({ ...d, source }))] : c.designations,
        extensions: s?.extensions?.length ? [...(c.extensions ?? []), ...s.extensions] : c.extensions,
        properties: s ? [...c.properties, ...s.properties.filter((p) => p.code !== 'parent' && p.code !== 'child')] : c.properties,
        children: [],
      };
    }),
  );
}

/**
 * A view in which the named supplements apply: each supplemented code system is replaced, for this request
 * only, by a copy whose concepts carry the supplement's designations and properties.
 */
export async function withSupplements(view: Snapshot, canonicals: string[]): Promise<Snapshot> {
  if (canonicals.length === 0) return view;
  const systems = new Map<string, SystemEntry>();
  const contents = new Map<number, VersionContent>();
  for (const canonical of canonicals) {
    const { url, version } = splitCanonical(canonical);
    const supSystem = view.system(url);
    const supVersion = supSystem && (version ? supSystem.versions.find((v) => v.version === version) : supSystem.versions.at(-1));
    if (!supVersion) throw FhirError.notFound(msg('VALUESET_SUPPLEMENT_MISSING', canonical));
    if (supVersion.content !== 'supplement' || !supVersion.supplements) {
      throw FhirError.invalid(msg('NCMP_NOT_A_SUPPLEMENT', canonical, supVersion.content), ['useSupplement']);
    }
    const target = splitCanonical(supVersion.supplements);
    const base = systems.get(view.system(target.url)?.url ?? target.url) ?? view.system(target.url);
    if (!base) throw FhirError.notFound(msg('NCMP_SUPPLEMENTED_SYSTEM_UNKNOWN', target.url, canonical));
    const supContent = await view.content(supVersion);
    const copy: SystemEntry = { ...base, versions: [] };
    for (const v of base.versions) {
      const clone = { ...v, id: nextInlineId(), system: copy };
      const baseContent = contents.get(v.id) ?? (await view.content(v));
      const applies = target.version === undefined || target.version === v.version;
      const source = supVersion.version ? `${supSystem!.url}|${supVersion.version}` : supSystem!.url;
      contents.set(clone.id, applies ? supplemented(baseContent, supContent, source) : baseContent);
      copy.versions.push(clone);
    }
    systems.set(copy.url, copy);
  }
  return view.forRequest({ systems: [...systems.values()], contents, valueSets: [], conceptMaps: [] }, view.policy);
}

/** The supplement version a canonical means in the view (the newest when none is named), if it is one. */
export function supplementVersion(view: Snapshot, canonical: string): VersionEntry | undefined {
  const { url, version } = splitCanonical(canonical);
  const system = view.system(url);
  const found = system && (version ? system.versions.find((v) => v.version === version) : system.versions.at(-1));
  return found?.content === 'supplement' ? found : undefined;
}

/** The supplements a value set requires (`valueset-supplement`): they apply wherever the value set is used. */
export function valueSetSupplements(vs: ValueSet): string[] {
  return (vs.extension ?? []).filter((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-supplement' && e.valueCanonical).map((e) => e.valueCanonical!);
}

/**
 * The snapshot one request should see: the shared one when the request sends nothing request-scoped,
 * else a view with its inline resources and version pinning (nothing is stored).
 */
export async function snapshotForRequest(base: Snapshot, scope: RequestScope): Promise<Snapshot> {
  const pinning = scope.systemVersion.length + scope.checkSystemVersion.length + scope.forceSystemVersion.length;
  const valueSetDefaults = new Map<string, string>();
  for (const canonical of scope.defaultValueSetVersion ?? []) {
    const { url, version } = splitCanonical(canonical);
    if (version === undefined) throw FhirError.invalid(msg('NCMP_DEFAULT_VALUESET_VERSION_WITHOUT_VERSION', canonical), ['default-valueset-version']);
    valueSetDefaults.set(url, version);
  }
  if (scope.txResources.length === 0 && pinning === 0 && !scope.defaultToLatest && scope.useSupplement.length === 0 && valueSetDefaults.size === 0) return base;
  const systems: SystemEntry[] = [];
  const contents = new Map<number, VersionContent>();
  const valueSets: ValueSetEntry[] = [];
  const conceptMaps: ConceptMapEntry[] = [];
  const codeSystems = new Map<string, CodeSystem[]>();
  for (const r of scope.txResources) {
    if (r.resourceType === 'CodeSystem') {
      const url = (r as CodeSystem).url ?? '';
      codeSystems.set(url, [...(codeSystems.get(url) ?? []), r as CodeSystem]);
    } else if (r.resourceType === 'ValueSet') valueSets.push(inlineValueSet(r as ValueSet));
    else if (r.resourceType === 'ConceptMap') conceptMaps.push(inlineConceptMap(r as ConceptMap));
    else throw FhirError.invalid(msg('NCMP_TX_RESOURCE_TYPE_UNSUPPORTED', r.resourceType), ['tx-resource']);
  }
  for (const sent of codeSystems.values()) {
    const inline = inlineCodeSystem(sent, base.system(sent[0]!.url ?? ''));
    systems.push(inline.system);
    for (const [id, content] of inline.contents) contents.set(id, content);
  }
  const policy: VersionPolicy = {
    force: canonicalMap(base, scope.forceSystemVersion, 'force-system-version'),
    defaults: canonicalMap(base, scope.systemVersion, 'system-version'),
    check: canonicalMap(base, scope.checkSystemVersion, 'check-system-version'),
    latest: scope.defaultToLatest,
    valueSetDefaults,
  };
  return withSupplements(base.forRequest({ systems, contents, valueSets, conceptMaps }, policy), scope.useSupplement);
}
