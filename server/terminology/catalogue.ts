// The catalogue as the store gives it (rows) turned into the entries a `Snapshot` holds: code systems with their
// versions and aliases, value sets, concept maps with their elements, and a version's concepts.
import type { readCatalogue, readConceptMapElements, readConceptMaps, readConcepts, readValueSets } from '../../db/queries/catalogue';
import type { Concept, ConceptMapEntry, SystemEntry, ValueSetEntry } from './model';
import { compareEffective } from './resolve';

/** The rows one consistent read of the store gives (see `SnapshotCache`). */
export interface CatalogueRows {
  catalogue: Awaited<ReturnType<typeof readCatalogue>>;
  valueSets: Awaited<ReturnType<typeof readValueSets>>;
  maps: Awaited<ReturnType<typeof readConceptMaps>>;
  elements: Awaited<ReturnType<typeof readConceptMapElements>>;
}

/** The entries of a snapshot from the store's rows; each system's versions in effective order. */
export function catalogueEntries(rows: CatalogueRows): { systems: SystemEntry[]; valueSets: ValueSetEntry[]; conceptMaps: ConceptMapEntry[] } {
  const { catalogue: { systems, aliases, versions }, valueSets, maps, elements } = rows;
  const entries = new Map<number, SystemEntry>();
  for (const s of systems) {
    entries.set(s.id, {
      id: s.id,
      url: s.url,
      name: s.name,
      title: s.title,
      publisher: s.publisher,
      description: s.description,
      identifiers: s.identifiers,
      hierarchyMeaning: s.hierarchy_meaning,
      caseSensitive: s.case_sensitive,
      aliases: [],
      versions: [],
    });
  }
  for (const a of aliases) entries.get(a.code_system_id)?.aliases.push(a.alias);
  for (const v of versions) {
    const system = entries.get(v.code_system_id);
    if (!system) continue;
    system.versions.push({
      id: v.id,
      system,
      version: v.version,
      resourceId: v.resource_id,
      status: v.status,
      content: v.content,
      effectiveFrom: v.effective_from,
      effectiveTo: v.effective_to,
      published: v.published,
      description: v.description,
      valueSetUrl: v.value_set_url,
      conceptCount: v.concept_count,
      loadedAt: v.loaded_at,
      supplements: v.supplements,
      ...v.attributes,
    });
  }
  const mapEntries = new Map<number, ConceptMapEntry>();
  for (const m of maps) {
    mapEntries.set(m.id, {
      id: m.id,
      url: m.url,
      version: m.version,
      resourceId: m.resource_id,
      resource: m.resource,
      sourceScope: m.source_scope,
      targetScope: m.target_scope,
      elements: [],
    });
  }
  for (const e of elements) {
    mapEntries.get(e.concept_map_id)?.elements.push({
      sourceSystem: e.source_system,
      sourceVersion: e.source_version,
      sourceCode: e.source_code,
      sourceDisplay: e.source_display,
      targetSystem: e.target_system,
      targetVersion: e.target_version,
      targetCode: e.target_code,
      targetDisplay: e.target_display,
      equivalence: e.equivalence,
      comment: e.comment,
      validFrom: e.valid_from,
      validTo: e.valid_to,
      validityNote: e.validity_note,
    });
  }
  for (const system of entries.values()) system.versions.sort(compareEffective);
  return {
    systems: [...entries.values()],
    valueSets: valueSets.map((v) => ({ id: v.id, url: v.url, version: v.version, resourceId: v.resource_id, resource: v.resource })),
    conceptMaps: [...mapEntries.values()],
  };
}

/** A stored concept row as the engine holds it (children are linked by `indexConcepts`). */
export function conceptFromRow(c: Awaited<ReturnType<typeof readConcepts>>[number]): Concept {
  return {
    code: c.code,
    display: c.display,
    definition: c.definition,
    parentCode: c.parent_code,
    status: c.status,
    abstract: c.abstract,
    properties: c.properties,
    designations: c.designations,
    extensions: c.extensions,
    children: [],
  };
}
