import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The third-party bundles whose resources are stored (FHIR R4's own code systems and value sets, the v2 tables, the
 * v3 code systems), by file and SHA-256: a start that finds its bundles recorded leaves them alone without parsing
 * tens of megabytes of JSON.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shipped_bundle')
    .addColumn('file', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('resource_count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('shipped_bundle').execute();
}
