import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema';
import { knownSystem } from '../terminology/code-systems';
import { ImportError } from './import-error';
import { importFile, type ImportFileOptions } from './import-file';
import type { LoadResult } from './load';
import { CODE_FILE_FORMATS, type CodeFileFormat } from './parse';

/** One file of a manifest. `file` is relative to the manifest (or absolute). */
export interface ManifestEntry {
  file: string;
  /** `ncmp` or `saerkoder`; not needed for FHIR JSON. */
  system?: string;
  version?: string;
  effectiveFrom?: string;
  format?: CodeFileFormat;
  content?: 'complete' | 'fragment';
  allowCodes?: string[];
}

/** The outcome of one manifest entry. */
export interface ManifestResult {
  /** The file's absolute path. */
  file: string;
  result: LoadResult;
}

/**
 * Loads every file a manifest names, in order, each in its own transaction: a failure stops the run with
 * an `ImportError` and leaves the files before it loaded. Files already loaded with the same content are
 * `unchanged`, so a manifest can be run again at every start.
 *
 * @example
 * await loadManifest(db, 'scripts/manifests/ncmp-sources.json');
 */
export async function loadManifest(db: Kysely<Schema>, manifestPath: string, opts: { replace?: boolean } = {}): Promise<ManifestResult[]> {
  const entries = await readManifest(manifestPath);
  const base = dirname(resolve(manifestPath));
  const results: ManifestResult[] = [];
  for (const [index, entry] of entries.entries()) {
    const file = resolve(base, entry.file);
    const options: ImportFileOptions = { replace: opts.replace ?? false };
    if (entry.system !== undefined) {
      const system = knownSystem(entry.system);
      if (!system) throw new ImportError(manifestPath, undefined, `entry ${index + 1}: unknown system '${entry.system}' (ncmp, saerkoder)`);
      options.system = system;
    }
    if (entry.version !== undefined) options.version = entry.version;
    if (entry.effectiveFrom !== undefined) options.effectiveFrom = entry.effectiveFrom;
    if (entry.format !== undefined) options.format = entry.format;
    if (entry.content !== undefined) options.content = entry.content;
    if (entry.allowCodes !== undefined) options.allowCodes = entry.allowCodes;
    results.push({ file, result: await importFile(db, file, options) });
  }
  return results;
}

const STRING_FIELDS = ['file', 'system', 'version', 'effectiveFrom', 'format', 'content'] as const;

/** Reads and checks a manifest's shape, naming the entry and field that is wrong. */
export async function readManifest(manifestPath: string): Promise<ManifestEntry[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new ImportError(manifestPath, undefined, `cannot read the manifest: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entries = typeof value === 'object' && value !== null && 'entries' in value ? value.entries : undefined;
  if (!Array.isArray(entries)) throw new ImportError(manifestPath, undefined, 'a manifest is { "entries": [ … ] }');
  return entries.map((entry: unknown, index): ManifestEntry => {
    const problem = (text: string): ImportError => new ImportError(manifestPath, undefined, `entry ${index + 1}: ${text}`);
    if (typeof entry !== 'object' || entry === null) throw problem('not an object');
    const record = entry as Record<string, unknown>;
    for (const field of STRING_FIELDS) {
      if (record[field] !== undefined && typeof record[field] !== 'string') throw problem(`${field} must be a string`);
    }
    if (typeof record.file !== 'string') throw problem('file is missing');
    if (record.format !== undefined && !CODE_FILE_FORMATS.includes(record.format as CodeFileFormat)) {
      throw problem(`format must be one of ${CODE_FILE_FORMATS.join(', ')}`);
    }
    if (record.content !== undefined && record.content !== 'complete' && record.content !== 'fragment') {
      throw problem('content must be complete or fragment');
    }
    const allowCodes = record.allowCodes;
    if (allowCodes !== undefined && !(Array.isArray(allowCodes) && allowCodes.every((c) => typeof c === 'string'))) {
      throw problem('allowCodes must be a list of codes');
    }
    return record as unknown as ManifestEntry;
  });
}
