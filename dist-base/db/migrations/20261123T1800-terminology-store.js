"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.up = up;
exports.down = down;
const kysely_1 = require("kysely");
// Frozen: never edit a migration that has shipped; add a new one.
/** Creates the generic terminology store: code systems, versions, concepts, value sets, concept maps. */
async function up(db) {
    await db.schema
        .createTable('code_system')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('publisher', 'text')
        .addColumn('description', 'text')
        .addColumn('identifiers', 'jsonb', (c) => c.notNull().defaultTo((0, kysely_1.sql) `'[]'::jsonb`))
        .addColumn('hierarchy_meaning', 'text')
        .addColumn('case_sensitive', 'boolean', (c) => c.notNull().defaultTo(true))
        .execute();
    await db.schema
        .createTable('code_system_alias')
        .addColumn('alias', 'text', (c) => c.primaryKey())
        .addColumn('code_system_id', 'integer', (c) => c.notNull().references('code_system.id').onDelete('cascade'))
        .execute();
    await db.schema
        .createTable('code_system_version')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code_system_id', 'integer', (c) => c.notNull().references('code_system.id').onDelete('cascade'))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('effective_from', 'date', (c) => c.notNull())
        .addColumn('effective_to', 'date')
        .addColumn('published', 'date')
        .addColumn('description', 'text')
        .addColumn('value_set_url', 'text')
        .addColumn('source', 'jsonb', (c) => c.notNull().defaultTo((0, kysely_1.sql) `'{}'::jsonb`))
        .addColumn('concept_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo((0, kysely_1.sql) `now()`))
        .addUniqueConstraint('code_system_version_system_version_uq', ['code_system_id', 'version'])
        .addCheckConstraint('code_system_version_period_ck', (0, kysely_1.sql) `effective_to is null or effective_to > effective_from`)
        .execute();
    // "Which version was in force on date D": one index range scan on (system, effective_from).
    await db.schema
        .createIndex('code_system_version_in_force_idx')
        .on('code_system_version')
        .columns(['code_system_id', 'effective_from'])
        .execute();
    await db.schema
        .createTable('concept')
        .addColumn('version_id', 'integer', (c) => c.notNull().references('code_system_version.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('display', 'text')
        .addColumn('definition', 'text')
        .addColumn('parent_code', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('abstract', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('properties', 'jsonb', (c) => c.notNull().defaultTo((0, kysely_1.sql) `'[]'::jsonb`))
        .addColumn('designations', 'jsonb', (c) => c.notNull().defaultTo((0, kysely_1.sql) `'[]'::jsonb`))
        .addPrimaryKeyConstraint('concept_pk', ['version_id', 'code'])
        .execute();
    // "In which versions did code C exist": one index scan on code.
    await db.schema.createIndex('concept_code_idx').on('concept').columns(['code', 'version_id']).execute();
    await db.schema.createIndex('concept_parent_idx').on('concept').columns(['version_id', 'parent_code']).execute();
    await db.schema
        .createTable('value_set')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('resource_id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('title', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('date', 'text')
        .addColumn('resource', 'jsonb', (c) => c.notNull())
        .execute();
    await db.schema
        .createIndex('value_set_url_version_uq')
        .on('value_set')
        .unique()
        .expression((0, kysely_1.sql) `url, coalesce(version, '')`)
        .execute();
    await db.schema
        .createTable('concept_map')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('resource_id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('title', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('date', 'text')
        .addColumn('source_scope', 'text')
        .addColumn('target_scope', 'text')
        .addColumn('resource', 'jsonb', (c) => c.notNull())
        .execute();
    await db.schema
        .createIndex('concept_map_url_version_uq')
        .on('concept_map')
        .unique()
        .expression((0, kysely_1.sql) `url, coalesce(version, '')`)
        .execute();
    await db.schema
        .createTable('concept_map_element')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('concept_map_id', 'integer', (c) => c.notNull().references('concept_map.id').onDelete('cascade'))
        .addColumn('source_system', 'text', (c) => c.notNull())
        .addColumn('source_version', 'text')
        .addColumn('source_code', 'text', (c) => c.notNull())
        .addColumn('source_display', 'text')
        .addColumn('target_system', 'text')
        .addColumn('target_version', 'text')
        .addColumn('target_code', 'text')
        .addColumn('target_display', 'text')
        .addColumn('equivalence', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('valid_from', 'date')
        .addColumn('valid_to', 'date')
        .addColumn('validity_note', 'text')
        .execute();
    await db.schema
        .createIndex('concept_map_element_source_idx')
        .on('concept_map_element')
        .columns(['source_system', 'source_code'])
        .execute();
    await db.schema
        .createIndex('concept_map_element_target_idx')
        .on('concept_map_element')
        .columns(['target_system', 'target_code'])
        .execute();
    await db.schema
        .createTable('content_revision')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .execute();
    await (0, kysely_1.sql) `insert into content_revision (id, revision) values (1, 0)`.execute(db);
}
/** Drops the terminology store. */
async function down(db) {
    for (const table of [
        'content_revision',
        'concept_map_element',
        'concept_map',
        'value_set',
        'concept',
        'code_system_version',
        'code_system_alias',
        'code_system',
    ]) {
        await db.schema.dropTable(table).ifExists().execute();
    }
}
//# sourceMappingURL=20261123T1800-terminology-store.js.map