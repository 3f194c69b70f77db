"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.importFile = importFile;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const import_error_1 = require("./import-error");
const load_1 = require("./load");
const load_code_system_1 = require("./load-code-system");
const parse_1 = require("./parse");
/**
 * Reads one file, parses it and loads it in one transaction: a code list as one code system version, a
 * FHIR JSON file as its resource. Throws an `ImportError` naming the file (and line) on any problem.
 *
 * @example
 * await importFile(db, 'NCMP_2007.txt', { system: NCMP, version: '2007', effectiveFrom: '2007-01-01' });
 */
async function importFile(db, filePath, opts) {
    const name = (0, node_path_1.basename)(filePath);
    let bytes;
    try {
        bytes = await (0, promises_1.readFile)(filePath);
    }
    catch (error) {
        throw new import_error_1.ImportError(filePath, undefined, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
    }
    const sha256 = (0, node_crypto_1.createHash)('sha256').update(bytes).digest('hex');
    const content = opts.content ?? 'complete';
    if (opts.system && opts.version && opts.effectiveFrom) {
        const unchanged = await (0, load_code_system_1.unchangedCodeList)(db, {
            system: opts.system,
            version: opts.version,
            effectiveFrom: opts.effectiveFrom,
            content,
            sha256,
            ...(opts.format ? { format: opts.format } : {}),
        });
        if (unchanged)
            return unchanged;
    }
    const parsed = await (0, parse_1.parseCodeFile)(bytes, name, {
        ...(opts.system ? { system: opts.system } : {}),
        ...(opts.format ? { format: opts.format } : {}),
        ...(opts.allowCodes ? { allowCodes: opts.allowCodes } : {}),
    });
    if (parsed.format === 'fhir-json') {
        return (0, load_1.loadFhirResource)(db, parsed.resource, {
            file: name,
            ...(opts.effectiveFrom ? { effectiveFrom: opts.effectiveFrom } : {}),
            ...(opts.replace ? { replace: true } : {}),
        });
    }
    const { system, version, effectiveFrom } = opts;
    if (!system || !version || !effectiveFrom) {
        throw new import_error_1.ImportError(name, undefined, 'a code list needs its system, version and effective date');
    }
    return (0, load_code_system_1.loadCodeSystemVersion)(db, {
        system,
        version,
        effectiveFrom,
        content,
        concepts: parsed.concepts,
        source: { file: name, sha256, format: parsed.format, encoding: parsed.encoding },
        replace: opts.replace ?? false,
    });
}
//# sourceMappingURL=import-file.js.map