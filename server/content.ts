import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Schema } from '../db/schema';
import { shippedResources } from '../fhir-resources/shipped';
import { loadFhirResource, registerKnownSystems, type LoadResult } from './import/load';
import { loadManifest } from './import/manifest';

/**
 * Makes sure the content the project ships (the NCMP 2021 fragment and the særkode → NCMP ConceptMap) is
 * stored, then loads the manifest when one is configured. Both are idempotent: what is stored already
 * with the same content is left alone, so this runs at every start.
 */
export async function ensureContent(db: Kysely<Schema>, options: { manifest?: string; logger?: Logger }): Promise<LoadResult[]> {
  await registerKnownSystems(db);
  const results: LoadResult[] = [];
  for (const resource of shippedResources()) {
    results.push(await loadFhirResource(db, resource, { file: `fhir-resources (shipped ${resource.resourceType}/${resource.id})` }));
  }
  if (options.manifest) {
    for (const r of await loadManifest(db, options.manifest)) results.push(r.result);
  }
  for (const r of results) {
    if (r.status !== 'unchanged') options.logger?.info({ resource: `${r.resourceType}/${r.resourceId}`, rows: r.rowCount, status: r.status }, 'content loaded');
  }
  return results;
}
