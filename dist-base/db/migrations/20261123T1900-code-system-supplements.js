"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.up = up;
exports.down = down;
// Frozen: never edit a migration that has shipped; add a new one.
/** A supplement CodeSystem version records the canonical of the code system it supplements. */
async function up(db) {
    await db.schema.alterTable('code_system_version').addColumn('supplements', 'text').execute();
}
/** Drops the supplements column. */
async function down(db) {
    await db.schema.alterTable('code_system_version').dropColumn('supplements').execute();
}
//# sourceMappingURL=20261123T1900-code-system-supplements.js.map