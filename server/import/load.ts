// The entry point of FHIR resource loads: one resource of any kind the store keeps, in one transaction.
import type { Kysely } from 'kysely';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import type { Schema } from '../../db/schema';
import { ImportError } from './import-error';
import { loadFhirCodeSystem } from './load-code-system';
import { atomically, type LoadFhirOptions, type LoadResult } from './load-common';
import { storeConceptMap } from './load-concept-map';
import { storeValueSet } from './load-value-set';

export type { LoadFhirOptions, LoadResult, LoadSource } from './load-common';

/**
 * Stores a FHIR CodeSystem (one version, nested concepts flattened), ValueSet, or ConceptMap (header plus
 * one row per mapping, with validity periods from the project's extensions), in one transaction, with
 * the same rules as `loadCodeSystemVersion`: identical content is `unchanged`, different content for
 * the same url and version is refused unless `replace`, a failure changes nothing.
 */
export async function loadFhirResource(db: Kysely<Schema>, resource: CodeSystem | ValueSet | ConceptMap, opts: LoadFhirOptions = {}): Promise<LoadResult> {
  const file = opts.file ?? `${resource.resourceType}${resource.id ? `/${resource.id}` : ''}`;
  if (!resource.url) throw new ImportError(file, undefined, `${resource.resourceType} has no url`);
  switch (resource.resourceType) {
    case 'CodeSystem':
      return loadFhirCodeSystem(db, resource, file, opts);
    case 'ValueSet':
      return atomically(db, file, (trx) => storeValueSet(trx, resource, file, opts.replace ?? false));
    case 'ConceptMap':
      return atomically(db, file, (trx) => storeConceptMap(trx, resource, file, opts.replace ?? false));
    default:
      throw new ImportError(file, undefined, `cannot load a ${(resource as { resourceType: string }).resourceType}`);
  }
}

/** Whether an error (or one it was caused by) is PostgreSQL's unique violation (SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Loads a resource shipped with the server, at start. Replicas starting together on one empty PostgreSQL database
 * load the same resources at the same moment: the one whose insert comes second meets a unique constraint when the
 * first commits. It then loads again, and finds the resource stored (`unchanged`, or a clear error if it differs).
 */
export async function loadShippedResource(db: Kysely<Schema>, resource: CodeSystem | ValueSet | ConceptMap, opts: LoadFhirOptions = {}): Promise<LoadResult> {
  try {
    return await loadFhirResource(db, resource, opts);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return loadFhirResource(db, resource, opts);
  }
}
