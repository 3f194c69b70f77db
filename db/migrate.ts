import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as terminologyStore from './migrations/20261123T1800-terminology-store';
import * as codeSystemSupplements from './migrations/20261123T1900-code-system-supplements';
import * as contentChangeNotify from './migrations/20261202T2000-content-change-notify';
import * as undatedCodeSystemVersions from './migrations/20261203T1200-undated-code-system-versions';
import * as conceptExtensions from './migrations/20261203T1600-concept-extensions';
import * as codeSystemVersionAttributes from './migrations/20261203T1700-code-system-version-attributes';
import * as shippedBundles from './migrations/20261208T0100-shipped-bundles';
import * as conceptOrdinal from './migrations/20261208T0200-concept-ordinal';

/** Every migration, by name; names sort in the order they run. Add new ones here, never edit old ones. */
const MIGRATIONS: Record<string, Migration> = {
  '20261123T1800-terminology-store': terminologyStore,
  '20261123T1900-code-system-supplements': codeSystemSupplements,
  '20261202T2000-content-change-notify': contentChangeNotify,
  '20261203T1200-undated-code-system-versions': undatedCodeSystemVersions,
  '20261203T1600-concept-extensions': conceptExtensions,
  '20261203T1700-code-system-version-attributes': codeSystemVersionAttributes,
  '20261208T0100-shipped-bundles': shippedBundles,
  '20261208T0200-concept-ordinal': conceptOrdinal,
};

/** Serves the migrations from the static table above, so the compiled server needs no file-system scan. */
class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Brings the database to the newest schema; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${message}`);
  }
  return result;
}
