import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema';

/** The terminology service: version resolution, caches and the operations' domain logic. */
export class Terminology {
  constructor(readonly db: Kysely<Schema>) {}
}
