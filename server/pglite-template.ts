/**
 * The packaged PGlite database (issue 16): `npm run build` makes a migrated PGlite data folder with the shipped
 * content loaded (`scripts/pglite-template.ts`) and keeps it as a gzipped tar under `dist/pglite-template/`,
 * named by a key over everything that decides what that folder holds. A first start on an empty `PGLITE_DIR`
 * unpacks it instead of running PGlite's initdb (a second, in-memory PGlite: most of the old 700 MB peak) and
 * importing the content. The server then migrates and checks the content as at every start, so the template only
 * saves work: it never stands in for a check.
 *
 * - **Stale templates are never used.** The key hashes the PGlite version, the code that writes the store (the
 *   running build's `db/` and `server/`), every file of the shipped package and the FHIR core package's version. A template
 *   of another key is not used: the start falls back to initdb and import, which loads the package as it is now.
 * - **All or nothing.** The tar is unpacked into a sibling folder, which is renamed into place once complete: a
 *   start killed while unpacking leaves `PGLITE_DIR` as it was (the leftover folder is removed at the next start).
 * - **Only an empty folder.** An existing database, or a folder holding anything else, is left alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import * as tar from 'tar';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { ensureContent, SHIPPED_PACKAGE_DIR } from './content';
import { FHIR_CORE_SOURCE } from './import/fhir-core';

/** Bumped when the template's layout or this module's way of making it changes. */
const TEMPLATE_FORMAT = 1;

/** The project root: the nearest folder upwards holding package.json (the same from the sources and from dist/). */
const PROJECT_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(__dirname, '..');
  }
})();

/** Where `npm run build` keeps the template (inside dist/, which git ignores and the Docker image copies). */
export const TEMPLATE_DIR = join(PROJECT_ROOT, 'dist', 'pglite-template');

/** The running code's root: `dist/` for the built server, the project root under tsx or jest. */
const CODE_ROOT = resolve(__dirname, '..');
/** The running code's own extension (`.js` built, `.ts` from the sources), so a key covers the code that runs. */
const CODE_EXT = extname(__filename);

/** What a key is computed over; every part can be given (the tests use copies). */
export interface TemplateInputs {
  /** The FHIR package folder whose resources the template holds. */
  packageDir?: string;
  /** The code that writes the store: folders (all files of the code's extension) and single files. */
  code?: readonly string[];
  /** Whether the template holds the FHIR core content (`import/fhir-core.ts`); true unless a test says otherwise. */
  fhirCore?: boolean;
}

function pgliteVersion(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '?';
    }
  }
  return '?';
}

/** Every file under `dir` (recursively), relative to it, sorted; `filter` on the file name. */
function filesUnder(dir: string, filter: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && filter(entry.name)) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

// All of server/ and db/: the loader reaches into terminology/ (how concepts are flattened, which systems are
// known), so anything narrower could leave a template built by other code looking current.
const DEFAULT_CODE = [join(CODE_ROOT, 'db'), join(CODE_ROOT, 'server')];

/**
 * The key of the template for this build and this content: a hash of the PGlite version, the code that writes
 * the store and every file (name and bytes) of the package folder.
 */
export function templateKey(inputs: TemplateInputs = {}): string {
  const hash = createHash('sha256');
  const add = (label: string, bytes: Buffer | string): void => {
    hash.update(`${label}\0${createHash('sha256').update(bytes).digest('hex')}\n`);
  };
  add('format', String(TEMPLATE_FORMAT));
  add('pglite', pgliteVersion());
  // The FHIR core bundles are named by their pinned package version (npm never changes a published version).
  add('fhir-core', inputs.fhirCore ?? true ? FHIR_CORE_SOURCE : 'none');
  const isCode = (name: string): boolean => name.endsWith(CODE_EXT) && !name.endsWith('.d.ts');
  for (const place of inputs.code ?? DEFAULT_CODE) {
    if (statSync(place).isDirectory()) {
      for (const file of filesUnder(place, isCode)) add(`code:${basename(place)}/${file.split(sep).join('/')}`, readFileSync(join(place, file)));
    } else {
      add(`code:${basename(place)}`, readFileSync(place));
    }
  }
  const packageDir = inputs.packageDir ?? SHIPPED_PACKAGE_DIR;
  for (const file of filesUnder(packageDir)) add(`package:${file.split(sep).join('/')}`, readFileSync(join(packageDir, file)));
  return hash.digest('hex').slice(0, 24);
}

/** The template file of a key. */
export function templateFile(key: string, templateDir = TEMPLATE_DIR): string {
  return join(templateDir, `${key}.tar.gz`);
}

// ---- packing and unpacking: node-tar, gzipped ----

/** Every folder and file under `dir` (paths relative to it, `/`-separated, sorted, each folder before its contents), less `skip`. */
function entriesUnder(dir: string, skip: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(d, entry.name);
      const name = relative(dir, full).split(sep).join('/');
      if (skip.includes(name)) continue;
      if (entry.isDirectory()) {
        out.push(name);
        walk(full);
      } else if (entry.isFile()) {
        out.push(name);
      } else {
        throw new Error(`tar: ${name} is neither a file nor a folder`);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * A gzipped tar of the folder's contents (paths relative to it; skips `skip` names). Deterministic: the entries are
 * listed in sorted order, without owners or times (`portable`, mtime 0), so the same folder gives the same bytes.
 */
export function packFolder(dir: string, skip: readonly string[] = []): Buffer {
  const pack = tar.create({ sync: true, gzip: true, cwd: dir, portable: true, mtime: new Date(0), noDirRecurse: true, strict: true }, entriesUnder(dir, skip));
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/**
 * Unpacks a gzipped tar made by `packFolder` into `dir` (created). Strict: a damaged archive throws, and so does an
 * entry other than a file or a folder, and so does a path with `..` in it (node-tar strips a leading `/`), so nothing lands outside
 * `dir`. The caller removes `dir` on error.
 */
export function unpackInto(tarGz: Buffer, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const refused: string[] = [];
  const unpack = new tar.UnpackSync({
    cwd: dir,
    strict: true,
    noMtime: true,
    filter: (path, entry) => {
      const type = 'type' in entry ? entry.type : undefined;
      if (type === 'File' || type === 'OldFile' || type === 'Directory') return true;
      refused.push(`${path} (${String(type)})`);
      return false;
    },
  });
  unpack.end(tarGz);
  if (refused.length > 0) throw new Error(`tar: entries that are neither files nor folders: ${refused.join(', ')}`);
}

// ---- the build step ----

/**
 * Makes the template of the current key unless it is there already (`npm run build` runs this after tsc): a fresh
 * PGlite folder, migrated, with the package loaded by the server's own `ensureContent`, closed, then packed. The
 * file is written under a temporary name and renamed, and templates of other keys are removed.
 */
export async function buildTemplate(options: { templateDir?: string; inputs?: TemplateInputs } = {}): Promise<{ key: string; file: string; built: boolean; ms: number }> {
  const started = performance.now();
  const templateDir = options.templateDir ?? TEMPLATE_DIR;
  const key = templateKey(options.inputs);
  const file = templateFile(key, templateDir);
  if (existsSync(file)) return { key, file, built: false, ms: performance.now() - started };
  const work = mkdtempSync(join(tmpdir(), 'ncmp-pglite-template-'));
  try {
    const dataDir = join(work, 'pglite');
    const handle = await connect({ kind: 'pglite', dataDir });
    try {
      await migrateToLatest(handle.db);
      await ensureContent(handle.db, { fhirCore: options.inputs?.fhirCore ?? true, ...(options.inputs?.packageDir ? { packageDir: options.inputs.packageDir } : {}) });
    } finally {
      await handle.close();
    }
    const tarGz = packFolder(dataDir, ['postmaster.pid']);
    mkdirSync(templateDir, { recursive: true });
    const partial = join(templateDir, `.${key}.${process.pid}.partial`);
    writeFileSync(partial, tarGz);
    renameSync(partial, file);
    for (const name of readdirSync(templateDir)) {
      if (name.endsWith('.tar.gz') && name !== basename(file)) rmSync(join(templateDir, name), { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { key, file, built: true, ms: performance.now() - started };
}

// ---- the first start ----

/** What `preparePgliteDir` did, and why. */
export type Preparation =
  | { outcome: 'unpacked'; key: string; ms: number }
  | { outcome: 'existing' }
  | { outcome: 'skipped'; reason: 'disabled' | 'folder not empty' | 'no template' | 'stale template' | 'unpack failed'; key?: string; detail?: string };

/** Names the unpack folders of a data folder begin with (siblings of it, so that the rename stays on one file system). */
function unpackPrefix(dataDir: string): string {
  return `.${basename(dataDir)}.unpacking-`;
}

/**
 * Makes `dataDir` ready for PGlite. A folder holding a database is left alone. An empty or missing folder gets the
 * template of the current key when there is one: unpacked next to it and renamed into place, so the folder either
 * holds the whole template or stays as it was. Without a current template (none built, a stale one, or
 * `enabled: false`) the folder is only created, and PGlite runs initdb in it as before.
 */
export function preparePgliteDir(
  dataDir: string,
  options: { enabled?: boolean; templateDir?: string; inputs?: TemplateInputs } = {},
): Preparation {
  const dir = resolve(dataDir);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  // Leftovers of a start killed while it unpacked.
  for (const name of readdirSync(parent)) {
    if (name.startsWith(unpackPrefix(dir))) rmSync(join(parent, name), { recursive: true, force: true });
  }
  if (existsSync(join(dir, 'PG_VERSION'))) return { outcome: 'existing' };
  const skipped = (reason: Extract<Preparation, { outcome: 'skipped' }>['reason'], more: { key?: string; detail?: string } = {}): Preparation => {
    mkdirSync(dir, { recursive: true });
    return { outcome: 'skipped', reason, ...more };
  };
  if (options.enabled === false) return skipped('disabled');
  if (existsSync(dir) && readdirSync(dir).length > 0) return skipped('folder not empty');
  const started = performance.now();
  const templateDir = options.templateDir ?? TEMPLATE_DIR;
  const key = templateKey(options.inputs);
  const file = templateFile(key, templateDir);
  if (!existsSync(file)) {
    const others = existsSync(templateDir) ? readdirSync(templateDir).filter((n) => n.endsWith('.tar.gz')) : [];
    return skipped(others.length > 0 ? 'stale template' : 'no template', { key });
  }
  const staging = join(parent, `${unpackPrefix(dir)}${process.pid}`);
  try {
    unpackInto(readFileSync(file), staging);
    if (!existsSync(join(staging, 'PG_VERSION'))) throw new Error('the template holds no PG_VERSION');
    if (existsSync(dir)) rmdirSync(dir); // empty (checked above); rename(2) would replace it, rmdir says so plainly
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    return skipped('unpack failed', { key, detail: error instanceof Error ? error.message : String(error) });
  }
  return { outcome: 'unpacked', key, ms: performance.now() - started };
}
