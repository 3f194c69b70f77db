"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultSources = defaultSources;
exports.buildContent = buildContent;
exports.resourceFileName = resourceFileName;
exports.packageJson = packageJson;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const manifest_1 = require("../../server/import/manifest");
const parse_1 = require("../../server/import/parse");
const load_code_system_1 = require("../../server/import/load-code-system");
const systems_1 = require("../../server/terminology/systems");
const code_list_code_system_1 = require("./code-list-code-system");
const ncmp_2021_facts_1 = require("./ncmp-2021-facts");
const ncmp_fragment_code_system_1 = require("./ncmp-fragment-code-system");
const nordrg_2024_1 = require("./nordrg-2024");
const saerkode_succession_concept_map_1 = require("./saerkode-succession-concept-map");
const saerkode_repair_1 = require("./saerkode-repair");
const sources_1 = require("./sources");
/** The default sources: the team's copy beside the clone. */
function defaultSources(root) {
    const shared = (0, node_path_1.resolve)(root, '../shared');
    return {
        manifest: (0, node_path_1.resolve)(root, 'scripts/manifests/ncmp-sources.json'),
        seedsDir: (0, node_path_1.resolve)(shared, 'seeds'),
        nordDrg2024: (0, node_path_1.resolve)(shared, 'data/ncmp-sources/norddrg-ai-benchmark__Combined2024PL/proc_nor.csv'),
    };
}
const sha256 = (bytes) => (0, node_crypto_1.createHash)('sha256').update(bytes).digest('hex');
/** The source folder a file lies in (its parent, or its grandparent for `derived/`). */
function folderOf(file) {
    const parent = (0, node_path_1.basename)((0, node_path_1.dirname)(file));
    return sources_1.SOURCE_FOLDERS[parent] ?? sources_1.SOURCE_FOLDERS[(0, node_path_1.basename)((0, node_path_1.dirname)((0, node_path_1.dirname)(file)))];
}
function provenanceOf(file, bytes, note) {
    const folder = folderOf(file);
    const noteText = [folder?.note, note].filter(Boolean).join(' ');
    return {
        file: (0, node_path_1.basename)(file),
        sha256: sha256(bytes),
        ...(folder ? { repository: folder.repository } : {}),
        nature: folder?.nature ?? 'official-register',
        ...(noteText ? { note: noteText } : {}),
    };
}
/**
 * Every resource the project publishes, generated from the raw sources: one CodeSystem (and its ValueSet) per
 * NCMP register and særkode list of the manifest, the særkode 2017 texts repaired where an earlier official list
 * gives them, NordDRG's preliminary 2024 list as a draft NCMP version, the NCMP 2021 change document as a
 * fragment, and the særkode → NCMP ConceptMap. Deterministic: no clock, no randomness, sources in manifest order.
 */
async function buildContent(sources) {
    const entries = await (0, manifest_1.readManifest)(sources.manifest);
    const base = (0, node_path_1.dirname)(sources.manifest);
    const codeSystems = [];
    /** Særkode lists read so far, newest first: the evidence for repairing a later list's texts. */
    const saerkodeLists = [];
    for (const entry of entries) {
        const file = (0, node_path_1.resolve)(base, entry.file);
        const system = entry.system ? (0, systems_1.knownSystem)(entry.system) : undefined;
        if (!system || !entry.version || !entry.effectiveFrom)
            throw new Error(`${entry.file}: a manifest entry needs system, version and effectiveFrom`);
        const bytes = await (0, promises_1.readFile)(file);
        const parsed = await (0, parse_1.parseCodeFile)(bytes, (0, node_path_1.basename)(file), {
            system,
            ...(entry.format ? { format: entry.format } : {}),
            ...(entry.allowCodes ? { allowCodes: entry.allowCodes } : {}),
        });
        if (parsed.format === 'fhir-json')
            throw new Error(`${entry.file}: expected a code list`);
        let concepts = parsed.concepts.map((c) => ({ code: c.code, display: c.display }));
        let note;
        if (system === systems_1.SAERKODER) {
            concepts = concepts.map((c) => (0, saerkode_repair_1.repairLostCharacters)(c, saerkodeLists));
            const repaired = concepts.filter((c) => c.property?.some((p) => p.code === 'textRepairedFrom')).map((c) => c.code);
            const damaged = concepts.filter((c) => c.property?.some((p) => p.code === 'textDamaged')).map((c) => c.code);
            if (repaired.length)
                note = `Texts with characters lost in the source repaired from an earlier official list: ${repaired.join(', ')}.`;
            if (damaged.length)
                note = `${note ? `${note} ` : ''}Texts with characters lost in the source and no earlier text: ${damaged.join(', ')}.`;
            saerkodeLists.unshift({ file: (0, node_path_1.basename)(file), texts: new Map(parsed.concepts.map((c) => [c.code, c.display])) });
        }
        codeSystems.push(codeListVersion(system, entry.version, entry.effectiveFrom, 'active', concepts, provenanceOf(file, bytes, note)));
    }
    const prelimBytes = await (0, promises_1.readFile)(sources.nordDrg2024);
    codeSystems.push(codeListVersion(systems_1.NCMP, nordrg_2024_1.NORDDRG_2024_VERSION, '2024-01-01', 'draft', (0, nordrg_2024_1.readNordDrg2024)(prelimBytes.toString('utf8'), systems_1.NCMP.codePattern), provenanceOf(sources.nordDrg2024, prelimBytes, 'Only rows with an NCMP code that are not marked inactivated.')));
    const seed = (0, node_path_1.resolve)(sources.seedsDir, sources_1.CHANGE_DOCUMENT_2021_FILE);
    const seedBytes = await (0, promises_1.readFile)(seed);
    const documentProvenance = {
        file: sources_1.CHANGE_DOCUMENT_2021_FILE,
        sha256: sha256(seedBytes),
        nature: 'transcription',
        note: `Text extraction of "${ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021.title}" (${ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021.publisher}, ${ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021.date}), transcribed into data.`,
    };
    const documentCopyright = (0, sources_1.copyrightFor)(ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021.publisher, `${ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021.title} (${ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021.date})`, undefined);
    const fragment = (0, ncmp_fragment_code_system_1.buildNcmpFragmentCodeSystem)({
        version: '2021',
        changes: ncmp_2021_facts_1.NCMP_2021_CHANGES,
        source: ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021,
        provenance: documentProvenance,
        copyright: documentCopyright,
    });
    codeSystems.push(fragment);
    const map = (0, saerkode_succession_concept_map_1.buildSaerkodeSuccessionConceptMap)({
        version: '2021',
        successions: ncmp_2021_facts_1.SAERKODE_SUCCESSION_2021,
        ncmpConcepts: ncmp_2021_facts_1.NCMP_2021_CHANGES,
        source: ncmp_2021_facts_1.NCMP_CHANGE_DOCUMENT_2021,
        publisher: ncmp_2021_facts_1.PROJECT_PUBLISHER,
        provenance: documentProvenance,
        copyright: documentCopyright,
    });
    const valueSets = codeSystems.map((cs) => {
        const system = (0, systems_1.knownSystem)(cs.url ?? '');
        return (0, load_code_system_1.versionValueSet)(system, cs.version ?? '', cs.id ?? '', {
            status: cs.status,
            ...(cs.publisher ? { publisher: cs.publisher } : {}),
            ...(cs.copyright ? { copyright: cs.copyright } : {}),
        });
    });
    return [...codeSystems, ...valueSets, map];
}
function codeListVersion(system, version, effectiveFrom, status, concepts, provenance) {
    const year = Number(effectiveFrom.slice(0, 4));
    const secondary = provenance.nature === 'secondary';
    const publisher = secondary ? 'NordDRG (secondary source)' : (0, sources_1.publisherFor)(year);
    const what = system === systems_1.NCMP ? 'NCMP' : 'særkode list';
    const description = secondary
        ? `${system.description} Version ${version}: NordDRG's preliminary Norwegian procedure list for 2024 (June 2023), ` +
            `${concepts.length} active NCMP codes. Secondary evidence, not an official register: published so that codes in use ` +
            'after 2017 are not reported invalid; texts are cut at 140 characters in the source.'
        : `${system.description} Version ${version}, in force from ${effectiveFrom}: the ${concepts.length} codes of the ${year} ${what} (${provenance.file}).`;
    return (0, code_list_code_system_1.buildCodeListCodeSystem)({
        system,
        version,
        effectiveFrom,
        status,
        publisher,
        copyright: (0, sources_1.copyrightFor)(secondary ? 'Helsedirektoratet (codes and texts), as listed by NordDRG' : publisher, provenance.file, provenance.repository),
        description,
        provenance,
        concepts,
    });
}
/** The file name of a resource in the package: `CodeSystem-ncmp-2014.json`. */
function resourceFileName(resource) {
    return `${resource.resourceType}-${resource.id ?? 'unnamed'}.json`;
}
/** JSON as the package stores it: two-space indent, a final newline. */
function packageJson(value) {
    return `${JSON.stringify(value, null, 2)}\n`;
}
//# sourceMappingURL=build.js.map