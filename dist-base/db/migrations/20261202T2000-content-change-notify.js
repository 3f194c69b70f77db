"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CONTENT_CHANNEL = void 0;
exports.up = up;
exports.down = down;
const kysely_1 = require("kysely");
// Frozen: never edit a migration that has shipped; add a new one.
/** The channel every content change is announced on (payload: the new revision). */
exports.CONTENT_CHANNEL = 'ncmp_content_changed';
/**
 * Every content change bumps `content_revision`; this trigger announces the new revision with NOTIFY, so
 * that the other replicas on the database drop their snapshot at once rather than at their next poll.
 * NOTIFY is sent when the writing transaction commits, and never for one rolled back.
 */
async function up(db) {
    await (0, kysely_1.sql) `
    create function notify_content_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('ncmp_content_changed', new.revision::text);
      return new;
    end $$`.execute(db);
    await (0, kysely_1.sql) `
    create trigger content_revision_notify after insert or update on content_revision
    for each row execute function notify_content_changed()`.execute(db);
}
/** Drops the trigger and its function. */
async function down(db) {
    await (0, kysely_1.sql) `drop trigger if exists content_revision_notify on content_revision`.execute(db);
    await (0, kysely_1.sql) `drop function if exists notify_content_changed()`.execute(db);
}
//# sourceMappingURL=20261202T2000-content-change-notify.js.map