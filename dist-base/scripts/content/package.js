"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GENERATED_TYPES = exports.PACKAGE_VERSION = exports.PACKAGE_NAME = void 0;
exports.packageManifest = packageManifest;
exports.packageIndex = packageIndex;
exports.packageFiles = packageFiles;
const systems_1 = require("../../server/terminology/systems");
const build_1 = require("./build");
/** The FHIR NPM package's name and version (bump the version when the published content changes). */
exports.PACKAGE_NAME = 'ncmp-terminology.content';
exports.PACKAGE_VERSION = '1.0.0';
/** The resource types whose files the generator writes; other files in the package folder are kept. */
exports.GENERATED_TYPES = ['CodeSystem', 'ValueSet', 'ConceptMap'];
/** The package manifest (`package/package.json`). */
function packageManifest() {
    return {
        name: exports.PACKAGE_NAME,
        version: exports.PACKAGE_VERSION,
        description: 'NCMP (Norsk klassifikasjon av medisinske prosedyrer) 2007–2017, the 2021 change document and NordDRG’s preliminary ' +
            '2024 list, the national særkode lists, their ValueSets and the særkode → NCMP succession, as served by the NCMP ' +
            'terminology server.',
        canonical: systems_1.PROJECT_BASE,
        fhirVersions: ['4.0.1'],
        type: 'fhir.ig',
        license: 'NLOD-2.0',
        author: 'ncmp-terminology-server project',
        jurisdiction: 'urn:iso:std:iso:3166#NO',
        dependencies: { 'hl7.fhir.r4.core': '4.0.1' },
    };
}
/** `.index.json` for the resources of the package (every `*.json` resource file in it), sorted by file name. */
function packageIndex(resources) {
    const files = resources
        .map((r) => {
        const entry = { filename: (0, build_1.resourceFileName)(r), resourceType: r.resourceType };
        const fields = r;
        if (fields.id)
            entry.id = fields.id;
        if (fields.url)
            entry.url = fields.url;
        if (fields.version)
            entry.version = fields.version;
        if (fields.kind)
            entry.kind = fields.kind;
        return entry;
    })
        .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
    return { 'index-version': 2, files };
}
/** Every file of the package folder: name → bytes as text. */
function packageFiles(resources) {
    const files = new Map();
    files.set('package.json', (0, build_1.packageJson)(packageManifest()));
    files.set('.index.json', (0, build_1.packageJson)(packageIndex(resources)));
    for (const r of resources)
        files.set((0, build_1.resourceFileName)(r), (0, build_1.packageJson)(r));
    return files;
}
//# sourceMappingURL=package.js.map