import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import type { Schema } from '../db/schema';
import { ensureFhirCore } from './import/fhir-core';
import { ImportError } from './import/import-error';
import { loadShippedResource, type LoadResult } from './import/load';
import { registerKnownSystems } from './import/load-code-system';
import { loadManifest } from './import/manifest';

/**
 * The published content the server ships: a FHIR NPM package folder (see `npm run content`), found from this
 * module upwards, so that it is the same folder whether the server runs from the sources or from `dist/`.
 */
export const SHIPPED_PACKAGE_DIR = findUp(__dirname, join('fhir-resources', 'package'));

function findUp(from: string, relativePath: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relativePath);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return resolve(from, '..', relativePath);
  }
}

type Loadable = CodeSystem | ValueSet | ConceptMap;
const LOAD_ORDER: readonly string[] = ['CodeSystem', 'ValueSet', 'ConceptMap'];

/**
 * The terminology resources of a FHIR package folder, in load order: code systems first (a version's ValueSet
 * is made with it), then value sets, then concept maps; within a type by file name. Other resource types in the
 * package (OperationDefinitions) are not content and are left out.
 */
export async function readPackageResources(dir: string): Promise<{ file: string; resource: Loadable }[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && n !== 'package.json' && !n.startsWith('.')).sort();
  const out: { file: string; resource: Loadable }[] = [];
  for (const name of names) {
    let resource: { resourceType?: unknown };
    try {
      resource = JSON.parse(await readFile(join(dir, name), 'utf8')) as { resourceType?: unknown };
    } catch (error) {
      throw new ImportError(name, undefined, `not FHIR JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof resource.resourceType === 'string' && LOAD_ORDER.includes(resource.resourceType)) out.push({ file: name, resource: resource as Loadable });
  }
  return out.sort((a, b) => LOAD_ORDER.indexOf(a.resource.resourceType) - LOAD_ORDER.indexOf(b.resource.resourceType));
}

/**
 * Makes sure the content the project ships (every CodeSystem, ValueSet and ConceptMap of `fhir-resources/package`,
 * and with `fhirCore: true` (as `npm start` and the template have it) FHIR R4's own code systems and value sets with the v2 and v3 ones, see
 * `import/fhir-core.ts`) is stored, then loads the manifest when one is configured. All are idempotent: what is
 * stored already with the same content is left alone, so this runs at every start.
 */
export async function ensureContent(
  db: Kysely<Schema>,
  options: { manifest?: string | undefined; packageDir?: string; logger?: Logger; fhirCore?: boolean },
): Promise<LoadResult[]> {
  await registerKnownSystems(db);
  const results: LoadResult[] = [];
  // FHIR core first: the project's own content may build on it, never the other way round.
  if (options.fhirCore) results.push(...(await ensureFhirCore(db)));
  for (const { file, resource } of await readPackageResources(options.packageDir ?? SHIPPED_PACKAGE_DIR)) {
    results.push(await loadShippedResource(db, resource, { file: `fhir-resources/package/${file}` }));
  }
  if (options.manifest) {
    for (const r of await loadManifest(db, options.manifest)) results.push(r.result);
  }
  for (const r of results) {
    if (r.status !== 'unchanged') options.logger?.info({ resource: `${r.resourceType}/${r.resourceId}`, rows: r.rowCount, status: r.status }, 'content loaded');
  }
  return results;
}
