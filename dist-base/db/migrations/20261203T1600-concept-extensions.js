"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.up = up;
exports.down = down;
const kysely_1 = require("kysely");
// Frozen: never edit a migration that has shipped; add a new one.
/**
 * A concept keeps the extensions its code system gives it that an expansion repeats (`rendering-style`,
 * `rendering-xhtml`): a JSON array, empty for concepts loaded before.
 */
async function up(db) {
    await db.schema.alterTable('concept').addColumn('extensions', 'jsonb', (c) => c.notNull().defaultTo((0, kysely_1.sql) `'[]'::jsonb`)).execute();
}
async function down(db) {
    await db.schema.alterTable('concept').dropColumn('extensions').execute();
}
//# sourceMappingURL=20261203T1600-concept-extensions.js.map