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
exports.migrateToLatest = migrateToLatest;
const kysely_1 = require("kysely");
const terminologyStore = __importStar(require("./migrations/20261123T1800-terminology-store"));
const codeSystemSupplements = __importStar(require("./migrations/20261123T1900-code-system-supplements"));
const contentChangeNotify = __importStar(require("./migrations/20261202T2000-content-change-notify"));
const undatedCodeSystemVersions = __importStar(require("./migrations/20261203T1200-undated-code-system-versions"));
const conceptExtensions = __importStar(require("./migrations/20261203T1600-concept-extensions"));
const codeSystemVersionAttributes = __importStar(require("./migrations/20261203T1700-code-system-version-attributes"));
/** Every migration, by name; names sort in the order they run. Add new ones here, never edit old ones. */
const MIGRATIONS = {
    '20261123T1800-terminology-store': terminologyStore,
    '20261123T1900-code-system-supplements': codeSystemSupplements,
    '20261202T2000-content-change-notify': contentChangeNotify,
    '20261203T1200-undated-code-system-versions': undatedCodeSystemVersions,
    '20261203T1600-concept-extensions': conceptExtensions,
    '20261203T1700-code-system-version-attributes': codeSystemVersionAttributes,
};
/** Serves the migrations from the static table above, so the compiled server needs no file-system scan. */
class StaticMigrationProvider {
    async getMigrations() {
        return MIGRATIONS;
    }
}
/** Brings the database to the newest schema; throws with the failing migration's error. */
async function migrateToLatest(db) {
    const migrator = new kysely_1.Migrator({ db, provider: new StaticMigrationProvider() });
    const result = await migrator.migrateToLatest();
    if (result.error) {
        const failed = result.results?.find((r) => r.status === 'Error');
        const message = result.error instanceof Error ? result.error.message : String(result.error);
        throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${message}`);
    }
    return result;
}
//# sourceMappingURL=migrate.js.map