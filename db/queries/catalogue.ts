import type { Db } from '../schema';

/** Code systems with their aliases and versions: the small catalogue every request resolves against. */
export async function readCatalogue(db: Db) {
  const [systems, aliases, versions] = await Promise.all([
    db.selectFrom('code_system').selectAll().orderBy('id').execute(),
    db.selectFrom('code_system_alias').selectAll().execute(),
    db
      .selectFrom('code_system_version')
      .select([
        'id',
        'code_system_id',
        'version',
        'resource_id',
        'status',
        'content',
        'effective_from',
        'effective_to',
        'published',
        'description',
        'value_set_url',
        'concept_count',
        'loaded_at',
        'supplements',
        'attributes',
      ])
      .orderBy('code_system_id')
      .orderBy('effective_from')
      .execute(),
  ]);
  return { systems, aliases, versions };
}

/** Every concept of one code system version: in the CodeSystem's own order where it was kept (`ordinal`), else by code. */
export async function readConcepts(db: Db, versionId: number) {
  return db
    .selectFrom('concept')
    .select(['code', 'display', 'definition', 'parent_code', 'status', 'abstract', 'properties', 'designations', 'extensions'])
    .where('version_id', '=', versionId)
    .orderBy('ordinal')
    .orderBy('code')
    .execute();
}

/** The current content revision; it changes whenever any content is loaded or replaced. */
export async function readContentRevision(db: Db): Promise<number> {
  const row = await db.selectFrom('content_revision').select('revision').where('id', '=', 1).executeTakeFirst();
  return row?.revision ?? 0;
}

/** All value set definitions. */
export async function readValueSets(db: Db) {
  return db.selectFrom('value_set').selectAll().orderBy('url').orderBy('version').execute();
}

/** All concept map headers. */
export async function readConceptMaps(db: Db) {
  return db.selectFrom('concept_map').selectAll().orderBy('url').orderBy('version').execute();
}

/** Every mapping of the given concept maps. */
export async function readConceptMapElements(db: Db) {
  return db.selectFrom('concept_map_element').selectAll().orderBy('concept_map_id').orderBy('id').execute();
}
