"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PACKAGE_DIR = void 0;
exports.expectedPackage = expectedPackage;
/**
 * `npm run content`: generates the published FHIR content (fhir-resources/package/) from the raw sources in
 * ../shared. `npm run content -- --check` writes nothing and exits 1 when the committed files differ.
 */
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const build_1 = require("./build");
const package_1 = require("./package");
/** The package folder the server loads and the FHIR NPM package is made of. */
exports.PACKAGE_DIR = (0, node_path_1.resolve)(__dirname, '../../fhir-resources/package');
/** Resources in the package folder that the generator does not make (e.g. OperationDefinitions), kept as they are. */
async function otherResources(dir) {
    const names = (await (0, promises_1.readdir)(dir).catch(() => [])).filter((n) => n.endsWith('.json') && n !== 'package.json' && !n.startsWith('.'));
    const kept = [];
    for (const name of names) {
        if (package_1.GENERATED_TYPES.some((t) => name.startsWith(`${t}-`)))
            continue;
        kept.push(JSON.parse(await (0, promises_1.readFile)((0, node_path_1.join)(dir, name), 'utf8')));
    }
    return kept;
}
/** The package's files as they should be: generated resources plus the other resources already there. */
async function expectedPackage(root, dir = exports.PACKAGE_DIR) {
    const generated = await (0, build_1.buildContent)((0, build_1.defaultSources)(root));
    return (0, package_1.packageFiles)([...generated, ...(await otherResources(dir))]);
}
async function main() {
    const check = process.argv.includes('--check');
    const root = (0, node_path_1.resolve)(__dirname, '../..');
    const files = await expectedPackage(root);
    const present = (await (0, promises_1.readdir)(exports.PACKAGE_DIR).catch(() => [])).filter((n) => n.endsWith('.json'));
    const stale = present.filter((n) => !files.has(n));
    const changed = [];
    for (const [name, text] of files) {
        const current = await (0, promises_1.readFile)((0, node_path_1.join)(exports.PACKAGE_DIR, name), 'utf8').catch(() => undefined);
        if (current !== text)
            changed.push(name);
    }
    if (check) {
        for (const n of [...changed, ...stale])
            console.error(`differs from the sources: fhir-resources/package/${n}`);
        console.log(changed.length + stale.length === 0 ? `fhir-resources/package: ${files.size} files, up to date` : 'run `npm run content` and commit the result');
        return changed.length + stale.length === 0 ? 0 : 1;
    }
    await (0, promises_1.mkdir)(exports.PACKAGE_DIR, { recursive: true });
    for (const n of stale)
        await (0, promises_1.rm)((0, node_path_1.join)(exports.PACKAGE_DIR, n));
    for (const n of changed)
        await (0, promises_1.writeFile)((0, node_path_1.join)(exports.PACKAGE_DIR, n), files.get(n) ?? '');
    console.log(`fhir-resources/package: ${files.size} files (${changed.length} written, ${stale.length} removed)`);
    return 0;
}
if (require.main === module) {
    main().then((code) => process.exit(code), (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
//# sourceMappingURL=generate.js.map