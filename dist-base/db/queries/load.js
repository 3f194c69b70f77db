"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findCodeSystem = findCodeSystem;
exports.upsertCodeSystem = upsertCodeSystem;
exports.addCodeSystemAliases = addCodeSystemAliases;
exports.findCodeSystemVersion = findCodeSystemVersion;
exports.countConcepts = countConcepts;
exports.deleteCodeSystemVersion = deleteCodeSystemVersion;
exports.insertCodeSystemVersion = insertCodeSystemVersion;
exports.insertConcepts = insertConcepts;
exports.chainEffectiveTo = chainEffectiveTo;
exports.findValueSet = findValueSet;
exports.upsertValueSet = upsertValueSet;
exports.findConceptMap = findConceptMap;
exports.deleteConceptMap = deleteConceptMap;
exports.insertConceptMap = insertConceptMap;
exports.insertConceptMapElements = insertConceptMapElements;
exports.readConceptMapElementRows = readConceptMapElementRows;
exports.bumpContentRevision = bumpContentRevision;
exports.readAliases = readAliases;
exports.findVersionStartingOn = findVersionStartingOn;
const kysely_1 = require("kysely");
/** Rows per multi-row insert: ~1,000 keeps each statement well under PostgreSQL's 65,535 parameters. */
const BATCH_SIZE = 1000;
/** The code system with this canonical url, if stored. */
async function findCodeSystem(db, url) {
    return db.selectFrom('code_system').select(['id', 'url', 'name']).where('url', '=', url).executeTakeFirst();
}
/** Inserts the code system, or updates its metadata when the url is stored already; returns its id. */
async function upsertCodeSystem(db, row) {
    const { id } = await db
        .insertInto('code_system')
        .values(row)
        .onConflict((oc) => oc.column('url').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        title: eb.ref('excluded.title'),
        publisher: eb.ref('excluded.publisher'),
        description: eb.ref('excluded.description'),
        identifiers: eb.ref('excluded.identifiers'),
        hierarchy_meaning: eb.ref('excluded.hierarchy_meaning'),
        case_sensitive: eb.ref('excluded.case_sensitive'),
    })))
        .returning('id')
        .executeTakeFirstOrThrow();
    return id;
}
/** Records other URIs for a code system; an alias already recorded (for any system) is left as it is. */
async function addCodeSystemAliases(db, codeSystemId, aliases) {
    if (aliases.length === 0)
        return;
    await db
        .insertInto('code_system_alias')
        .values(aliases.map((alias) => ({ alias, code_system_id: codeSystemId })))
        .onConflict((oc) => oc.column('alias').doNothing())
        .execute();
}
/** One stored version of a code system, with its provenance. */
async function findCodeSystemVersion(db, codeSystemId, version) {
    return db
        .selectFrom('code_system_version')
        .select(['id', 'version', 'resource_id', 'source', 'effective_from', 'content'])
        .where('code_system_id', '=', codeSystemId)
        .where('version', '=', version)
        .executeTakeFirst();
}
/** How many concepts a stored version holds. */
async function countConcepts(db, versionId) {
    const row = await db.selectFrom('concept').select((eb) => eb.fn.countAll().as('n')).where('version_id', '=', versionId).executeTakeFirstOrThrow();
    return Number(row.n);
}
/** Deletes a version; its concepts go with it (foreign key cascade). */
async function deleteCodeSystemVersion(db, versionId) {
    await db.deleteFrom('code_system_version').where('id', '=', versionId).execute();
}
/** Inserts a version row; returns its id. */
async function insertCodeSystemVersion(db, row) {
    const { id } = await db.insertInto('code_system_version').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
}
/** Inserts concepts in multi-row statements of ~1,000 rows. */
async function insertConcepts(db, rows) {
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        await db
            .insertInto('concept')
            .values(rows.slice(start, start + BATCH_SIZE))
            .execute();
    }
}
/**
 * Re-derives every version's `effective_to` of one code system in one statement: ordered by
 * `effective_from`, each version ends where the next begins, and the newest is open-ended. Versions without
 * an effective period are left out (and keep no end).
 */
async function chainEffectiveTo(db, codeSystemId) {
    await (0, kysely_1.sql) `
    update code_system_version v
       set effective_to = n.next_from
      from (select id, lead(effective_from) over (order by effective_from, id) as next_from
              from code_system_version
             where code_system_id = ${codeSystemId}
               and effective_from is not null) n
     where v.id = n.id
       and v.effective_to is distinct from n.next_from`.execute(db);
}
/** The value set stored under this url and version (a null version matches a null version). */
async function findValueSet(db, url, version) {
    return db
        .selectFrom('value_set')
        .select(['id', 'resource_id', 'resource'])
        .where('url', '=', url)
        .where((0, kysely_1.sql) `coalesce(version, '')`, '=', version ?? '')
        .executeTakeFirst();
}
/** Inserts a value set row, or replaces the one with the same url and version. */
async function upsertValueSet(db, row) {
    const existing = await findValueSet(db, row.url, row.version ?? null);
    if (existing) {
        await db.updateTable('value_set').set(row).where('id', '=', existing.id).execute();
    }
    else {
        await db.insertInto('value_set').values(row).execute();
    }
}
/** The concept map stored under this url and version. */
async function findConceptMap(db, url, version) {
    return db
        .selectFrom('concept_map')
        .select(['id', 'resource_id', 'resource'])
        .where('url', '=', url)
        .where((0, kysely_1.sql) `coalesce(version, '')`, '=', version ?? '')
        .executeTakeFirst();
}
/** Deletes a concept map; its elements go with it (foreign key cascade). */
async function deleteConceptMap(db, conceptMapId) {
    await db.deleteFrom('concept_map').where('id', '=', conceptMapId).execute();
}
/** Inserts a concept map header; returns its id. */
async function insertConceptMap(db, row) {
    const { id } = await db.insertInto('concept_map').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
}
/** Inserts mapping rows in multi-row statements of ~1,000 rows. */
async function insertConceptMapElements(db, rows) {
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        await db
            .insertInto('concept_map_element')
            .values(rows.slice(start, start + BATCH_SIZE))
            .execute();
    }
}
/** The mapping rows of one concept map, without their ids, in insertion order. */
async function readConceptMapElementRows(db, conceptMapId) {
    return db
        .selectFrom('concept_map_element')
        .select([
        'source_system',
        'source_version',
        'source_code',
        'source_display',
        'target_system',
        'target_version',
        'target_code',
        'target_display',
        'equivalence',
        'comment',
        'valid_from',
        'valid_to',
        'validity_note',
    ])
        .where('concept_map_id', '=', conceptMapId)
        .orderBy('id')
        .execute();
}
/** Adds one to the content revision, telling caches that content changed. */
async function bumpContentRevision(db) {
    await db
        .updateTable('content_revision')
        .set((eb) => ({ revision: eb('revision', '+', 1) }))
        .where('id', '=', 1)
        .execute();
}
/** The aliases recorded for a code system. */
async function readAliases(db, codeSystemId) {
    const rows = await db.selectFrom('code_system_alias').select('alias').where('code_system_id', '=', codeSystemId).execute();
    return rows.map((r) => r.alias);
}
/** The version of a code system whose effective period starts on `date`, if any. */
async function findVersionStartingOn(db, codeSystemId, date) {
    return db
        .selectFrom('code_system_version')
        .select(['id', 'version'])
        .where('code_system_id', '=', codeSystemId)
        .where('effective_from', '=', date)
        .executeTakeFirst();
}
//# sourceMappingURL=load.js.map