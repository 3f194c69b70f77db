import type { CodeSystem, CodeSystemConcept, ConceptMap, ConceptMapGroup, Extension, ValueSet } from 'fhir/r4';
import type { Concept, ConceptMapEntry, ValueSetEntry, VersionContent, VersionEntry } from '../terminology/model';
import { EFFECTIVE_PERIOD_EXT, MAPPING_VALIDITY_EXT, MAPPING_VALIDITY_NOTE_EXT } from '../terminology/systems';

/** Standard concept property definitions, plus those any stored concept uses. */
const STANDARD_PROPERTIES: Record<string, { uri?: string; type: NonNullable<CodeSystem['property']>[number]['type']; description: string }> = {
  parent: { uri: 'http://hl7.org/fhir/concept-properties#parent', type: 'code', description: 'The parent concept' },
  child: { uri: 'http://hl7.org/fhir/concept-properties#child', type: 'code', description: 'A child concept' },
  inactive: { uri: 'http://hl7.org/fhir/concept-properties#inactive', type: 'boolean', description: 'True if the concept is not to be used' },
  notSelectable: { uri: 'http://hl7.org/fhir/concept-properties#notSelectable', type: 'boolean', description: 'A grouping concept, not for use in data' },
  status: { uri: 'http://hl7.org/fhir/concept-properties#status', type: 'code', description: 'active | retired | deprecated' },
  retirementDate: { uri: 'http://hl7.org/fhir/concept-properties#retirementDate', type: 'dateTime', description: 'The date from which the concept is retired' },
};

function conceptResource(content: VersionContent, concept: Concept, withChildren: boolean): CodeSystemConcept {
  const property = [
    ...(concept.abstract ? [{ code: 'notSelectable', valueBoolean: true }] : []),
    ...concept.properties.map((p) => ({ ...p })),
  ];
  const out: CodeSystemConcept = { code: concept.code };
  if (concept.display) out.display = concept.display;
  if (concept.definition) out.definition = concept.definition;
  if (concept.designations.length > 0) out.designation = concept.designations.map((d) => ({ ...d }));
  if (property.length > 0) out.property = property;
  if (withChildren && concept.children.length > 0) {
    out.concept = concept.children
      .map((c) => content.byCode.get(c))
      .filter((c): c is Concept => c !== undefined)
      .map((c) => conceptResource(content, c, true));
  }
  return out;
}

/**
 * A version's effective period as the R5 `effectivePeriod` extension, or none for a version without one:
 * the server states no date that the content did not give.
 */
export function effectivePeriodExtension(version: VersionEntry): { extension?: [Extension] } {
  if (version.effectiveFrom === null && version.effectiveTo === null) return {};
  const valuePeriod = { ...(version.effectiveFrom ? { start: version.effectiveFrom } : {}), ...(version.effectiveTo ? { end: version.effectiveTo } : {}) };
  return { extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod }] };
}

/**
 * `meta.lastUpdated` from the store's timestamp text (left out rather than guessed when it does not parse), and
 * `meta.source` when the version names where it came from (FHIR core content names its package: a client sees why
 * a write of it is refused).
 */
function versionMeta(loadedAt: string, source: string | undefined): { meta?: { lastUpdated?: string; source?: string } } {
  const when = new Date(loadedAt);
  const meta = { ...(Number.isNaN(when.getTime()) ? {} : { lastUpdated: when.toISOString() }), ...(source ? { source } : {}) };
  return Object.keys(meta).length > 0 ? { meta } : {};
}

/** A stored code system version as a FHIR CodeSystem; with `content`, its concepts nested by hierarchy. */
export function codeSystemResource(version: VersionEntry, content: VersionContent | undefined): CodeSystem {
  const system = version.system;
  const used = new Set<string>(['notSelectable']);
  content?.ordered.forEach((c) => c.properties.forEach((p) => used.add(p.code)));
  const cs: CodeSystem = {
    resourceType: 'CodeSystem',
    id: version.resourceId,
    ...versionMeta(version.loadedAt, version.metaSource),
    ...effectivePeriodExtension(version),
    url: system.url,
    identifier: system.identifiers.map((i) => ({ system: i.system, value: i.value })),
    version: version.version,
    name: system.name,
    ...(system.title ? { title: system.title } : {}),
    status: version.status as CodeSystem['status'],
    ...((version.published ?? version.effectiveFrom) ? { date: (version.published ?? version.effectiveFrom)! } : {}),
    ...(system.publisher ? { publisher: system.publisher } : {}),
    ...((version.description ?? system.description) ? { description: version.description ?? system.description ?? undefined } : {}),
    caseSensitive: system.caseSensitive,
    ...(version.valueSetUrl ? { valueSet: `${version.valueSetUrl}|${version.version}` } : {}),
    ...(system.hierarchyMeaning ? { hierarchyMeaning: system.hierarchyMeaning as CodeSystem['hierarchyMeaning'] } : {}),
    content: version.content as CodeSystem['content'],
    count: version.conceptCount,
    property: [...used].map((code) => {
      const std = STANDARD_PROPERTIES[code];
      return { code, ...(std?.uri ? { uri: std.uri } : {}), type: std?.type ?? 'string', ...(std ? { description: std.description } : {}) };
    }),
  };
  if (content) {
    const nested = system.hierarchyMeaning !== null;
    const roots = nested ? content.ordered.filter((c) => !c.parentCode || !content.byCode.has(c.parentCode)) : content.ordered;
    cs.concept = roots.map((c) => conceptResource(content, c, nested));
  }
  return cs;
}

/** A stored value set as served: the stored definition with its resource id. */
export function valueSetResource(entry: ValueSetEntry): ValueSet {
  return { ...entry.resource, id: entry.resourceId };
}

/** A stored concept map as served, its groups rebuilt from the stored mappings (validity as extensions). */
export function conceptMapResource(entry: ConceptMapEntry): ConceptMap {
  const groups = new Map<string, ConceptMapGroup>();
  for (const e of entry.elements) {
    const key = `${e.sourceSystem}|${e.sourceVersion ?? ''}|${e.targetSystem ?? ''}|${e.targetVersion ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        source: e.sourceSystem,
        ...(e.sourceVersion ? { sourceVersion: e.sourceVersion } : {}),
        ...(e.targetSystem ? { target: e.targetSystem } : {}),
        ...(e.targetVersion ? { targetVersion: e.targetVersion } : {}),
        element: [],
      };
      groups.set(key, group);
    }
    let element = group.element.find((x) => x.code === e.sourceCode);
    if (!element) {
      element = { code: e.sourceCode, ...(e.sourceDisplay ? { display: e.sourceDisplay } : {}), target: [] };
      group.element.push(element);
    }
    if (e.targetCode === null && e.equivalence === 'unmatched') continue;
    const extension = [
      ...(e.validFrom || e.validTo ? [{ url: MAPPING_VALIDITY_EXT, valuePeriod: { ...(e.validFrom ? { start: e.validFrom } : {}), ...(e.validTo ? { end: e.validTo } : {}) } }] : []),
      ...(e.validityNote ? [{ url: MAPPING_VALIDITY_NOTE_EXT, valueString: e.validityNote }] : []),
    ];
    element.target!.push({
      ...(extension.length > 0 ? { extension } : {}),
      ...(e.targetCode ? { code: e.targetCode } : {}),
      ...(e.targetDisplay ? { display: e.targetDisplay } : {}),
      equivalence: e.equivalence as 'equivalent',
      ...(e.comment ? { comment: e.comment } : {}),
    });
  }
  for (const g of groups.values()) for (const el of g.element) if (el.target?.length === 0) delete el.target;
  return { ...entry.resource, id: entry.resourceId, group: [...groups.values()] };
}
