import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * What a CodeSystem says of its version that answers use: `language` (of its displays), `experimental`, its
 * standards-status extension and the uri of each property it defines. A JSON object, empty for versions loaded
 * before (they answer as they did).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_system_version').addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_system_version').dropColumn('attributes').execute();
}
