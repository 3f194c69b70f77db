import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * A code system version may have no effective period (most CodeSystems carry none): `effective_from` null
 * means in force on any date, chosen by version or as the only or latest version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_system_version').alterColumn('effective_from', (c) => c.dropNotNull()).execute();
}

/** Makes `effective_from` required again; fails while an undated version is stored (delete it first). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_system_version').alterColumn('effective_from', (c) => c.setNotNull()).execute();
}
