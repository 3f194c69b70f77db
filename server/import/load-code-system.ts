// Loads of code system versions: from a code list (NCMP, særkoder) or a FHIR CodeSystem, with the hierarchy a
// system's code shape implies (its traits), the version's ValueSet, and the chain of effective periods.
import type { Insertable, Kysely } from 'kysely';
import type { CodeSystem, ValueSet } from 'fhir/r4';
import {
  addCodeSystemAliases,
  bumpContentRevision,
  chainEffectiveTo,
  deleteCodeSystemVersion,
  findCodeSystem,
  findCodeSystemVersion,
  countConcepts,
  findVersionStartingOn,
  readAliases,
  insertCodeSystemVersion,
  insertConcepts,
  upsertCodeSystem,
  upsertValueSet,
} from '../../db/queries/load';
import type { Db, Schema, StoredDesignation, StoredIdentifier, StoredProperty } from '../../db/schema';
import type { CodeSystemTable } from '../../db/tables/code-system';
import type { ConceptTable } from '../../db/tables/concept';
import type { VersionAttributes } from '../../db/tables/code-system-version';
import { ConceptShapeError, flattenCodeSystemConcepts, type FlatConcept } from '../terminology/code-system-concepts';
import { codeSystemVersionFacts } from '../terminology/code-system-facts';
import { DERIVED_PROPERTIES, KNOWN_SYSTEMS, knownSystemByUrl, type DerivedHierarchy, type KnownSystem } from '../terminology/code-systems';
import { PROJECT_BASE, SOURCE_FILE_EXT } from '../terminology/systems';
import { ImportError } from './import-error';
import { atomically, canonicalJson, checkDate, extension, idFrom, sha256, type LoadFhirOptions, type LoadResult, type LoadSource } from './load-common';
import { valueSetRow } from './load-value-set';

/** A code and its texts, as a code file gives them (a `ParsedConcept` is one). */
export interface CodeListConcept {
  code: string;
  display: string;
  shortText?: string;
  validFrom?: string;
  validTo?: string;
  parentCode?: string;
}

/** What `loadCodeSystemVersion` stores. */
export interface LoadVersionInput {
  system: KnownSystem;
  version: string;
  /** ISO date (`2014-01-01`) from which this version is in force. */
  effectiveFrom: string;
  content: 'complete' | 'fragment';
  concepts: readonly CodeListConcept[];
  source: LoadSource;
  /** Replace a stored version of the same number whose content differs (otherwise that is refused). */
  replace?: boolean;
}

/** Designation use of the 60-character text of Helsedirektoratet's exports (`Tekst_med_maksimalt_60_tegn`). */
export const SHORT_TEXT_USE = { system: `${PROJECT_BASE}/CodeSystem/designation-use`, code: 'short-text-60', display: 'Tekst med maksimalt 60 tegn' };

/**
 * Stores one version of a known code system from a code list, in one transaction: the code system row
 * and its aliases, the version, the concepts (with the levels its code shape implies, as NCMP's chapters,
 * sections and groups),
 * the effective periods of all its versions, a ValueSet of the version's selectable codes, and a new
 * content revision. A version already stored from the same bytes is left alone (`unchanged`); from
 * other bytes it is refused unless `replace`. Any failure leaves the database as it was.
 *
 * @example
 * await loadCodeSystemVersion(db, { system: NCMP, version: '2014', effectiveFrom: '2014-01-01',
 *   content: 'complete', concepts: parsed.concepts, source: { file, sha256, format, encoding } });
 */
export async function loadCodeSystemVersion(db: Kysely<Schema>, input: LoadVersionInput): Promise<LoadResult> {
  const { system, version, source } = input;
  checkDate(input.effectiveFrom, source.file);
  const resourceId = `${system.idPrefix}-${version}`;
  const rows = system.hierarchy ? derivedHierarchyRows(input.concepts, system.hierarchy) : plainConceptRows(input.concepts);
  return atomically(db, source.file, (trx) =>
    storeVersion(trx, {
      codeSystem: knownCodeSystemRow(system),
      aliases: system.aliases,
      version,
      resourceId,
      status: 'active',
      content: input.content,
      effectiveFrom: input.effectiveFrom,
      published: null,
      description: null,
      valueSetUrl: system.valueSetUrl,
      valueSet: versionValueSet(system, version, resourceId),
      source: { ...source },
      sha256: source.sha256,
      rows,
      replace: input.replace ?? false,
    }),
  );
}

/** A concept row before it belongs to a version. */
type ConceptRow = Omit<Insertable<ConceptTable>, 'version_id'>;

interface StoreVersionInput {
  codeSystem: Insertable<CodeSystemTable>;
  aliases: readonly string[];
  version: string;
  resourceId: string;
  status: string;
  content: string;
  /** Null: the version has no effective period. */
  effectiveFrom: string | null;
  published: string | null;
  description: string | null;
  valueSetUrl: string | null;
  valueSet: ValueSet | undefined;
  /** For a supplement: the canonical of the code system it supplements. */
  supplements?: string | null;
  /** What the CodeSystem says that answers use (language, experimental, standards status, property uris). */
  attributes?: VersionAttributes;
  source: Record<string, unknown>;
  sha256: string;
  rows: ConceptRow[];
  replace: boolean;
}

/**
 * The result of loading a code list whose bytes are stored already (same system, version, SHA-256,
 * effective date and content flag, and format when one is named), or `undefined`. The same rule as
 * `storeVersion` applies, checked before the file is parsed: a server that loads its manifest at every
 * start then parses only new files.
 */
export async function unchangedCodeList(
  db: Kysely<Schema>,
  input: { system: KnownSystem; version: string; effectiveFrom: string; content: string; sha256: string; format?: string },
): Promise<LoadResult | undefined> {
  const stored = await findCodeSystem(db, input.system.url);
  const existing = stored ? await findCodeSystemVersion(db, stored.id, input.version) : undefined;
  if (!existing) return undefined;
  // A version loaded from the published FHIR content names the code file it was generated from: the same
  // file again is the same content, not a conflicting load.
  const generatedFrom = existing.source.generatedFrom as { sha256?: unknown } | undefined;
  const sameBytes = existing.source.sha256 === input.sha256 || generatedFrom?.sha256 === input.sha256;
  const same = sameBytes && existing.effective_from === input.effectiveFrom && existing.content === input.content;
  if (!same || (input.format !== undefined && generatedFrom === undefined && existing.source.format !== input.format)) return undefined;
  if (!storedInCurrentFormat(existing.source)) return undefined;
  return {
    status: 'unchanged',
    resourceType: 'CodeSystem',
    url: input.system.url,
    version: input.version,
    resourceId: existing.resource_id,
    rowCount: await countConcepts(db, existing.id),
  };
}

/**
 * What `storeVersion` writes beside the codes, as a number kept in the version's `source`: 2 since a version keeps its
 * `attributes` (language, experimental, standards status, property uris) and its concepts' extensions (migrations
 * 20261203T1600 and T1700). A version stored by an older server (no number) is stored again from the same bytes
 * the next time they are loaded, for instance at the next start, so that an upgraded server answers as a fresh one.
 * 3 since the concepts of a FHIR CodeSystem keep their order (`ordinal`, migration 20261208T0200).
 */
export const STORE_FORMAT = 3;

/** Whether a stored version was written by this `storeVersion` (not by an older one that kept less). */
function storedInCurrentFormat(source: Record<string, unknown>): boolean {
  return typeof source.storeFormat === 'number' && source.storeFormat >= STORE_FORMAT;
}

/** The shared core of code-list and FHIR CodeSystem loads; runs inside the caller's transaction. */
async function storeVersion(trx: Db, input: StoreVersionInput): Promise<LoadResult> {
  const file = String(input.source.file);
  const url = input.codeSystem.url;
  const result = (status: LoadResult['status']): LoadResult => ({
    status,
    resourceType: 'CodeSystem',
    url,
    version: input.version,
    resourceId: input.resourceId,
    rowCount: input.rows.length,
  });
  const stored = await findCodeSystem(trx, url);
  const existing = stored ? await findCodeSystemVersion(trx, stored.id, input.version) : undefined;
  if (existing) {
    // The same bytes under another date or content flag is a different version record, not a no-op.
    const same = existing.source.sha256 === input.sha256 && existing.effective_from === input.effectiveFrom && existing.content === input.content;
    if (same && storedInCurrentFormat(existing.source)) return { ...result('unchanged'), resourceId: existing.resource_id };
    // Other content needs --replace. The same bytes stored by an older server are stored again, with what this one keeps.
    if (!same && !input.replace) {
      throw new ImportError(
        file,
        undefined,
        `version ${input.version} of ${url} is already loaded from other content or with another effective date (${String(existing.source.file)}, ${existing.effective_from === null ? 'without an effective period' : `from ${existing.effective_from}`}); use --replace to replace it`,
      );
    }
    await deleteCodeSystemVersion(trx, existing.id);
  }
  const sameDay = stored && input.effectiveFrom !== null ? await findVersionStartingOn(trx, stored.id, input.effectiveFrom) : undefined;
  if (sameDay && sameDay.version !== input.version) {
    throw new ImportError(
      file,
      undefined,
      `version ${sameDay.version} of ${url} is already in force from ${input.effectiveFrom}; two versions cannot start on the same day (give version ${input.version} its own effective date)`,
    );
  }
  const codeSystemId = await upsertCodeSystem(trx, input.codeSystem);
  await addCodeSystemAliases(trx, codeSystemId, input.aliases);
  const versionId = await insertCodeSystemVersion(trx, {
    code_system_id: codeSystemId,
    version: input.version,
    resource_id: input.resourceId,
    status: input.status,
    content: input.content,
    effective_from: input.effectiveFrom,
    effective_to: null,
    published: input.published,
    description: input.description,
    value_set_url: input.valueSetUrl,
    supplements: input.supplements ?? null,
    attributes: JSON.stringify(input.attributes ?? {}),
    source: JSON.stringify({ ...input.source, sha256: input.sha256, storeFormat: STORE_FORMAT }),
    // The version's own codes: derived hierarchy concepts are not among them (CodeSystem.count).
    concept_count: input.rows.filter((row) => !isDerived(row)).length,
  });
  await insertConcepts(
    trx,
    input.rows.map((row) => ({ ...row, version_id: versionId })),
  );
  await chainEffectiveTo(trx, codeSystemId);
  if (input.valueSet) await upsertValueSet(trx, valueSetRow(input.valueSet, input.valueSet.id ?? input.resourceId));
  await bumpContentRevision(trx);
  return result(existing ? 'replaced' : 'loaded');
}

/**
 * Registers the code systems this server knows by heart (NCMP, særkoder) with their aliases, so that
 * they are recognised (and their aliases resolve) before any of their versions is loaded. Idempotent:
 * bumps the content revision only when something was added.
 */
export async function registerKnownSystems(db: Kysely<Schema>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let changed = false;
    for (const system of KNOWN_SYSTEMS) {
      const existing = await findCodeSystem(trx, system.url);
      const id = existing?.id ?? (await upsertCodeSystem(trx, knownCodeSystemRow(system)));
      const stored = await readAliases(trx, id);
      const missing = system.aliases.filter((a) => !stored.includes(a));
      if (!existing || missing.length > 0) {
        changed = true;
        await addCodeSystemAliases(trx, id, missing);
      }
    }
    if (changed) await bumpContentRevision(trx);
  });
}

function knownCodeSystemRow(system: KnownSystem): Insertable<CodeSystemTable> {
  return {
    url: system.url,
    name: system.name,
    title: system.title,
    publisher: system.publisher,
    description: system.description,
    identifiers: JSON.stringify(system.identifiers),
    hierarchy_meaning: system.hierarchyMeaning ?? null,
    case_sensitive: true,
  };
}

/** What a version's ValueSet takes over from its CodeSystem resource, when it was loaded from one. */
export interface VersionValueSetMeta {
  status?: ValueSet['status'];
  publisher?: string;
  copyright?: string;
}

/**
 * The ValueSet of all selectable codes of one version of a known system. The content generator publishes
 * the same resource, so that loading the published ValueSet after its CodeSystem changes nothing.
 */
export function versionValueSet(system: KnownSystem, version: string, resourceId: string, meta: VersionValueSetMeta = {}): ValueSet {
  return {
    resourceType: 'ValueSet',
    id: resourceId,
    url: system.valueSetUrl,
    version,
    name: `${system.name}_${version.replace(/[^A-Za-z0-9]/g, '_')}`,
    title: `${system.title}, versjon ${version}`,
    status: meta.status ?? 'active',
    ...(meta.publisher ? { publisher: meta.publisher } : {}),
    description: `Alle valgbare koder i ${system.name} versjon ${version}.`,
    ...(meta.copyright ? { copyright: meta.copyright } : {}),
    compose: {
      include: [{ system: system.url, version, filter: [{ property: 'notSelectable', op: '=', value: 'false' }] }],
    },
  };
}

/** Whether a concept row is one of the derived hierarchy concepts of `withDerivedHierarchy`. */
function isDerived(row: ConceptRow): boolean {
  return typeof row.properties === 'string' && row.properties.includes('"derived"');
}

/** Properties and designations a code-list line carries beyond code and text. */
function extras(concept: CodeListConcept): { properties: StoredProperty[]; designations: StoredDesignation[] } {
  const properties: StoredProperty[] = [];
  if (concept.validFrom) properties.push({ code: 'effectiveDate', valueDateTime: concept.validFrom });
  if (concept.validTo) properties.push({ code: 'retirementDate', valueDateTime: concept.validTo });
  const designations: StoredDesignation[] = concept.shortText ? [{ language: 'nb', use: SHORT_TEXT_USE, value: concept.shortText }] : [];
  return { properties, designations };
}

function plainConceptRows(concepts: readonly CodeListConcept[]): ConceptRow[] {
  return concepts.map((concept) => {
    const { properties, designations } = extras(concept);
    return {
      code: concept.code,
      display: concept.display,
      parent_code: concept.parentCode ?? null,
      status: 'active',
      abstract: false,
      properties: JSON.stringify(properties),
      designations: JSON.stringify(designations),
    };
  });
}

/**
 * Rows of a code list whose files hold only leaf codes, with the hierarchy the code shape implies (for NCMP,
 * DOMAIN.md §3: chapter `W`, section `WB` and group `WBGM` are added as abstract, not selectable concepts).
 */
function derivedHierarchyRows(concepts: readonly CodeListConcept[], hierarchy: DerivedHierarchy): ConceptRow[] {
  const leaves: ConceptRow[] = concepts.map((concept) => {
    const { properties, designations } = extras(concept);
    // The file's own parent is kept when it disagrees with the derived one, never silently dropped.
    if (concept.parentCode && concept.parentCode !== hierarchy.impliedParent(concept.code)) properties.push({ code: 'foreldrekode', valueCode: concept.parentCode });
    return {
      code: concept.code,
      display: concept.display,
      parent_code: null,
      status: 'active',
      abstract: false,
      properties: JSON.stringify(properties),
      designations: JSON.stringify(designations),
    };
  });
  return withDerivedHierarchy(leaves, hierarchy);
}

/**
 * Adds the levels a code shape implies (NCMP's chapter `W`, section `WB` and group `WBGM`, DOMAIN.md §3) as
 * abstract, not selectable, derived concepts, and hangs every code without a parent whose shape implies levels
 * under the lowest of them. Used for code files and for FHIR CodeSystems alike. No source names these levels, so
 * they carry no display: a made-up title ("Kapittel A") would be published as if a source gave it.
 */
function withDerivedHierarchy(rows: ConceptRow[], hierarchy: DerivedHierarchy): ConceptRow[] {
  const present = new Set(rows.map((r) => r.code));
  const synthetic = new Map<string, ConceptRow>();
  const out = rows.map((row) => {
    const ancestors = row.parent_code === null ? hierarchy.ancestors(row.code) : [];
    if (ancestors.length === 0) return row;
    for (const [index, code] of ancestors.entries()) {
      if (synthetic.has(code) || present.has(code)) continue;
      synthetic.set(code, {
        code,
        display: null,
        parent_code: ancestors[index - 1] ?? null,
        status: 'active',
        abstract: true,
        properties: JSON.stringify(DERIVED_PROPERTIES),
        designations: '[]',
      });
    }
    return { ...row, parent_code: ancestors.at(-1)! };
  });
  return [...synthetic.values(), ...out];
}


/** Stores one version of a FHIR CodeSystem (see `loadFhirResource`). */
export async function loadFhirCodeSystem(db: Kysely<Schema>, resource: CodeSystem, file: string, opts: LoadFhirOptions): Promise<LoadResult> {
  const url = resource.url ?? '';
  const version = resource.version;
  if (!version) throw new ImportError(file, undefined, `CodeSystem ${url} has no version: each version is stored separately`);
  const facts = codeSystemVersionFacts(resource);
  if (facts.unreadableEffectiveFrom !== undefined) checkDate(facts.unreadableEffectiveFrom, file);
  // Most CodeSystems carry no effective period: such a version is stored without one, not given a made-up date.
  const effectiveFrom = facts.effectiveFrom ?? opts.effectiveFrom ?? null;
  if (effectiveFrom !== null) checkDate(effectiveFrom, file);
  // Only the primary url makes it one of our systems: content sent under an alias is stored as sent.
  const known = knownSystemByUrl(url);
  const resourceId = known ? `${known.idPrefix}-${version}` : resource.id ?? idFrom(resource.name ?? 'codesystem', version);
  const identifiers: StoredIdentifier[] = (resource.identifier ?? []).flatMap((i) => (i.system && i.value ? [{ system: i.system, value: i.value }] : []));
  const canonical = canonicalJson(resource);
  // The shipped content is loaded at every start: a version stored already from the same resource is answered before
  // its concepts are flattened (storeVersion checks the same again inside its transaction).
  const unchanged = await unchangedFhirVersion(db, { url, version, sha256: sha256(canonical), effectiveFrom, content: facts.content });
  if (unchanged) return unchanged;
  const flat = flattenConcepts(resource, effectiveFrom, file);
  // A known system's codes are read in code order, as they always were; any other keeps the order its CodeSystem
  // gives (FHIR's `male`, `female`, `other`, `unknown`), as its expansions list them.
  const rows = known?.hierarchy ? withDerivedHierarchy(flat, known.hierarchy) : known ? flat : flat.map((row, ordinal) => ({ ...row, ordinal }));
  return atomically(db, file, (trx) =>
    storeVersion(trx, {
      codeSystem: {
        url,
        name: resource.name ?? known?.name ?? url,
        title: resource.title ?? known?.title ?? null,
        publisher: resource.publisher ?? known?.publisher ?? null,
        description: resource.description ?? known?.description ?? null,
        identifiers: JSON.stringify(identifiers.length > 0 ? identifiers : known?.identifiers ?? []),
        hierarchy_meaning: resource.hierarchyMeaning ?? known?.hierarchyMeaning ?? null,
        case_sensitive: resource.caseSensitive ?? true,
      },
      aliases: known?.aliases ?? [],
      version,
      resourceId,
      status: facts.status,
      content: facts.content,
      effectiveFrom,
      published: facts.published,
      description: facts.description,
      valueSetUrl: facts.valueSetUrl ?? known?.valueSetUrl ?? null,
      supplements: facts.supplements,
      attributes: facts.attributes,
      valueSet: known
        ? versionValueSet(known, version, resourceId, {
            status: resource.status,
            ...(resource.publisher ? { publisher: resource.publisher } : {}),
            ...(resource.copyright ? { copyright: resource.copyright } : {}),
          })
        : undefined,
      source: { file, format: 'fhir-json', encoding: 'utf-8', ...generatedFrom(resource) },
      sha256: sha256(canonical),
      rows,
      replace: opts.replace ?? false,
    }),
  );
}

/** The result of loading a FHIR CodeSystem version stored already from the same resource (storeVersion's rule), or undefined. */
async function unchangedFhirVersion(
  db: Kysely<Schema>,
  input: { url: string; version: string; sha256: string; effectiveFrom: string | null; content: string },
): Promise<LoadResult | undefined> {
  const stored = await findCodeSystem(db, input.url);
  const existing = stored ? await findCodeSystemVersion(db, stored.id, input.version) : undefined;
  if (!existing || existing.source.sha256 !== input.sha256 || existing.effective_from !== input.effectiveFrom || existing.content !== input.content) return undefined;
  if (!storedInCurrentFormat(existing.source)) return undefined;
  return {
    status: 'unchanged',
    resourceType: 'CodeSystem',
    url: input.url,
    version: input.version,
    resourceId: existing.resource_id,
    rowCount: await countConcepts(db, existing.id),
  };
}

/** The code file a published CodeSystem names as its source (`SOURCE_FILE_EXT`), kept with the version. */
function generatedFrom(resource: CodeSystem): { generatedFrom?: { file: string; sha256: string } } {
  const parts = extension(resource.extension, SOURCE_FILE_EXT)?.extension ?? [];
  const file = parts.find((e) => e.url === 'file')?.valueString;
  const sha = parts.find((e) => e.url === 'sha256')?.valueString;
  return file && sha ? { generatedFrom: { file, sha256: sha } } : {};
}

/** Nested concepts as rows (see `flattenCodeSystemConcepts`), with the file named in errors. */
function flattenConcepts(resource: CodeSystem, effectiveFrom: string | null, file: string): ConceptRow[] {
  let flat: FlatConcept[];
  try {
    flat = flattenCodeSystemConcepts(resource, effectiveFrom ?? undefined);
  } catch (error) {
    if (error instanceof ConceptShapeError) throw new ImportError(file, undefined, error.message);
    throw error;
  }
  return flat.map((c) => ({
    code: c.code,
    display: c.display,
    definition: c.definition,
    parent_code: c.parentCode,
    status: c.status,
    abstract: c.abstract,
    properties: JSON.stringify(c.properties),
    designations: JSON.stringify(c.designations),
    extensions: JSON.stringify(c.extensions),
  }));
}
