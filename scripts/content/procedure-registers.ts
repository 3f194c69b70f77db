/**
 * The NCSP and NCRP registers the content generator publishes (`scripts/manifests/nkpk-sources.json`): each file read
 * in place, its codes checked against the system's code shape, with the rows its SOURCE.md names as strays left out.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseCodeFile } from '../../server/import/parse';
import { knownSystem, type KnownSystem } from '../../server/terminology/code-systems';
import type { CodeListEntry } from './code-list-code-system';

/** One entry of the manifest. */
export interface RegisterEntry {
  /** Relative to the manifest. */
  readonly file: string;
  readonly system: string;
  readonly version: string;
  readonly effectiveFrom: string;
  /** Codes of another shape that the register itself holds (NCSP's minor-procedure codes `TA510`, 1999–2007). */
  readonly legacyPattern?: string;
  /** Single codes of another shape the file holds (NCRP's `ZTX6W9`). */
  readonly allowCodes?: readonly string[];
  /** Rows the SOURCE.md names as strays: their code shapes, how many there must be, and why. */
  readonly omit?: { readonly patterns: readonly string[]; readonly count: number; readonly why: string };
}

/** One register read: its codes and what was done to the file's rows. */
export interface ReadRegister {
  readonly entry: RegisterEntry;
  readonly system: KnownSystem;
  /** Absolute path. */
  readonly path: string;
  readonly bytes: Buffer;
  readonly concepts: CodeListEntry[];
  /** The codes left out as strays. */
  readonly omitted: string[];
  /** The codes of the legacy shape kept. */
  readonly legacy: string[];
}

export async function readRegisterManifest(manifest: string): Promise<RegisterEntry[]> {
  const value = JSON.parse(await readFile(manifest, 'utf8')) as { entries?: RegisterEntry[] };
  if (!Array.isArray(value.entries)) throw new Error(`${manifest}: expected { "entries": [ … ] }`);
  return value.entries;
}

/**
 * Reads one register: decoded and split as every code list is (`parseCodeFile`), then each code checked against the
 * system's pattern, the entry's legacy pattern or its allowed codes; rows matching an `omit` pattern are left out
 * and must number exactly `omit.count`. Any other code is an error naming it.
 */
export async function readRegister(manifest: string, entry: RegisterEntry): Promise<ReadRegister> {
  const system = knownSystem(entry.system);
  if (!system) throw new Error(`${entry.file}: unknown system '${entry.system}'`);
  const path = resolve(dirname(manifest), entry.file);
  const bytes = await readFile(path);
  const omit = (entry.omit?.patterns ?? []).map((p) => new RegExp(p));
  // Strays are left out before the file is decoded: the SKDE lists hold them with characters lost as U+FFFD, which
  // the decoder rightly refuses. Lines are split on the byte LF (the files are UTF-8 or one-byte encodings).
  const omitted: string[] = [];
  let kept = bytes;
  if (omit.length) {
    const lines = bytes.toString('latin1').split('\n');
    const keep = lines.filter((line) => {
      const code = system.normaliseCode(line.split(/[\t;]/)[0] ?? '');
      if (!omit.some((p) => p.test(code))) return true;
      omitted.push(code);
      return false;
    });
    kept = Buffer.from(keep.join('\n'), 'latin1');
  }
  // Parsed with a permissive shape: the shape rules of this entry are applied below.
  const parsed = await parseCodeFile(kept, basename(path), { system: { ...system, codePattern: /^[A-Z0-9]{5,6}$/ } });
  if (parsed.format === 'fhir-json') throw new Error(`${entry.file}: expected a code list`);
  const legacy = entry.legacyPattern ? new RegExp(entry.legacyPattern) : undefined;
  const allowed = new Set(entry.allowCodes ?? []);
  const concepts: CodeListEntry[] = [];
  const legacyCodes: string[] = [];
  for (const c of parsed.concepts) {
    if (!system.codePattern.test(c.code)) {
      if (legacy?.test(c.code)) legacyCodes.push(c.code);
      else if (!allowed.has(c.code)) throw new Error(`${entry.file}: '${c.code}' is not a ${system.name} code (${system.codePattern.source})`);
    }
    concepts.push({ code: c.code, display: c.display });
  }
  if (omitted.length !== (entry.omit?.count ?? 0)) {
    throw new Error(`${entry.file}: ${omitted.length} rows match the stray shapes, the manifest expects ${entry.omit?.count ?? 0}`);
  }
  return { entry, system, path, bytes, concepts, omitted, legacy: legacyCodes };
}

/** What the provenance note says about a register's rows beyond its folder's note. */
export function registerNote(read: ReadRegister): string | undefined {
  const parts: string[] = [];
  if (read.omitted.length && read.entry.omit) parts.push(`Left out: ${read.omitted.length} rows of the file, ${read.entry.omit.why}.`);
  if (read.legacy.length) {
    parts.push(`The register's ${read.legacy.length} codes of two letters and three digits (${read.legacy.slice(0, 3).join(', ')} …) are published as it gives them.`);
  }
  return parts.length ? parts.join(' ') : undefined;
}
