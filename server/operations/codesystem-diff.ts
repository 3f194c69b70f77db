// CodeSystem/$diff — this server's own operation (OperationDefinition in fhir-resources/OperationDefinition-CodeSystem-diff.json).
// Inputs: system (or url), from, to (each a version or a date), type (repeating or a comma list).
// Output: one `change` per code (code, type, fromDisplay, toDisplay, successor, predecessor); CSV on request.
// Unknown system or version: 404; a bad `from`/`to`/`type`: 400 OperationOutcome.
import type { Parameters, ParametersParameter } from 'fhir/r4';
import { stringify } from 'csv-stringify/sync';
import { out, parameters } from '../builders/parameters';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import type { Operation, OperationContext, OperationDefinitionSpec, OperationInput } from './shared/operation';
import { toIsoDate } from '../terminology/dates';
import { CHANGE_TYPES, diffVersions, type ChangeType, type CodeChange } from '../terminology/diff';
import type { SystemEntry, VersionEntry } from '../terminology/model';
import { covers, versionLabel } from '../terminology/resolve';
import type { Snapshot } from '../terminology/snapshot';

export const DIFF_DEFINITION_URL = 'https://ncmp-terminology.example/fhir/OperationDefinition/CodeSystem-diff';

export const definition: OperationDefinitionSpec = {
  name: 'CodeSystem/$diff',
  definitionUrl: DIFF_DEFINITION_URL,
  parameters: [
    { name: 'system', type: 'uri', aliases: ['url'] },
    { name: 'from', type: 'string' },
    { name: 'to', type: 'string' },
    { name: 'type', type: 'code', max: '*' },
  ],
};

/** A version of `system` named by its version string, or the one in force on a date (`2019`, `2019-06-01`). */
export function versionByVersionOrDate(system: SystemEntry, given: string): VersionEntry {
  const exact = system.versions.find((v) => v.version === given && !v.inline);
  if (exact) return exact;
  const date = toIsoDate(given);
  if (date === undefined) {
    throw FhirError.notFound(
      msg('NCMP_DIFF_UNKNOWN_VERSION', system.name, system.url, given, system.versions.map((v) => v.version).join(', ')),
    );
  }
  const inForce = system.versions.filter((v) => !v.inline && covers(v, date)).at(-1);
  if (!inForce) throw FhirError.notFound(msg('NCMP_DIFF_NO_VERSION_IN_FORCE', system.name, system.url, date));
  return inForce;
}

/** The change types asked for (repeated or comma-separated); all when none. */
function changeTypes(input: OperationInput): Set<ChangeType> {
  const given = input.strings('type').flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  for (const t of given) {
    if (!(CHANGE_TYPES as readonly string[]).includes(t)) {
      throw FhirError.invalid(msg('NCMP_DIFF_UNKNOWN_CHANGE_TYPE', t, CHANGE_TYPES.join(', ')), ['type']);
    }
  }
  return new Set((given.length > 0 ? given : CHANGE_TYPES) as ChangeType[]);
}

/** The diff a request asks for: the system, both versions and the changes (filtered by type). */
export async function diffRequest(
  snapshot: Snapshot,
  query: { system: string | undefined; from: string | undefined; to: string | undefined; types?: Set<ChangeType> },
): Promise<{ system: SystemEntry; from: VersionEntry; to: VersionEntry; changes: CodeChange[] }> {
  if (!query.system) throw FhirError.invalid(msg('NCMP_DIFF_SYSTEM_REQUIRED'), ['system']);
  if (!query.from) throw FhirError.invalid(msg('NCMP_DIFF_FROM_REQUIRED'), ['from']);
  if (!query.to) throw FhirError.invalid(msg('NCMP_DIFF_TO_REQUIRED'), ['to']);
  const system = snapshot.system(query.system.split('|')[0]!);
  if (!system) throw FhirError.notFound(msg('NCMP_CODESYSTEM_NOT_FOUND', query.system));
  const from = versionByVersionOrDate(system, query.from);
  const to = versionByVersionOrDate(system, query.to);
  if (from.effectiveFrom !== null && to.effectiveFrom !== null && from.effectiveFrom > to.effectiveFrom) {
    throw FhirError.invalid(msg('NCMP_DIFF_FROM_AFTER_TO', versionLabel(from), from.effectiveFrom, versionLabel(to), to.effectiveFrom), ['from']);
  }
  const types = query.types ?? new Set(CHANGE_TYPES);
  const changes = (await diffVersions(snapshot, from, to)).filter((c) => types.has(c.type));
  return { system, from, to, changes };
}

/** Compares two versions of a code system. */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { system, from, to, changes } = await diffRequest(ctx.snapshot, {
    system: input.string('system'),
    from: input.string('from'),
    to: input.string('to'),
    types: changeTypes(input),
  });
  const related = (name: string, r: CodeChange['successors'][number]): ParametersParameter =>
    out.coding(name, { system: r.system, code: r.code, ...(r.display ? { display: r.display } : {}) });
  return parameters([
    out.uri('system', system.url),
    out.string('from', from.version),
    out.string('to', to.version),
    ...changes.map((c) =>
      out.parts('change', [
        out.code('code', c.code),
        out.code('type', c.type),
        c.fromDisplay !== undefined && out.string('fromDisplay', c.fromDisplay),
        c.toDisplay !== undefined && out.string('toDisplay', c.toDisplay),
        ...c.successors.map((s) => related('successor', s)),
        ...c.predecessors.map((p) => related('predecessor', p)),
      ].filter((p): p is ParametersParameter => p !== false)),
    ),
  ]);
}

/** A change type in Norwegian, for the pages. */
export function changeLabel(type: ChangeType): string {
  return { added: 'ny', retired: 'utgått', reactivated: 'gjeninnført', 'text-changed': 'endret tekst' }[type];
}

export const CSV_COLUMNS = ['code', 'type', 'fromDisplay', 'toDisplay', 'successor', 'predecessor'] as const;

/** The changes as CSV (RFC 4180, a header line; several successors are joined with a space). */
export function changesCsv(changes: CodeChange[]): string {
  return stringify(
    changes.map((c) => [c.code, c.type, c.fromDisplay ?? '', c.toDisplay ?? '', c.successors.map((s) => s.code).join(' '), c.predecessors.map((p) => p.code).join(' ')]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' },
  );
}

/** The `$diff` answer (a Parameters) as CSV. */
export function parametersCsv(result: Parameters): string {
  const changes: CodeChange[] = (result.parameter ?? [])
    .filter((p) => p.name === 'change')
    .map((p) => {
      const part = (n: string) => p.part?.find((x) => x.name === n);
      const all = (n: string) => (p.part ?? []).filter((x) => x.name === n).map((x) => ({ system: x.valueCoding?.system ?? '', code: x.valueCoding?.code ?? '', display: x.valueCoding?.display }));
      return {
        code: part('code')?.valueCode ?? '',
        type: part('type')?.valueCode as ChangeType,
        fromDisplay: part('fromDisplay')?.valueString,
        toDisplay: part('toDisplay')?.valueString,
        successors: all('successor'),
        predecessors: all('predecessor'),
      };
    });
  return changesCsv(changes);
}

export const codeSystemDiff: Operation = { resourceType: 'CodeSystem', code: 'diff', definition, handler, csv: parametersCsv };
