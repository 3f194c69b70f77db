import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema';
import type { KnownSystem } from '../terminology/code-systems';
import { ImportError } from './import-error';
import { loadFhirResource, type LoadResult } from './load';
import { loadCodeSystemVersion, unchangedCodeList } from './load-code-system';
import { parseCodeFile, type CodeFileFormat } from './parse';

/** What `importFile` needs besides the file; a FHIR JSON file needs none of it. */
export interface ImportFileOptions {
  /** The code system of a code list. */
  system?: KnownSystem;
  /** The version a code list holds (`2014`). */
  version?: string;
  /** ISO date from which that version is in force; for FHIR CodeSystems without an effective period. */
  effectiveFrom?: string;
  format?: CodeFileFormat;
  content?: 'complete' | 'fragment';
  /** Codes accepted despite their shape (see `ParseOptions.allowCodes`). */
  allowCodes?: readonly string[];
  replace?: boolean;
}

/**
 * Reads one file, parses it and loads it in one transaction: a code list as one code system version, a
 * FHIR JSON file as its resource. Throws an `ImportError` naming the file (and line) on any problem.
 *
 * @example
 * await importFile(db, 'NCMP_2007.txt', { system: NCMP, version: '2007', effectiveFrom: '2007-01-01' });
 */
export async function importFile(db: Kysely<Schema>, filePath: string, opts: ImportFileOptions): Promise<LoadResult> {
  const name = basename(filePath);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new ImportError(filePath, undefined, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const content = opts.content ?? 'complete';
  if (opts.system && opts.version && opts.effectiveFrom) {
    const unchanged = await unchangedCodeList(db, {
      system: opts.system,
      version: opts.version,
      effectiveFrom: opts.effectiveFrom,
      content,
      sha256,
      ...(opts.format ? { format: opts.format } : {}),
    });
    if (unchanged) return unchanged;
  }
  const parsed = await parseCodeFile(bytes, name, {
    ...(opts.system ? { system: opts.system } : {}),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.allowCodes ? { allowCodes: opts.allowCodes } : {}),
  });
  if (parsed.format === 'fhir-json') {
    return loadFhirResource(db, parsed.resource, {
      file: name,
      ...(opts.effectiveFrom ? { effectiveFrom: opts.effectiveFrom } : {}),
      ...(opts.replace ? { replace: true } : {}),
    });
  }
  const { system, version, effectiveFrom } = opts;
  if (!system || !version || !effectiveFrom) {
    throw new ImportError(name, undefined, 'a code list needs its system, version and effective date');
  }
  return loadCodeSystemVersion(db, {
    system,
    version,
    effectiveFrom,
    content,
    concepts: parsed.concepts,
    source: { file: name, sha256, format: parsed.format, encoding: parsed.encoding },
    replace: opts.replace ?? false,
  });
}
