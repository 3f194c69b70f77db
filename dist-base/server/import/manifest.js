"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadManifest = loadManifest;
exports.readManifest = readManifest;
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const systems_1 = require("../terminology/systems");
const import_error_1 = require("./import-error");
const import_file_1 = require("./import-file");
const parse_1 = require("./parse");
/**
 * Loads every file a manifest names, in order, each in its own transaction: a failure stops the run with
 * an `ImportError` and leaves the files before it loaded. Files already loaded with the same content are
 * `unchanged`, so a manifest can be run again at every start.
 *
 * @example
 * await loadManifest(db, 'scripts/manifests/ncmp-sources.json');
 */
async function loadManifest(db, manifestPath, opts = {}) {
    const entries = await readManifest(manifestPath);
    const base = (0, node_path_1.dirname)((0, node_path_1.resolve)(manifestPath));
    const results = [];
    for (const [index, entry] of entries.entries()) {
        const file = (0, node_path_1.resolve)(base, entry.file);
        const options = { replace: opts.replace ?? false };
        if (entry.system !== undefined) {
            const system = (0, systems_1.knownSystem)(entry.system);
            if (!system)
                throw new import_error_1.ImportError(manifestPath, undefined, `entry ${index + 1}: unknown system '${entry.system}' (ncmp, saerkoder)`);
            options.system = system;
        }
        if (entry.version !== undefined)
            options.version = entry.version;
        if (entry.effectiveFrom !== undefined)
            options.effectiveFrom = entry.effectiveFrom;
        if (entry.format !== undefined)
            options.format = entry.format;
        if (entry.content !== undefined)
            options.content = entry.content;
        if (entry.allowCodes !== undefined)
            options.allowCodes = entry.allowCodes;
        results.push({ file, result: await (0, import_file_1.importFile)(db, file, options) });
    }
    return results;
}
const STRING_FIELDS = ['file', 'system', 'version', 'effectiveFrom', 'format', 'content'];
/** Reads and checks a manifest's shape, naming the entry and field that is wrong. */
async function readManifest(manifestPath) {
    let value;
    try {
        value = JSON.parse(await (0, promises_1.readFile)(manifestPath, 'utf8'));
    }
    catch (error) {
        throw new import_error_1.ImportError(manifestPath, undefined, `cannot read the manifest: ${error instanceof Error ? error.message : String(error)}`);
    }
    const entries = typeof value === 'object' && value !== null && 'entries' in value ? value.entries : undefined;
    if (!Array.isArray(entries))
        throw new import_error_1.ImportError(manifestPath, undefined, 'a manifest is { "entries": [ … ] }');
    return entries.map((entry, index) => {
        const problem = (text) => new import_error_1.ImportError(manifestPath, undefined, `entry ${index + 1}: ${text}`);
        if (typeof entry !== 'object' || entry === null)
            throw problem('not an object');
        const record = entry;
        for (const field of STRING_FIELDS) {
            if (record[field] !== undefined && typeof record[field] !== 'string')
                throw problem(`${field} must be a string`);
        }
        if (typeof record.file !== 'string')
            throw problem('file is missing');
        if (record.format !== undefined && !parse_1.CODE_FILE_FORMATS.includes(record.format)) {
            throw problem(`format must be one of ${parse_1.CODE_FILE_FORMATS.join(', ')}`);
        }
        if (record.content !== undefined && record.content !== 'complete' && record.content !== 'fragment') {
            throw problem('content must be complete or fragment');
        }
        const allowCodes = record.allowCodes;
        if (allowCodes !== undefined && !(Array.isArray(allowCodes) && allowCodes.every((c) => typeof c === 'string'))) {
            throw problem('allowCodes must be a list of codes');
        }
        return record;
    });
}
//# sourceMappingURL=manifest.js.map