"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SHIPPED_PACKAGE_DIR = void 0;
exports.readPackageResources = readPackageResources;
exports.ensureContent = ensureContent;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const import_error_1 = require("./import/import-error");
const load_1 = require("./import/load");
const load_code_system_1 = require("./import/load-code-system");
const manifest_1 = require("./import/manifest");
/**
 * The published content the server ships: a FHIR NPM package folder (see `npm run content`), found from this
 * module upwards, so that it is the same folder whether the server runs from the sources or from `dist/`.
 */
exports.SHIPPED_PACKAGE_DIR = findUp(__dirname, (0, node_path_1.join)('fhir-resources', 'package'));
function findUp(from, relativePath) {
    for (let dir = from;; dir = (0, node_path_1.dirname)(dir)) {
        const candidate = (0, node_path_1.join)(dir, relativePath);
        if ((0, node_fs_1.existsSync)((0, node_path_1.join)(candidate, 'package.json')))
            return candidate;
        if ((0, node_path_1.dirname)(dir) === dir)
            return (0, node_path_1.resolve)(from, '..', relativePath);
    }
}
const LOAD_ORDER = ['CodeSystem', 'ValueSet', 'ConceptMap'];
/**
 * The terminology resources of a FHIR package folder, in load order: code systems first (a version's ValueSet
 * is made with it), then value sets, then concept maps; within a type by file name. Other resource types in the
 * package (OperationDefinitions) are not content and are left out.
 */
async function readPackageResources(dir) {
    const names = (await (0, promises_1.readdir)(dir)).filter((n) => n.endsWith('.json') && n !== 'package.json' && !n.startsWith('.')).sort();
    const out = [];
    for (const name of names) {
        let resource;
        try {
            resource = JSON.parse(await (0, promises_1.readFile)((0, node_path_1.join)(dir, name), 'utf8'));
        }
        catch (error) {
            throw new import_error_1.ImportError(name, undefined, `not FHIR JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (typeof resource.resourceType === 'string' && LOAD_ORDER.includes(resource.resourceType))
            out.push({ file: name, resource: resource });
    }
    return out.sort((a, b) => LOAD_ORDER.indexOf(a.resource.resourceType) - LOAD_ORDER.indexOf(b.resource.resourceType));
}
/**
 * Makes sure the content the project ships (every CodeSystem, ValueSet and ConceptMap of `fhir-resources/package`)
 * is stored, then loads the manifest when one is configured. Both are idempotent: what is stored already with
 * the same content is left alone, so this runs at every start.
 */
async function ensureContent(db, options) {
    await (0, load_code_system_1.registerKnownSystems)(db);
    const results = [];
    for (const { file, resource } of await readPackageResources(options.packageDir ?? exports.SHIPPED_PACKAGE_DIR)) {
        results.push(await (0, load_1.loadFhirResource)(db, resource, { file: `fhir-resources/package/${file}` }));
    }
    if (options.manifest) {
        for (const r of await (0, manifest_1.loadManifest)(db, options.manifest))
            results.push(r.result);
    }
    for (const r of results) {
        if (r.status !== 'unchanged')
            options.logger?.info({ resource: `${r.resourceType}/${r.resourceId}`, rows: r.rowCount, status: r.status }, 'content loaded');
    }
    return results;
}
//# sourceMappingURL=content.js.map