// The packaged PGlite database (issue 16), on real PGlite folders and a real (small) package: a first start on an
// empty folder gets the template of the current key, whole; a changed package, changed store code, an existing
// database, a folder holding something else and a disabled template are not given it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { connect } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { ensureContent, SHIPPED_PACKAGE_DIR } from '../../server/content';
import { buildTemplate, packFolder, preparePgliteDir, templateKey, unpackInto, type TemplateInputs } from '../../server/pglite-template';

const FILES = ['CodeSystem-saerkoder-2009.json', 'ValueSet-saerkoder-2009.json'];

/** What a PGlite folder holds: the særkode 2009 display of 0XX00, the migrations still to run, and a fresh load's statuses. */
async function inspect(dataDir: string, packageDir: string): Promise<{ display: string | undefined; pending: number; statuses: string[] }> {
  const handle = await connect({ kind: 'pglite', dataDir });
  try {
    const applied = (await migrateToLatest(handle.db)).results?.length ?? 0;
    const statuses = (await ensureContent(handle.db, { packageDir })).map((r) => r.status);
    const { rows } = await sql<{ display: string }>`
      select c.display from concept c join code_system_version v on v.id = c.version_id
      where v.resource_id = 'saerkoder-2009' and c.code = '0XX00'`.execute(handle.db);
    return { display: rows[0]?.display, pending: applied, statuses };
  } finally {
    await handle.close();
  }
}

describe('the packaged PGlite template', () => {
  let dir: string;
  let packageDir: string;
  let templateDir: string;
  let inputs: TemplateInputs;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncmp-template-test-'));
    packageDir = path.join(dir, 'package');
    templateDir = path.join(dir, 'templates');
    mkdirSync(packageDir);
    for (const f of FILES) copyFileSync(path.join(SHIPPED_PACKAGE_DIR, f), path.join(packageDir, f));
    inputs = { packageDir, fhirCore: false };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs and unpacks a folder exactly (nested and empty folders, binary bytes, paths over 100 characters)', () => {
    const src = path.join(dir, 'tar-src');
    const long = path.join(src, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(long, { recursive: true });
    mkdirSync(path.join(src, 'empty'));
    const bytes = Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7) % 256));
    writeFileSync(path.join(long, 'c'.repeat(40)), bytes);
    writeFileSync(path.join(src, 'PG_VERSION'), '17\n');
    writeFileSync(path.join(src, 'zero'), '');
    const out = path.join(dir, 'tar-out');
    const tarGz = packFolder(src);
    expect(packFolder(src).equals(tarGz)).toBe(true); // deterministic
    unpackInto(tarGz, out);
    expect(readFileSync(path.join(out, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(40))).equals(bytes)).toBe(true);
    expect(readFileSync(path.join(out, 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(readFileSync(path.join(out, 'zero')).length).toBe(0);
    expect(readdirSync(path.join(out, 'empty'))).toEqual([]);
    // A damaged archive is refused, not half-trusted.
    const raw = require('node:zlib').gunzipSync(tarGz) as Buffer;
    raw[10] = raw[10]! ^ 1;
    expect(() => unpackInto(require('node:zlib').gzipSync(raw) as Buffer, path.join(dir, 'tar-bad'))).toThrow(/checksum/);
    // Nothing but files and folders, and nothing outside the folder.
    const odd = path.join(dir, 'tar-odd');
    mkdirSync(odd);
    symlinkSync('/etc/passwd', path.join(odd, 'link'));
    const packed = (entries: string[], cwd: string): Buffer => {
      const chunks: Buffer[] = [];
      tar.create({ sync: true, gzip: true, cwd, portable: true }, entries).on('data', (c: Buffer) => chunks.push(c));
      return Buffer.concat(chunks);
    };
    expect(() => unpackInto(packed(['link'], odd), path.join(dir, 'tar-odd-out'))).toThrow(/neither files nor folders: link/);
    writeFileSync(path.join(dir, 'tar-secret'), 'x');
    expect(() => unpackInto(packed(['../tar-secret'], odd), path.join(dir, 'deep', 'out'))).toThrow(/path contains '\.\.'/);
    expect(existsSync(path.join(dir, 'deep', 'tar-secret'))).toBe(false);
  });

  it('gives an empty folder the migrated, loaded database; a changed package is not given the old one', async () => {
    const made = await buildTemplate({ templateDir, inputs });
    expect(made.built).toBe(true);
    expect((await buildTemplate({ templateDir, inputs })).built).toBe(false); // current: not made again

    // A first start: the folder gets the whole template, already migrated and holding the package.
    const first = path.join(dir, 'first', 'pglite');
    mkdirSync(first, { recursive: true }); // an empty folder (as `mkdir -p data/pglite`) is taken too
    const prepared = preparePgliteDir(first, { templateDir, inputs });
    expect(prepared).toMatchObject({ outcome: 'unpacked', key: made.key });
    expect(readdirSync(path.dirname(first))).toEqual(['pglite']); // no unpack folder left beside it
    const original = JSON.parse(readFileSync(path.join(packageDir, FILES[0]!), 'utf8')) as { concept: { code: string; display: string }[] };
    const loaded = await inspect(first, packageDir);
    expect(loaded).toEqual({ display: original.concept.find((c) => c.code === '0XX00')!.display, pending: 0, statuses: ['unchanged', 'unchanged'] });
    // The next start finds its database and leaves it alone.
    expect(preparePgliteDir(first, { templateDir, inputs })).toEqual({ outcome: 'existing' });

    // The package changes (a new text for 0XX00): the template is stale, the folder is left to initdb and the import,
    // and what lands is the package as it is now.
    const changed = { ...original, concept: original.concept.map((c) => (c.code === '0XX00' ? { ...c, display: `${c.display} (ny tekst)` } : c)) };
    writeFileSync(path.join(packageDir, FILES[0]!), JSON.stringify(changed, null, 2));
    expect(templateKey(inputs)).not.toBe(made.key);
    const second = path.join(dir, 'second', 'pglite');
    expect(preparePgliteDir(second, { templateDir, inputs })).toMatchObject({ outcome: 'skipped', reason: 'stale template' });
    expect(readdirSync(second)).toEqual([]);
    const reloaded = await inspect(second, packageDir);
    expect(reloaded.display).toBe(`${original.concept.find((c) => c.code === '0XX00')!.display} (ny tekst)`);
    expect(reloaded.statuses[0]).toBe('loaded'); // the CodeSystem (its ValueSet is made with it)

    // Building again makes the new key's template and drops the stale one.
    const remade = await buildTemplate({ templateDir, inputs });
    expect(remade.built).toBe(true);
    expect(readdirSync(templateDir)).toEqual([`${remade.key}.tar.gz`]);
    const third = path.join(dir, 'third', 'pglite');
    expect(preparePgliteDir(third, { templateDir, inputs })).toMatchObject({ outcome: 'unpacked', key: remade.key });
    expect((await inspect(third, packageDir)).display).toBe(reloaded.display);
  }, 120_000);

  it('leaves a folder holding anything else alone, removes a killed unpack, and can be switched off', () => {
    const busy = path.join(dir, 'busy', 'pglite');
    mkdirSync(busy, { recursive: true });
    writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    expect(preparePgliteDir(busy, { templateDir, inputs })).toMatchObject({ outcome: 'skipped', reason: 'folder not empty' });
    expect(readdirSync(busy)).toEqual(['notes.txt']);

    const killed = path.join(dir, 'killed', 'pglite');
    const leftover = path.join(dir, 'killed', '.pglite.unpacking-99999');
    mkdirSync(path.join(leftover, 'base'), { recursive: true });
    expect(preparePgliteDir(killed, { templateDir, inputs, enabled: false })).toMatchObject({ outcome: 'skipped', reason: 'disabled' });
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(killed)).toEqual([]);

    expect(preparePgliteDir(path.join(dir, 'none', 'pglite'), { templateDir: path.join(dir, 'no-templates'), inputs })).toMatchObject({
      outcome: 'skipped',
      reason: 'no template',
    });
  });

  it('keys on the code that writes the store as well as on the package', () => {
    const code = path.join(dir, 'code');
    mkdirSync(code);
    writeFileSync(path.join(code, `load${path.extname(__filename)}`), 'export const a = 1;');
    const key = templateKey({ packageDir, code: [code] });
    expect(templateKey({ packageDir, code: [code] })).toBe(key);
    writeFileSync(path.join(code, `load${path.extname(__filename)}`), 'export const a = 2;');
    expect(templateKey({ packageDir, code: [code] })).not.toBe(key);
    expect(templateKey({ packageDir })).not.toBe(key);
  });
});
