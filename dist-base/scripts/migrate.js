"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * Brings the configured database to the newest schema: `npm run migrate`.
 * Reads DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded store, default ./data/pglite) like the server.
 */
const node_fs_1 = require("node:fs");
const connect_1 = require("../db/connect");
const migrate_1 = require("../db/migrate");
const config_1 = require("../server/config");
async function main() {
    const config = (0, config_1.loadConfig)();
    if (!config.databaseUrl)
        (0, node_fs_1.mkdirSync)(config.pgliteDir, { recursive: true });
    const handle = await (0, connect_1.connect)(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDir });
    try {
        const result = await (0, migrate_1.migrateToLatest)(handle.db);
        const applied = result.results?.map((r) => r.migrationName) ?? [];
        console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
        return 0;
    }
    finally {
        await handle.close();
    }
}
main().then((code) => process.exit(code), (error) => {
    console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
//# sourceMappingURL=migrate.js.map