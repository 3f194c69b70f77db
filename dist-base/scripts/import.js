"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * Loads code files into the terminology store.
 *
 *   npm run import -- --system ncmp --version 2014 --from 2014-01-01 FILE [--format kith-txt] [--content fragment] [--replace]
 *   npm run import -- --manifest scripts/manifests/ncmp-sources.json [--replace]
 *   npm run import -- FILE.json            (a FHIR CodeSystem, ValueSet or ConceptMap)
 *
 * Reads DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded store, default ./data/pglite) like the server and
 * migrates the schema first. Exit code 0 on success, 1 with "file:line: problem" on failure.
 */
const node_fs_1 = require("node:fs");
const node_util_1 = require("node:util");
const connect_1 = require("../db/connect");
const migrate_1 = require("../db/migrate");
const config_1 = require("../server/config");
const import_error_1 = require("../server/import/import-error");
const import_file_1 = require("../server/import/import-file");
const manifest_1 = require("../server/import/manifest");
const parse_1 = require("../server/import/parse");
const systems_1 = require("../server/terminology/systems");
const USAGE = 'usage: import --system ncmp|saerkoder --version V --from YYYY-MM-DD FILE [--format F] [--content complete|fragment] [--allow-code C]… [--replace]\n' +
    '       import --manifest FILE [--replace]';
function describe(result, file) {
    const what = `${result.resourceType} ${result.url}${result.version ? `|${result.version}` : ''}`;
    return `${result.status.padEnd(9)} ${what} (${result.rowCount} rows) from ${file}`;
}
async function main(argv) {
    const { values, positionals } = (0, node_util_1.parseArgs)({
        args: argv,
        allowPositionals: true,
        options: {
            system: { type: 'string' },
            version: { type: 'string' },
            from: { type: 'string' },
            format: { type: 'string' },
            content: { type: 'string' },
            'allow-code': { type: 'string', multiple: true },
            manifest: { type: 'string' },
            replace: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const file = positionals[0];
    if ((values.manifest === undefined) === (file === undefined) || positionals.length > 1) {
        console.error(USAGE);
        return 1;
    }
    const system = values.system === undefined ? undefined : (0, systems_1.knownSystem)(values.system);
    if (values.system !== undefined && !system)
        throw new Error(`unknown system '${values.system}' (ncmp, saerkoder)`);
    if (values.format !== undefined && !parse_1.CODE_FILE_FORMATS.includes(values.format)) {
        throw new Error(`--format must be one of ${parse_1.CODE_FILE_FORMATS.join(', ')}`);
    }
    if (values.content !== undefined && values.content !== 'complete' && values.content !== 'fragment') {
        throw new Error('--content must be complete or fragment');
    }
    const config = (0, config_1.loadConfig)();
    if (!config.databaseUrl)
        (0, node_fs_1.mkdirSync)(config.pgliteDir, { recursive: true });
    const handle = await (0, connect_1.connect)(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDir });
    try {
        await (0, migrate_1.migrateToLatest)(handle.db);
        if (values.manifest !== undefined) {
            for (const { file: loaded, result } of await (0, manifest_1.loadManifest)(handle.db, values.manifest, { replace: values.replace })) {
                console.log(describe(result, loaded));
            }
        }
        else if (file !== undefined) {
            const result = await (0, import_file_1.importFile)(handle.db, file, {
                ...(system ? { system } : {}),
                ...(values.version !== undefined ? { version: values.version } : {}),
                ...(values.from !== undefined ? { effectiveFrom: values.from } : {}),
                ...(values.format !== undefined ? { format: values.format } : {}),
                ...(values.content !== undefined ? { content: values.content } : {}),
                ...(values['allow-code'] ? { allowCodes: values['allow-code'] } : {}),
                replace: values.replace,
            });
            console.log(describe(result, file));
        }
        return 0;
    }
    finally {
        await handle.close();
    }
}
main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    // An ImportError's message already reads "file:line: problem".
    const message = error instanceof import_error_1.ImportError || error instanceof Error ? error.message : String(error);
    console.error(`import failed: ${message}`);
    process.exit(1);
});
//# sourceMappingURL=import.js.map