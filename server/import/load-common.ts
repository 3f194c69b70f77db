// What every load shares: where content came from, what a load did, the one transaction a load runs in,
// and the comparison of stored content with new content.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Extension } from 'fhir/r4';
import type { Db, Schema } from '../../db/schema';
import { ImportError } from './import-error';

/** Where loaded content came from; stored with the version for provenance and to detect reloads. */
export interface LoadSource {
  file: string;
  /** SHA-256 (hex) of the file's bytes: the same hash again means the same content. */
  sha256: string;
  format: string;
  encoding: string;
}

/** What a load did. `unchanged`: the same content was stored already, nothing was written. */
export interface LoadResult {
  status: 'loaded' | 'replaced' | 'unchanged';
  resourceType: 'CodeSystem' | 'ValueSet' | 'ConceptMap';
  url: string;
  version: string | null;
  resourceId: string;
  /** Concept rows (CodeSystem, including derived group concepts) or mapping rows (ConceptMap). */
  rowCount: number;
}

/** Options of `loadFhirResource`. */
export interface LoadFhirOptions {
  /** The file name for messages and provenance. */
  file?: string;
  /**
   * For a CodeSystem without an effective period extension: the date from which it is in force. Without
   * either the version has no effective period: it is in force on any date.
   */
  effectiveFrom?: string;
  replace?: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Runs `work` in one transaction; a database failure becomes an ImportError naming the file. */
export async function atomically<T>(db: Kysely<Schema>, file: string, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // The driver's error stays attached (for the log), the message says what the database said.
    throw new ImportError(file, undefined, `the database refused the load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Refuses an effective date that is not an ISO day. */
export function checkDate(date: string, file: string): void {
  if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
    throw new ImportError(file, undefined, `effective date must be an ISO date (YYYY-MM-DD), got '${date}'`);
  }
}

/** JSON with object keys sorted, so content read back from jsonb (which reorders keys) compares equal. */
export function canonicalJson(value: unknown): string {
  // Loops rather than entries/filter/sort/map: the shipped NCSP versions (~6,600 concepts each) are hashed at every
  // start, and this is five times faster. Keys already in order (as the generator writes most) are not sorted.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A resource id from a name: FHIR ids allow letters, digits, `-` and `.`, at most 64 characters. */
export function idFrom(...parts: (string | undefined)[]): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .join('-')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** The extension with this url, if any. */
export function extension(extensions: Extension[] | undefined, url: string): Extension | undefined {
  return extensions?.find((e) => e.url === url);
}
