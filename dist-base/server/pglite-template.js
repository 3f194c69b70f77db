"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEMPLATE_DIR = void 0;
exports.templateKey = templateKey;
exports.templateFile = templateFile;
exports.packFolder = packFolder;
exports.unpackInto = unpackInto;
exports.buildTemplate = buildTemplate;
exports.preparePgliteDir = preparePgliteDir;
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
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const tar = __importStar(require("tar"));
const connect_1 = require("../db/connect");
const migrate_1 = require("../db/migrate");
const content_1 = require("./content");
/** Bumped when the template's layout or this module's way of making it changes. */
const TEMPLATE_FORMAT = 1;
/** The project root: the nearest folder upwards holding package.json (the same from the sources and from dist/). */
const PROJECT_ROOT = (() => {
    for (let dir = __dirname;; dir = (0, node_path_1.dirname)(dir)) {
        if ((0, node_fs_1.existsSync)((0, node_path_1.join)(dir, 'package.json')))
            return dir;
        if ((0, node_path_1.dirname)(dir) === dir)
            return (0, node_path_1.resolve)(__dirname, '..');
    }
})();
/** Where `npm run build` keeps the template (inside dist/, which git ignores and the Docker image copies). */
exports.TEMPLATE_DIR = (0, node_path_1.join)(PROJECT_ROOT, 'dist', 'pglite-template');
/** The running code's root: `dist/` for the built server, the project root under tsx or jest. */
const CODE_ROOT = (0, node_path_1.resolve)(__dirname, '..');
/** The running code's own extension (`.js` built, `.ts` from the sources), so a key covers the code that runs. */
const CODE_EXT = (0, node_path_1.extname)(__filename);
function pgliteVersion() {
    let dir = (0, node_path_1.dirname)(require.resolve('@electric-sql/pglite'));
    for (; (0, node_path_1.dirname)(dir) !== dir; dir = (0, node_path_1.dirname)(dir)) {
        const file = (0, node_path_1.join)(dir, 'package.json');
        if ((0, node_fs_1.existsSync)(file)) {
            const pkg = JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8'));
            if (pkg.name === '@electric-sql/pglite')
                return pkg.version ?? '?';
        }
    }
    return '?';
}
/** Every file under `dir` (recursively), relative to it, sorted; `filter` on the file name. */
function filesUnder(dir, filter = () => true) {
    const out = [];
    const walk = (d) => {
        for (const entry of (0, node_fs_1.readdirSync)(d, { withFileTypes: true })) {
            const full = (0, node_path_1.join)(d, entry.name);
            if (entry.isDirectory())
                walk(full);
            else if (entry.isFile() && filter(entry.name))
                out.push((0, node_path_1.relative)(dir, full));
        }
    };
    walk(dir);
    return out.sort();
}
// All of server/ and db/: the loader reaches into terminology/ (how concepts are flattened, which systems are
// known), so anything narrower could leave a template built by other code looking current.
const DEFAULT_CODE = [(0, node_path_1.join)(CODE_ROOT, 'db'), (0, node_path_1.join)(CODE_ROOT, 'server')];
/**
 * The key of the template for this build and this content: a hash of the PGlite version, the code that writes
 * the store and every file (name and bytes) of the package folder.
 */
function templateKey(inputs = {}) {
    const hash = (0, node_crypto_1.createHash)('sha256');
    const add = (label, bytes) => {
        hash.update(`${label}\0${(0, node_crypto_1.createHash)('sha256').update(bytes).digest('hex')}\n`);
    };
    add('format', String(TEMPLATE_FORMAT));
    add('pglite', pgliteVersion());
    const isCode = (name) => name.endsWith(CODE_EXT) && !name.endsWith('.d.ts');
    for (const place of inputs.code ?? DEFAULT_CODE) {
        if ((0, node_fs_1.statSync)(place).isDirectory()) {
            for (const file of filesUnder(place, isCode))
                add(`code:${(0, node_path_1.basename)(place)}/${file.split(node_path_1.sep).join('/')}`, (0, node_fs_1.readFileSync)((0, node_path_1.join)(place, file)));
        }
        else {
            add(`code:${(0, node_path_1.basename)(place)}`, (0, node_fs_1.readFileSync)(place));
        }
    }
    const packageDir = inputs.packageDir ?? content_1.SHIPPED_PACKAGE_DIR;
    for (const file of filesUnder(packageDir))
        add(`package:${file.split(node_path_1.sep).join('/')}`, (0, node_fs_1.readFileSync)((0, node_path_1.join)(packageDir, file)));
    return hash.digest('hex').slice(0, 24);
}
/** The template file of a key. */
function templateFile(key, templateDir = exports.TEMPLATE_DIR) {
    return (0, node_path_1.join)(templateDir, `${key}.tar.gz`);
}
// ---- packing and unpacking: node-tar, gzipped ----
/** Every folder and file under `dir` (paths relative to it, `/`-separated, sorted, each folder before its contents), less `skip`. */
function entriesUnder(dir, skip) {
    const out = [];
    const walk = (d) => {
        for (const entry of (0, node_fs_1.readdirSync)(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const full = (0, node_path_1.join)(d, entry.name);
            const name = (0, node_path_1.relative)(dir, full).split(node_path_1.sep).join('/');
            if (skip.includes(name))
                continue;
            if (entry.isDirectory()) {
                out.push(name);
                walk(full);
            }
            else if (entry.isFile()) {
                out.push(name);
            }
            else {
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
function packFolder(dir, skip = []) {
    const pack = tar.create({ sync: true, gzip: true, cwd: dir, portable: true, mtime: new Date(0), noDirRecurse: true, strict: true }, entriesUnder(dir, skip));
    const chunks = [];
    pack.on('data', (chunk) => chunks.push(chunk));
    return Buffer.concat(chunks);
}
/**
 * Unpacks a gzipped tar made by `packFolder` into `dir` (created). Strict: a damaged archive throws, and so does an
 * entry other than a file or a folder, and so does a path with `..` in it (node-tar strips a leading `/`), so nothing lands outside
 * `dir`. The caller removes `dir` on error.
 */
function unpackInto(tarGz, dir) {
    (0, node_fs_1.mkdirSync)(dir, { recursive: true });
    const refused = [];
    const unpack = new tar.UnpackSync({
        cwd: dir,
        strict: true,
        noMtime: true,
        filter: (path, entry) => {
            const type = 'type' in entry ? entry.type : undefined;
            if (type === 'File' || type === 'OldFile' || type === 'Directory')
                return true;
            refused.push(`${path} (${String(type)})`);
            return false;
        },
    });
    unpack.end(tarGz);
    if (refused.length > 0)
        throw new Error(`tar: entries that are neither files nor folders: ${refused.join(', ')}`);
}
// ---- the build step ----
/**
 * Makes the template of the current key unless it is there already (`npm run build` runs this after tsc): a fresh
 * PGlite folder, migrated, with the package loaded by the server's own `ensureContent`, closed, then packed. The
 * file is written under a temporary name and renamed, and templates of other keys are removed.
 */
async function buildTemplate(options = {}) {
    const started = performance.now();
    const templateDir = options.templateDir ?? exports.TEMPLATE_DIR;
    const key = templateKey(options.inputs);
    const file = templateFile(key, templateDir);
    if ((0, node_fs_1.existsSync)(file))
        return { key, file, built: false, ms: performance.now() - started };
    const work = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'ncmp-pglite-template-'));
    try {
        const dataDir = (0, node_path_1.join)(work, 'pglite');
        const handle = await (0, connect_1.connect)({ kind: 'pglite', dataDir });
        try {
            await (0, migrate_1.migrateToLatest)(handle.db);
            await (0, content_1.ensureContent)(handle.db, { ...(options.inputs?.packageDir ? { packageDir: options.inputs.packageDir } : {}) });
        }
        finally {
            await handle.close();
        }
        const tarGz = packFolder(dataDir, ['postmaster.pid']);
        (0, node_fs_1.mkdirSync)(templateDir, { recursive: true });
        const partial = (0, node_path_1.join)(templateDir, `.${key}.${process.pid}.partial`);
        (0, node_fs_1.writeFileSync)(partial, tarGz);
        (0, node_fs_1.renameSync)(partial, file);
        for (const name of (0, node_fs_1.readdirSync)(templateDir)) {
            if (name.endsWith('.tar.gz') && name !== (0, node_path_1.basename)(file))
                (0, node_fs_1.rmSync)((0, node_path_1.join)(templateDir, name), { force: true });
        }
    }
    finally {
        (0, node_fs_1.rmSync)(work, { recursive: true, force: true });
    }
    return { key, file, built: true, ms: performance.now() - started };
}
/** Names the unpack folders of a data folder begin with (siblings of it, so that the rename stays on one file system). */
function unpackPrefix(dataDir) {
    return `.${(0, node_path_1.basename)(dataDir)}.unpacking-`;
}
/**
 * Makes `dataDir` ready for PGlite. A folder holding a database is left alone. An empty or missing folder gets the
 * template of the current key when there is one: unpacked next to it and renamed into place, so the folder either
 * holds the whole template or stays as it was. Without a current template (none built, a stale one, or
 * `enabled: false`) the folder is only created, and PGlite runs initdb in it as before.
 */
function preparePgliteDir(dataDir, options = {}) {
    const dir = (0, node_path_1.resolve)(dataDir);
    const parent = (0, node_path_1.dirname)(dir);
    (0, node_fs_1.mkdirSync)(parent, { recursive: true });
    // Leftovers of a start killed while it unpacked.
    for (const name of (0, node_fs_1.readdirSync)(parent)) {
        if (name.startsWith(unpackPrefix(dir)))
            (0, node_fs_1.rmSync)((0, node_path_1.join)(parent, name), { recursive: true, force: true });
    }
    if ((0, node_fs_1.existsSync)((0, node_path_1.join)(dir, 'PG_VERSION')))
        return { outcome: 'existing' };
    const skipped = (reason, more = {}) => {
        (0, node_fs_1.mkdirSync)(dir, { recursive: true });
        return { outcome: 'skipped', reason, ...more };
    };
    if (options.enabled === false)
        return skipped('disabled');
    if ((0, node_fs_1.existsSync)(dir) && (0, node_fs_1.readdirSync)(dir).length > 0)
        return skipped('folder not empty');
    const started = performance.now();
    const templateDir = options.templateDir ?? exports.TEMPLATE_DIR;
    const key = templateKey(options.inputs);
    const file = templateFile(key, templateDir);
    if (!(0, node_fs_1.existsSync)(file)) {
        const others = (0, node_fs_1.existsSync)(templateDir) ? (0, node_fs_1.readdirSync)(templateDir).filter((n) => n.endsWith('.tar.gz')) : [];
        return skipped(others.length > 0 ? 'stale template' : 'no template', { key });
    }
    const staging = (0, node_path_1.join)(parent, `${unpackPrefix(dir)}${process.pid}`);
    try {
        unpackInto((0, node_fs_1.readFileSync)(file), staging);
        if (!(0, node_fs_1.existsSync)((0, node_path_1.join)(staging, 'PG_VERSION')))
            throw new Error('the template holds no PG_VERSION');
        if ((0, node_fs_1.existsSync)(dir))
            (0, node_fs_1.rmdirSync)(dir); // empty (checked above); rename(2) would replace it, rmdir says so plainly
        (0, node_fs_1.renameSync)(staging, dir);
    }
    catch (error) {
        (0, node_fs_1.rmSync)(staging, { recursive: true, force: true });
        return skipped('unpack failed', { key, detail: error instanceof Error ? error.message : String(error) });
    }
    return { outcome: 'unpacked', key, ms: performance.now() - started };
}
//# sourceMappingURL=pglite-template.js.map