import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/** A supplement CodeSystem version records the canonical of the code system it supplements. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_system_version').addColumn('supplements', 'text').execute();
}

/** Drops the supplements column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_system_version').dropColumn('supplements').execute();
}
