// Loads of FHIR ConceptMaps (R4 or R5), read by the one ConceptMap reader the inline maps use too.
import type { Insertable } from 'kysely';
import type { ConceptMap } from 'fhir/r4';
import { bumpContentRevision, deleteConceptMap, findConceptMap, insertConceptMap, insertConceptMapElements, readConceptMapElementRows } from '../../db/queries/load';
import type { Db } from '../../db/schema';
import type { ConceptMapElementTable } from '../../db/tables/concept-map';
import { ConceptMapShapeError, conceptMapHeader, conceptMapMappings, conceptMapScopes } from '../terminology/concept-map-mappings';
import { ImportError } from './import-error';
import { canonicalJson, idFrom, type LoadResult } from './load-common';

/**
 * Stores a ConceptMap inside the caller's transaction: its header (as R4, without groups) and one row per
 * mapping; the same content again is `unchanged`, other content is refused unless `replace`.
 */
export async function storeConceptMap(trx: Db, resource: ConceptMap, file: string, replace: boolean): Promise<LoadResult> {
  const url = resource.url ?? '';
  const version = resource.version ?? null;
  const elements = conceptMapRows(resource, file);
  const scopes = conceptMapScopes(resource);
  const existing = await findConceptMap(trx, url, version);
  const resourceId = existing?.resource_id ?? resource.id ?? idFrom(resource.name ?? 'conceptmap', version ?? undefined);
  const stored: ConceptMap = { ...conceptMapHeader(resource), id: resourceId };
  const result = (status: LoadResult['status']): LoadResult => ({ status, resourceType: 'ConceptMap', url, version, resourceId, rowCount: elements.length });
  if (existing) {
    const sameHeader = canonicalJson(existing.resource) === canonicalJson(stored);
    const sameElements = sameHeader && canonicalJson(await readConceptMapElementRows(trx, existing.id)) === canonicalJson(elements);
    if (sameElements) return result('unchanged');
    if (!replace) throw new ImportError(file, undefined, `ConceptMap ${url}|${version ?? ''} is already loaded with other content; use --replace to replace it`);
    await deleteConceptMap(trx, existing.id);
  }
  const conceptMapId = await insertConceptMap(trx, {
    url,
    version,
    resource_id: resourceId,
    name: resource.name ?? null,
    title: resource.title ?? null,
    status: resource.status,
    date: resource.date ?? null,
    source_scope: scopes.sourceScope,
    target_scope: scopes.targetScope,
    resource: JSON.stringify(stored),
  });
  await insertConceptMapElements(
    trx,
    elements.map((row) => ({ ...row, concept_map_id: conceptMapId })),
  );
  await bumpContentRevision(trx);
  return result(existing ? 'replaced' : 'loaded');
}

/** A mapping row before it belongs to a concept map; key order matches `readConceptMapElementRows`. */
type ElementRow = Omit<Insertable<ConceptMapElementTable>, 'concept_map_id'>;

/** The map's mappings as rows (read by `conceptMapMappings`, the reader inline maps use too). */
function conceptMapRows(map: ConceptMap, file: string): ElementRow[] {
  let mappings;
  try {
    mappings = conceptMapMappings(map);
  } catch (error) {
    if (error instanceof ConceptMapShapeError) throw new ImportError(file, undefined, error.message);
    throw error;
  }
  return mappings.map((m) => ({
    source_system: m.sourceSystem,
    source_version: m.sourceVersion,
    source_code: m.sourceCode,
    source_display: m.sourceDisplay,
    target_system: m.targetSystem,
    target_version: m.targetVersion,
    target_code: m.targetCode,
    target_display: m.targetDisplay,
    equivalence: m.equivalence,
    comment: m.comment,
    valid_from: m.validFrom,
    valid_to: m.validTo,
    validity_note: m.validityNote,
  }));
}

