"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * Migrates the configured database and loads the shipped content (and NCMP_IMPORT_MANIFEST), then exits:
 * the one-shot `init` service of docker-compose.yml, run once before the replicas start, so that they find
 * the content current rather than race to load it.
 */
const pino_1 = __importDefault(require("pino"));
const connect_1 = require("../db/connect");
const migrate_1 = require("../db/migrate");
const config_1 = require("../server/config");
const content_1 = require("../server/content");
async function main() {
    const config = (0, config_1.loadConfig)();
    if (!config.databaseUrl)
        throw new Error('DATABASE_URL is not set: prepare is for a shared PostgreSQL');
    const logger = (0, pino_1.default)({ level: config.logLevel });
    const handle = await (0, connect_1.connect)({ kind: 'postgres', url: config.databaseUrl });
    try {
        await (0, migrate_1.migrateToLatest)(handle.db);
        await (0, content_1.ensureContent)(handle.db, { manifest: config.importManifest, logger });
        logger.info('database prepared');
    }
    finally {
        await handle.close();
    }
}
main().catch((error) => {
    process.stderr.write(`prepare failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
//# sourceMappingURL=prepare.js.map