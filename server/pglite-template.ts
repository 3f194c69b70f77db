/**
 * The packaged PGlite database (issue 16): `npm run build` makes a migrated PGlite data folder with the shipped
 * content loaded (`scripts/pglite-template.ts`) and keeps it as a gzipped tar under `dist/pglite-template/`,
 * named by a key over everything that decides what that folder holds. A first start on an empty `PGLITE_DIR`
 * unpacks it instead of running PGlite's initdb (a second, in-memory PGlite: most of the old 700 MB peak) and
 * importing the content. The server then migrates and checks the content as at every start, so the template only
 * saves work: it never stands in for a check.
 *
 * - **Stale templates are never used.** The key hashes the PGlite version, the code that writes the store (the
 *   running build's `db/` and `server/`) and every file of the shipped package. A template
 *   of another key is not used: the start falls back to initdb and import, which loads the package as it is now.
 * - **All or nothing.** The tar is unpacked into a sibling folder, which is renamed into place once complete: a
 *   start killed while unpacking leaves `PGLITE_DIR` as it was (the leftover folder is removed at the next start).
 * - **Only an empty folder.** An existing database, or a folder holding anything else, is left alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { ensureContent, SHIPPED_PACKAGE_DIR } from './content';

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

// ---- a minimal ustar writer and reader: regular files and folders, nothing else ----

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, kind: 'file' | 'dir', size: number, mode: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  let prefix = '';
  let short = name;
  if (Buffer.byteLength(short) > 100) {
    const cut = name.lastIndexOf('/', name.length - 1 - (kind === 'dir' ? 1 : 0));
    prefix = name.slice(0, cut);
    short = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(short) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`tar: path too long: ${name}`);
  }
  header.write(short, 0, 100, 'utf8');
  header.write(octal(mode & 0o7777, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(0, 12), 136, 'ascii'); // mtime 0: the same folder gives the same bytes
  header.write(' '.repeat(8), 148, 'ascii');
  header.write(kind === 'dir' ? '5' : '0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** A gzipped ustar of the folder's contents (paths relative to it, folders first, sorted); skips `skip` names. */
export function packFolder(dir: string, skip: readonly string[] = []): Buffer {
  const parts: Buffer[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(d, entry.name);
      const name = relative(dir, full).split(sep).join('/');
      if (skip.includes(name)) continue;
      const mode = statSync(full).mode;
      if (entry.isDirectory()) {
        parts.push(tarHeader(`${name}/`, 'dir', 0, mode));
        walk(full);
      } else if (entry.isFile()) {
        const bytes = readFileSync(full);
        parts.push(tarHeader(name, 'file', bytes.length, mode), bytes, Buffer.alloc((BLOCK - (bytes.length % BLOCK)) % BLOCK));
      } else {
        throw new Error(`tar: ${name} is neither a file nor a folder`);
      }
    }
  };
  walk(dir);
  parts.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(parts));
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** Unpacks a gzipped ustar made by `packFolder` into `dir` (created); refuses anything but files and folders inside it. */
export function unpackInto(tarGz: Buffer, dir: string): void {
  const tar = gunzipSync(tarGz);
  mkdirSync(dir, { recursive: true });
  let at = 0;
  for (;;) {
    if (at + BLOCK > tar.length) throw new Error('tar: truncated (no end marker)');
    const block = tar.subarray(at, at + BLOCK);
    if (block.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
    if (parseInt(text(block, 148, 8).trim(), 8) !== sum) throw new Error(`tar: bad header checksum at byte ${at}`);
    const prefix = text(block, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + text(block, 0, 100);
    const size = parseInt(text(block, 124, 12).trim() || '0', 8);
    const mode = parseInt(text(block, 100, 8).trim() || '0', 8) & 0o777;
    const type = text(block, 156, 1);
    const target = resolve(dir, name);
    if (name.startsWith('/') || name.split('/').includes('..') || !(target === dir || target.startsWith(dir + sep))) throw new Error(`tar: path outside the folder: ${name}`);
    at += BLOCK;
    if (type === '5') {
      mkdirSync(target, { recursive: true, mode: mode || 0o700 });
    } else if (type === '0' || type === '') {
      if (at + size > tar.length) throw new Error(`tar: truncated in ${name}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, tar.subarray(at, at + size), { mode: mode || 0o600 });
      at += Math.ceil(size / BLOCK) * BLOCK;
    } else {
      throw new Error(`tar: entry ${name} of type '${type}' is not supported`);
    }
  }
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
      await ensureContent(handle.db, { ...(options.inputs?.packageDir ? { packageDir: options.inputs.packageDir } : {}) });
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
