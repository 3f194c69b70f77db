"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.up = up;
exports.down = down;
// Frozen: never edit a migration that has shipped; add a new one.
/**
 * A code system version may have no effective period (most CodeSystems carry none): `effective_from` null
 * means in force on any date, chosen by version or as the only or latest version.
 */
async function up(db) {
    await db.schema.alterTable('code_system_version').alterColumn('effective_from', (c) => c.dropNotNull()).execute();
}
/** Makes `effective_from` required again; fails while an undated version is stored (delete it first). */
async function down(db) {
    await db.schema.alterTable('code_system_version').alterColumn('effective_from', (c) => c.setNotNull()).execute();
}
//# sourceMappingURL=20261203T1200-undated-code-system-versions.js.map