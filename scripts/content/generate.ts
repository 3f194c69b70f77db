/**
 * `npm run content`: generates the published FHIR content (fhir-resources/package/) from the raw sources in
 * ../shared. `npm run content -- --check` writes nothing and exits 1 when the committed files differ.
 */
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FhirResource } from 'fhir/r4';
import { buildContent, defaultSources } from './build';
import { GENERATED_TYPES, packageFiles } from './package';

/** The package folder the server loads and the FHIR NPM package is made of. */
export const PACKAGE_DIR = resolve(__dirname, '../../fhir-resources/package');

/** Resources in the package folder that the generator does not make (e.g. OperationDefinitions), kept as they are. */
async function otherResources(dir: string): Promise<FhirResource[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && n !== 'package.json' && !n.startsWith('.'));
  const kept: FhirResource[] = [];
  for (const name of names) {
    if (GENERATED_TYPES.some((t) => name.startsWith(`${t}-`))) continue;
    kept.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as FhirResource);
  }
  return kept;
}

/** The package's files as they should be: generated resources plus the other resources already there. */
export async function expectedPackage(root: string, dir = PACKAGE_DIR): Promise<Map<string, string>> {
  const generated = await buildContent(defaultSources(root));
  return packageFiles([...generated, ...(await otherResources(dir))]);
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const root = resolve(__dirname, '../..');
  const files = await expectedPackage(root);
  const present = (await readdir(PACKAGE_DIR).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const stale = present.filter((n) => !files.has(n));
  const changed: string[] = [];
  for (const [name, text] of files) {
    const current = await readFile(join(PACKAGE_DIR, name), 'utf8').catch(() => undefined);
    if (current !== text) changed.push(name);
  }
  if (check) {
    for (const n of [...changed, ...stale]) console.error(`differs from the sources: fhir-resources/package/${n}`);
    console.log(changed.length + stale.length === 0 ? `fhir-resources/package: ${files.size} files, up to date` : 'run `npm run content` and commit the result');
    return changed.length + stale.length === 0 ? 0 : 1;
  }
  await mkdir(PACKAGE_DIR, { recursive: true });
  for (const n of stale) await rm(join(PACKAGE_DIR, n));
  for (const n of changed) await writeFile(join(PACKAGE_DIR, n), files.get(n) ?? '');
  console.log(`fhir-resources/package: ${files.size} files (${changed.length} written, ${stale.length} removed)`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
