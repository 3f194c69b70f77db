// Writes: PUT /fhir/{CodeSystem|ValueSet|ConceptMap}/:id (update, replace semantics) and POST /fhir/{type}
// (create) of a whole FHIR resource, behind the admin bearer token (https://hl7.org/fhir/R4/http.html#update,
// #create). A resource is checked for the shape the store relies on before anything is written, then
// loaded in one transaction by `loadFhirResource`; a refused load changes nothing. No DELETE: content is
// versioned, and a version once served is only ever replaced.
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import type { Kysely } from 'kysely';
import { ping } from '../../db/queries/health';
import type { Schema } from '../../db/schema';
import { ImportError } from '../import/import-error';
import { FHIR_CORE_PACKAGE, FHIR_CORE_PACKAGE_VERSION, isShippedCore } from '../import/fhir-core';
import { loadFhirResource, type LoadResult } from '../import/load';
import { readResource } from '../operations/search';
import { knownSystemByUrl } from '../terminology/code-systems';
import { ID, resourceProblems, WRITABLE, type WritableType } from './resource-shape';
import type { Snapshot } from '../terminology/snapshot';
import type { SnapshotCache } from '../terminology/snapshot-cache';
import { databaseTrouble } from '../database-trouble';
import { sendResource } from './fhir-json';
import { FhirError, issue } from '../terminology/issues';
import { msg, type Message } from '../terminology/messages';
import { requireAdminToken } from './security';

/** The resource types a client may write. */
const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];

/** What the write routes need. */
export interface AdminRouterContext {
  db: Kysely<Schema>;
  terminology: SnapshotCache;
  /** Unset: writes are refused with 403. */
  adminToken: string | undefined;
  /** Largest accepted body of a write, in bytes. */
  maxBodyBytes: number;
  publicBaseUrl: string | undefined;
}

/**
 * The write routes. Mounted under `/fhir` before the read router (which answers 405 to these methods)
 * and before the general body parsers: a write's body is read only once its token has been checked.
 */
export function adminRouter(ctx: AdminRouterContext): RequestHandler {
  const router = Router();
  const onlyWritable = (req: Request, _res: Response, next: NextFunction): void => {
    const { type, id } = req.params as { type?: string; id?: string };
    // Anything else (`$lookup`, `Patient`, `metadata`) belongs to the read router and its answers.
    next(type !== undefined && WRITABLE.has(type) && !id?.startsWith('$') ? undefined : 'route');
  };
  const guard = requireAdminToken(ctx.adminToken);
  const body = express.json({ type: FHIR_JSON_TYPES, limit: ctx.maxBodyBytes });
  router.put('/:type/:id', onlyWritable, guard, body, (req, res) => write(ctx, req, res, 'update'));
  router.post('/:type', onlyWritable, guard, body, (req, res) => write(ctx, req, res, 'create'));
  // Only PUT and POST enter: a Router answers OPTIONS itself for paths its routes match, which would
  // pre-empt the read router's answers.
  return (req, res, next) => (req.method === 'PUT' || req.method === 'POST' ? router(req, res, next) : next());
}

async function write(ctx: AdminRouterContext, req: Request, res: Response, kind: 'create' | 'update'): Promise<void> {
  const type = req.params.type as WritableType;
  const urlId = kind === 'update' ? String(req.params.id) : undefined;
  if (urlId !== undefined && !ID.test(urlId)) throw FhirError.invalid(msg('NCMP_INVALID_RESOURCE_ID', urlId));
  if (!req.is(FHIR_JSON_TYPES)) {
    throw new FhirError(415, {
      severity: 'error',
      code: 'not-supported',
      ...msg('NCMP_WRITE_NOT_FHIR_JSON', type),
    });
  }
  const resource = checkedResource(type, req.body);
  // The identity checks need the store as it is now, not as cached up to a second ago.
  ctx.terminology.invalidate();
  const snapshot = await ctx.terminology.snapshot();
  const at = conflicts(snapshot, type, resource, urlId);
  const file = `${kind === 'update' ? 'PUT' : 'POST'} ${type}${urlId ? `/${urlId}` : ''}`;
  let result: LoadResult;
  try {
    result = await loadFhirResource(ctx.db, resource, { file, replace: kind === 'update' });
  } catch (error) {
    throw await refusal(ctx.db, error, type, at, req);
  }
  ctx.terminology.invalidate();
  const stored = await readResource(await ctx.terminology.snapshot(), type, result.resourceId);
  const base = ctx.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
  res.location(`${base}/${type}/${result.resourceId}`);
  sendResource(res, result.status === 'loaded' ? 201 : 200, stored);
}

/** Where the resource's url|version is stored already, if anywhere. */
interface Existing {
  resourceId: string;
  /** Where it came from (`meta.source`): FHIR core content shipped with the server is read-only. */
  metaSource: string | undefined;
}

function storedByCanonical(snapshot: Snapshot, type: WritableType, url: string, version: string | undefined): Existing | undefined {
  if (type === 'CodeSystem') {
    const v = snapshot.systems.find((s) => s.url === url)?.versions.find((x) => x.version === version);
    return v ? { resourceId: v.resourceId, metaSource: v.metaSource } : undefined;
  }
  const list = type === 'ValueSet' ? snapshot.valueSets : snapshot.conceptMaps;
  const entry = list.find((e) => e.url === url && e.version === (version ?? null));
  return entry ? { resourceId: entry.resourceId, metaSource: entry.resource.meta?.source } : undefined;
}

function storedById(snapshot: Snapshot, type: WritableType, id: string): { url: string; version: string | null } | undefined {
  if (type === 'CodeSystem') {
    const v = snapshot.versionByResourceId(id);
    return v ? { url: v.system.url, version: v.version } : undefined;
  }
  const list = type === 'ValueSet' ? snapshot.valueSets : snapshot.conceptMaps;
  const entry = list.find((e) => e.resourceId === id);
  return entry ? { url: entry.url, version: entry.version } : undefined;
}

const conflict = (message: Message): FhirError => new FhirError(409, { severity: 'error', code: 'conflict', ...message });

/**
 * Checks that the write keeps one resource per id and one id per url|version (the store's identity), and
 * for an update that the body belongs at the URL. Returns where the url|version is stored already.
 */
function conflicts(snapshot: Snapshot, type: WritableType, resource: CodeSystem | ValueSet | ConceptMap, urlId: string | undefined): Existing | undefined {
  const url = resource.url!;
  const version = resource.version;
  const canonical = `${url}${version ? `|${version}` : ''}`;
  const known = type === 'CodeSystem' ? knownSystemByUrl(url) : undefined;
  if (urlId !== undefined) {
    if (resource.id !== urlId) {
      throw FhirError.invalid(msg('NCMP_RESOURCE_ID_MISMATCH', type, resource.id ?? '', urlId), [`${type}.id`]);
    }
    if (known && urlId !== `${known.idPrefix}-${version}`) {
      throw FhirError.invalid(msg('NCMP_VERSION_SERVED_ELSEWHERE', version, known.name, known.idPrefix, version), [`${type}.id`]);
    }
  }
  const existing = storedByCanonical(snapshot, type, url, version);
  if (existing && isShippedCore(existing.metaSource)) {
    throw conflict(msg('NCMP_WRITE_SHIPPED_CORE', canonical, FHIR_CORE_PACKAGE, FHIR_CORE_PACKAGE_VERSION, type));
  }
  if (urlId !== undefined && existing && existing.resourceId !== urlId) {
    throw conflict(msg('NCMP_WRITE_STORED_ELSEWHERE', canonical, `${type}/${existing.resourceId}`));
  }
  const id = urlId ?? (known ? `${known.idPrefix}-${version}` : resource.id);
  const holder = id === undefined ? undefined : storedById(snapshot, type, id);
  if (holder && (holder.url !== url || holder.version !== (version ?? null))) {
    throw conflict(
      msg('NCMP_WRITE_ID_HOLDS_OTHER', `${type}/${id}`, `${holder.url}${holder.version ? `|${holder.version}` : ''}`, canonical),
    );
  }
  return existing;
}

/** The answer to a refused load: the store unreachable is a 503, a conflicting create 409, else 422. */
async function refusal(db: Kysely<Schema>, error: unknown, type: WritableType, existing: Existing | undefined, req: Request): Promise<unknown> {
  if (!(error instanceof ImportError)) return error;
  if (error.problem.startsWith('the database refused the load')) {
    // The database down or too slow (statement timeout) is not the client's fault: a 503 with Retry-After.
    if (databaseTrouble(error.cause)) return error.cause;
    // The loader folds every database error into its message; whether the store is down decides the status,
    // and the database's own words (SQL, constraint names) stay in the log.
    await ping(db);
    req.log?.warn({ err: error }, 'write refused by the database');
    return new FhirError(422, {
      severity: 'error',
      code: 'processing',
      ...msg('NCMP_WRITE_REFUSED_BY_DATABASE', type, String(req.id ?? '')),
    });
  }
  if (existing && req.method === 'POST') {
    return conflict(msg('NCMP_WRITE_CONTENT_DIFFERS', `${type}/${existing.resourceId}`));
  }
  return new FhirError(422, { severity: 'error', code: 'processing', ...msg('NCMP_WRITE_NOT_STORED', type, error.problem) });
}

function checkedResource(type: WritableType, body: unknown): CodeSystem | ValueSet | ConceptMap {
  const problems = resourceProblems(type, body);
  if (problems.length > 0) {
    throw new FhirError(
      400,
      problems.map((text) => issue({ severity: 'error', code: 'structure', txType: null, ...msg('NCMP_WRITE_INVALID_RESOURCE', type, text) })),
    );
  }
  return body as CodeSystem | ValueSet | ConceptMap;
}
