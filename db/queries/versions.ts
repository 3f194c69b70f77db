import type { ExpressionBuilder } from 'kysely';
import type { Db, Schema } from '../schema';

/** The system is named by its canonical url or by one of its aliases. */
function systemNamed(url: string) {
  return (eb: ExpressionBuilder<Schema, 'code_system'>) =>
    eb.or([
      eb('code_system.url', '=', url),
      eb('code_system.id', 'in', eb.selectFrom('code_system_alias').select('code_system_id').where('alias', '=', url)),
    ]);
}

/**
 * The version of a code system in force on a date (`[effective_from, effective_to)` holds it), or
 * undefined. One query, served by the (code_system_id, effective_from) index.
 *
 * @example
 * await versionInForce(db, NCMP.url, '2010-10-01') // { version: '2010', … }
 */
export async function versionInForce(db: Db, codeSystemUrl: string, date: string) {
  return db
    .selectFrom('code_system_version')
    .innerJoin('code_system', 'code_system.id', 'code_system_version.code_system_id')
    .select([
      'code_system_version.id',
      'code_system_version.version',
      'code_system_version.resource_id',
      'code_system_version.effective_from',
      'code_system_version.effective_to',
    ])
    .where(systemNamed(codeSystemUrl))
    .where('code_system_version.effective_from', '<=', date)
    .where((eb) => eb.or([eb('code_system_version.effective_to', 'is', null), eb('code_system_version.effective_to', '>', date)]))
    .orderBy('code_system_version.effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Every version of a code system that contains a code, oldest first, with the code's display there.
 * One query, served by the concept (code, version_id) index.
 */
export async function versionsContainingCode(db: Db, codeSystemUrl: string, code: string) {
  return db
    .selectFrom('concept')
    .innerJoin('code_system_version', 'code_system_version.id', 'concept.version_id')
    .innerJoin('code_system', 'code_system.id', 'code_system_version.code_system_id')
    .select([
      'code_system_version.version',
      'code_system_version.effective_from',
      'code_system_version.effective_to',
      'concept.display',
      'concept.status',
    ])
    .where(systemNamed(codeSystemUrl))
    .where('concept.code', '=', code)
    .orderBy('code_system_version.effective_from')
    .execute();
}
