import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * A concept's place in its CodeSystem as written (0, 1, 2, … depth first): FHIR's own code systems list their codes in
 * a meaningful order (`male`, `female`, `other`, `unknown`), which expansions keep, as tx.fhir.org's do. Null for
 * concepts of the server's own code lists and for versions stored before; those are read in code order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('concept').addColumn('ordinal', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('concept').dropColumn('ordinal').execute();
}
