"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.up = up;
exports.down = down;
const kysely_1 = require("kysely");
// Frozen: never edit a migration that has shipped; add a new one.
/**
 * What a CodeSystem says of its version that answers use: `language` (of its displays), `experimental`, its
 * standards-status extension and the uri of each property it defines. A JSON object, empty for versions loaded
 * before (they answer as they did).
 */
async function up(db) {
    await db.schema.alterTable('code_system_version').addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo((0, kysely_1.sql) `'{}'::jsonb`)).execute();
}
async function down(db) {
    await db.schema.alterTable('code_system_version').dropColumn('attributes').execute();
}
//# sourceMappingURL=20261203T1700-code-system-version-attributes.js.map