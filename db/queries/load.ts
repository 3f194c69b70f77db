import { sql, type Insertable } from 'kysely';
import type { Db } from '../schema';
import type { CodeSystemTable } from '../tables/code-system';
import type { CodeSystemVersionTable } from '../tables/code-system-version';
import type { ConceptTable } from '../tables/concept';
import type { ConceptMapElementTable, ConceptMapTable } from '../tables/concept-map';
import type { ValueSetTable } from '../tables/value-set';

/** Rows per multi-row insert: ~1,000 keeps each statement well under PostgreSQL's 65,535 parameters. */
const BATCH_SIZE = 1000;

/** Runs `insert` on the rows in slices of {@link BATCH_SIZE}, one after another (a transaction has one connection). */
async function inBatches<Row>(rows: readonly Row[], insert: (batch: Row[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) await insert(rows.slice(start, start + BATCH_SIZE));
}

/** The code system with this canonical url, if stored. */
export async function findCodeSystem(db: Db, url: string) {
  return db.selectFrom('code_system').select(['id', 'url', 'name']).where('url', '=', url).executeTakeFirst();
}

/** Inserts the code system, or updates its metadata when the url is stored already; returns its id. */
export async function upsertCodeSystem(db: Db, row: Insertable<CodeSystemTable>): Promise<number> {
  const { id } = await db
    .insertInto('code_system')
    .values(row)
    .onConflict((oc) =>
      oc.column('url').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        title: eb.ref('excluded.title'),
        publisher: eb.ref('excluded.publisher'),
        description: eb.ref('excluded.description'),
        identifiers: eb.ref('excluded.identifiers'),
        hierarchy_meaning: eb.ref('excluded.hierarchy_meaning'),
        case_sensitive: eb.ref('excluded.case_sensitive'),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records other URIs for a code system; an alias already recorded (for any system) is left as it is. */
export async function addCodeSystemAliases(db: Db, codeSystemId: number, aliases: readonly string[]): Promise<void> {
  if (aliases.length === 0) return;
  await db
    .insertInto('code_system_alias')
    .values(aliases.map((alias) => ({ alias, code_system_id: codeSystemId })))
    .onConflict((oc) => oc.column('alias').doNothing())
    .execute();
}

/** One stored version of a code system, with its provenance. */
export async function findCodeSystemVersion(db: Db, codeSystemId: number, version: string) {
  return db
    .selectFrom('code_system_version')
    .select(['id', 'version', 'resource_id', 'source', 'effective_from', 'content'])
    .where('code_system_id', '=', codeSystemId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** How many concepts a stored version holds. */
export async function countConcepts(db: Db, versionId: number): Promise<number> {
  const row = await db.selectFrom('concept').select((eb) => eb.fn.countAll<string>().as('n')).where('version_id', '=', versionId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes a version; its concepts go with it (foreign key cascade). */
export async function deleteCodeSystemVersion(db: Db, versionId: number): Promise<void> {
  await db.deleteFrom('code_system_version').where('id', '=', versionId).execute();
}

/** Inserts a version row; returns its id. */
export async function insertCodeSystemVersion(db: Db, row: Insertable<CodeSystemVersionTable>): Promise<number> {
  const { id } = await db.insertInto('code_system_version').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Inserts concepts in multi-row statements of ~1,000 rows. */
export async function insertConcepts(db: Db, rows: readonly Insertable<ConceptTable>[]): Promise<void> {
  await inBatches(rows, (batch) => db.insertInto('concept').values(batch).execute());
}

/**
 * Re-derives every version's `effective_to` of one code system in one statement: ordered by
 * `effective_from`, each version ends where the next begins, and the newest is open-ended. Versions without
 * an effective period are left out (and keep no end).
 */
export async function chainEffectiveTo(db: Db, codeSystemId: number): Promise<void> {
  await sql`
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
export async function findValueSet(db: Db, url: string, version: string | null) {
  return db
    .selectFrom('value_set')
    .select(['id', 'resource_id', 'resource'])
    .where('url', '=', url)
    .where(sql<string>`coalesce(version, '')`, '=', version ?? '')
    .executeTakeFirst();
}

/** Inserts a value set row, or replaces the one with the same url and version. */
export async function upsertValueSet(db: Db, row: Insertable<ValueSetTable>): Promise<void> {
  const existing = await findValueSet(db, row.url, row.version ?? null);
  if (existing) {
    await db.updateTable('value_set').set(row).where('id', '=', existing.id).execute();
  } else {
    await db.insertInto('value_set').values(row).execute();
  }
}

/** The concept map stored under this url and version. */
export async function findConceptMap(db: Db, url: string, version: string | null) {
  return db
    .selectFrom('concept_map')
    .select(['id', 'resource_id', 'resource'])
    .where('url', '=', url)
    .where(sql<string>`coalesce(version, '')`, '=', version ?? '')
    .executeTakeFirst();
}

/** Deletes a concept map; its elements go with it (foreign key cascade). */
export async function deleteConceptMap(db: Db, conceptMapId: number): Promise<void> {
  await db.deleteFrom('concept_map').where('id', '=', conceptMapId).execute();
}

/** Inserts a concept map header; returns its id. */
export async function insertConceptMap(db: Db, row: Insertable<ConceptMapTable>): Promise<number> {
  const { id } = await db.insertInto('concept_map').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Inserts mapping rows in multi-row statements of ~1,000 rows. */
export async function insertConceptMapElements(db: Db, rows: readonly Insertable<ConceptMapElementTable>[]): Promise<void> {
  await inBatches(rows, (batch) => db.insertInto('concept_map_element').values(batch).execute());
}

/** The mapping rows of one concept map, without their ids, in insertion order. */
export async function readConceptMapElementRows(db: Db, conceptMapId: number) {
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
export async function bumpContentRevision(db: Db): Promise<void> {
  await db
    .updateTable('content_revision')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

/** The aliases recorded for a code system. */
export async function readAliases(db: Db, codeSystemId: number): Promise<string[]> {
  const rows = await db.selectFrom('code_system_alias').select('alias').where('code_system_id', '=', codeSystemId).execute();
  return rows.map((r) => r.alias);
}

/** The version of a code system whose effective period starts on `date`, if any. */
export async function findVersionStartingOn(db: Db, codeSystemId: number, date: string) {
  return db
    .selectFrom('code_system_version')
    .select(['id', 'version'])
    .where('code_system_id', '=', codeSystemId)
    .where('effective_from', '=', date)
    .executeTakeFirst();
}

/** The SHA-256 of a third-party bundle recorded as stored (undefined: not recorded). */
export async function findShippedBundle(db: Db, file: string): Promise<string | undefined> {
  const row = await db.selectFrom('shipped_bundle').select('sha256').where('file', '=', file).executeTakeFirst();
  return row?.sha256;
}

/** Records that every resource of a bundle is stored, as of these bytes. */
export async function recordShippedBundle(db: Db, file: string, sha256: string, resourceCount: number): Promise<void> {
  await db
    .insertInto('shipped_bundle')
    .values({ file, sha256, resource_count: resourceCount })
    .onConflict((oc) => oc.column('file').doUpdateSet({ sha256, resource_count: resourceCount }))
    .execute();
}
