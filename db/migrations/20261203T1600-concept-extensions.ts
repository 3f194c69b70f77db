import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * A concept keeps the extensions its code system gives it that an expansion repeats (`rendering-style`,
 * `rendering-xhtml`): a JSON array, empty for concepts loaded before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('concept').addColumn('extensions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('concept').dropColumn('extensions').execute();
}
