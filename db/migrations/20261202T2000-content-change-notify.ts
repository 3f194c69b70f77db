import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/** The channel every content change is announced on (payload: the new revision). */
export const CONTENT_CHANNEL = 'ncmp_content_changed';

/**
 * Every content change bumps `content_revision`; this trigger announces the new revision with NOTIFY, so
 * that the other replicas on the database drop their snapshot at once rather than at their next poll.
 * NOTIFY is sent when the writing transaction commits, and never for one rolled back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_content_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('ncmp_content_changed', new.revision::text);
      return new;
    end $$`.execute(db);
  await sql`
    create trigger content_revision_notify after insert or update on content_revision
    for each row execute function notify_content_changed()`.execute(db);
}

/** Drops the trigger and its function. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists content_revision_notify on content_revision`.execute(db);
  await sql`drop function if exists notify_content_changed()`.execute(db);
}
