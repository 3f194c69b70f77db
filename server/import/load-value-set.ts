// Loads of FHIR ValueSets.
import type { Insertable } from 'kysely';
import type { ValueSet } from 'fhir/r4';
import { bumpContentRevision, findValueSet, upsertValueSet } from '../../db/queries/load';
import type { Db, Schema } from '../../db/schema';
import { ImportError } from './import-error';
import { canonicalJson, idFrom, type LoadResult } from './load-common';

/** The value_set row of a ValueSet stored under `resourceId`. */
export function valueSetRow(resource: ValueSet, resourceId: string): Insertable<Schema['value_set']> {
  return {
    url: resource.url ?? '',
    version: resource.version ?? null,
    resource_id: resourceId,
    name: resource.name ?? null,
    title: resource.title ?? null,
    status: resource.status,
    date: resource.date ?? null,
    resource: JSON.stringify({ ...resource, id: resourceId }),
  };
}

/**
 * Stores a ValueSet inside the caller's transaction: the same content again is `unchanged`, other content for
 * the same url and version is refused unless `replace`.
 */
export async function storeValueSet(trx: Db, resource: ValueSet, file: string, replace: boolean): Promise<LoadResult> {
  const url = resource.url ?? '';
  const version = resource.version ?? null;
  const existing = await findValueSet(trx, url, version);
  const resourceId = existing?.resource_id ?? resource.id ?? idFrom(resource.name ?? 'valueset', version ?? undefined);
  const result = (status: LoadResult['status']): LoadResult => ({ status, resourceType: 'ValueSet', url, version, resourceId, rowCount: 1 });
  if (existing) {
    if (canonicalJson(existing.resource) === canonicalJson({ ...resource, id: resourceId })) return result('unchanged');
    if (!replace) throw new ImportError(file, undefined, `ValueSet ${url}|${version ?? ''} is already loaded with other content; use --replace to replace it`);
  }
  await upsertValueSet(trx, valueSetRow(resource, resourceId));
  await bumpContentRevision(trx);
  return result(existing ? 'replaced' : 'loaded');
}
