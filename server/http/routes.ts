import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { statSync } from 'node:fs';
import { capabilityStatement, terminologyCapabilities, versionsParameters } from '../builders/capabilities';
import { OPERATIONS } from '../operations';
import type { Operation } from '../operations/shared/operation';
import { readResource, searchResources, type TerminologyResourceType } from '../operations/search';
import { snapshotForRequest } from '../terminology/request-scope';
import type { Snapshot } from '../terminology/snapshot';
import type { SnapshotCache } from '../terminology/snapshot-cache';
import { todayInNorway } from '../terminology/dates';
import { acceptsJson, FHIR_JSON, sendResource, wantsCsv } from './fhir-json';
import { FhirError } from '../terminology/issues';
import type { Metrics } from './metrics';
import { readInput, readParametersResource } from './parameters';
import { ID } from './resource-shape';

const TYPES = new Set<TerminologyResourceType>(['CodeSystem', 'ValueSet', 'ConceptMap']);
/** The software, with the date its running build was made (the entry file's modification date). */
const SOFTWARE = { name: 'ncmp-terminology-server', version: '0.1.0', ...buildDate() };

function buildDate(): { releaseDate?: string } {
  try {
    return process.argv[1] ? { releaseDate: statSync(process.argv[1]).mtime.toISOString().slice(0, 10) } : {};
  } catch {
    return {};
  }
}
/** Answers larger than this (whole expansions) are not kept: their expansion is cached one level down. */
const MAX_CACHED_ANSWER = 32 * 1024;

/** A header's value as a positive integer, if it is one. */
function positiveInteger(header: string | string[] | undefined): number | undefined {
  const n = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
}

/** The most preferred language of an Accept-Language header (`nb-NO,nb;q=0.9` → `nb-NO`); `*` means none. */
function firstLanguage(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag?.trim() ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((l) => l.tag !== '' && l.tag !== '*' && l.q > 0 && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(l.tag))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag;
}

function baseUrlOf(req: Request, configured: string | undefined): string {
  return configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

function resourceType(raw: string): TerminologyResourceType {
  if (!TYPES.has(raw as TerminologyResourceType)) {
    throw FhirError.notFound(`Resource type '${raw}' is not served here; this terminology server serves CodeSystem, ValueSet and ConceptMap`);
  }
  return raw as TerminologyResourceType;
}

/** Every operation by `Type/$code`. */
const OPERATION_BY_NAME = new Map(OPERATIONS.map((o) => [`${o.resourceType}/$${o.code}`, o]));

function operationFor(type: TerminologyResourceType, name: string): Operation {
  const op = OPERATION_BY_NAME.get(`${type}/${name}`);
  if (!op) {
    const available = OPERATIONS.filter((o) => o.resourceType === type).map((o) => `$${o.code}`).join(', ');
    throw FhirError.notFound(`Operation ${type}/${name} is not supported; ${type} supports ${available}`);
  }
  return op;
}

function onlyMethods(req: Request, methods: string[]): void {
  // HEAD is a GET without the body (Express leaves the body out): allowed wherever GET is.
  if (!methods.includes(req.method) && !(req.method === 'HEAD' && methods.includes('GET'))) {
    throw new FhirError(
      405,
      { severity: 'error', code: 'not-supported', text: `${req.method} is not allowed on ${req.baseUrl}${req.path}; use ${methods.join(' or ')}` },
      { Allow: methods.join(', ') },
    );
  }
}

/**
 * The cache key of a GET operation's answer: its URL, language and day (a GET is answered from these
 * alone while the content is unchanged); undefined for anything else.
 */
function answerKey(req: Request): string | undefined {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.originalUrl.includes('/$')) return undefined;
  return `${req.originalUrl}\n${req.headers['accept-language'] ?? ''}\n${req.headers['x-too-costly-threshold'] ?? ''}\n${todayInNorway()}`;
}

/**
 * The cached answer of a GET operation, if there is one: looked up (and counted as a hit or a miss) only for
 * requests that ask for FHIR JSON.
 */
export function cachedAnswerOf(snapshot: Snapshot, req: Request, metrics?: Metrics): string | undefined {
  const key = answerKey(req);
  const accept = req.headers.accept;
  if (key === undefined || req.originalUrl.includes('_format=') || (accept !== undefined && !acceptsJson(accept))) return undefined;
  const cached = snapshot.answers.get(key);
  metrics?.answerCache.inc({ result: cached === undefined ? 'miss' : 'hit' });
  return cached;
}

/**
 * Serves a repeated GET operation from the answers cache before any other routing: the hot path of EPRs
 * validating the same codes all day. Anything not cached, or asking for another format, passes on.
 */
export function cachedAnswers(terminology: SnapshotCache, metrics?: Metrics): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const cached = cachedAnswerOf(await terminology.snapshot(), req, metrics);
    if (cached === undefined) {
      next();
      return;
    }
    res.status(200).type(FHIR_JSON).send(cached);
  };
}

/** Runs operation `name` of `type` (at instance `id`) for a request; a JSON answer goes to `send`. */
export type OperationRunner = (
  req: Request,
  res: Response,
  type: TerminologyResourceType,
  name: string,
  id: string | undefined,
  send?: (body: string) => void,
) => Promise<void>;

/**
 * Runs an operation: reads its input, works out the answer, keeps a GET's answer in the answers cache and
 * sends it (by default with `res.send`; the fast path in `fast-operations.ts` passes its own writer).
 */
export function operationRunner(terminology: SnapshotCache): OperationRunner {
  return async (req, res, type, name, id, send) => {
    const op = operationFor(type, name);
    onlyMethods(req, ['GET', 'POST']);
    if (id !== undefined && !ID.test(id)) throw FhirError.invalid(`'${id}' is not a valid resource id`);
    const base = await terminology.snapshot();
    const key = answerKey(req);
    const input = readInput(op.definition, req);
    const snapshot = await snapshotForRequest(base, {
      txResources: input.resources('tx-resource'),
      systemVersion: input.strings('system-version'),
      checkSystemVersion: input.strings('check-system-version'),
      forceSystemVersion: input.strings('force-system-version'),
      defaultToLatest: input.boolean('default-to-latest-version') ?? false,
      defaultValueSetVersion: input.strings('default-valueset-version'),
      useSupplement: input.strings('useSupplement'),
    });
    const result = await op.handler(input, {
      snapshot,
      instanceId: id,
      acceptLanguage: firstLanguage(req.headers['accept-language']),
      expansionLimit: positiveInteger(req.headers['x-too-costly-threshold']),
      readParameters: readParametersResource,
    });
    if (op.csv && wantsCsv(req)) {
      res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${op.code}.csv"`).send(op.csv(result));
      return;
    }
    const body = JSON.stringify(result);
    if (key !== undefined && snapshot === base && body.length <= MAX_CACHED_ANSWER) base.keepAnswer(key, body);
    if (send) send(body);
    else res.status(200).type(FHIR_JSON).send(body);
  };
}

/** The FHIR API: metadata, read, search and every operation of `OPERATIONS`, GET and POST, type and instance level. */
export function fhirRouter(ctx: { terminology: SnapshotCache; publicBaseUrl: string | undefined; runOperation?: OperationRunner }): Router {
  const router = Router();
  const { terminology } = ctx;
  const runOperation = ctx.runOperation ?? operationRunner(terminology);

  router.all('/metadata', async (req, res) => {
    onlyMethods(req, ['GET']);
    const mode = req.query.mode;
    const now = new Date().toISOString();
    if (mode === 'terminology') {
      const snapshot = await terminology.snapshot();
      const expand = OPERATIONS.find((o) => o.code === 'expand')!.definition.parameters.map((p) => p.name);
      sendResource(res, 200, terminologyCapabilities(snapshot.systems, now, expand, SOFTWARE));
      return;
    }
    if (mode !== undefined && mode !== 'full' && mode !== 'normative') {
      throw FhirError.invalid(`metadata mode '${String(mode)}' is not supported; use full or terminology`, ['mode']);
    }
    sendResource(res, 200, capabilityStatement(OPERATIONS, baseUrlOf(req, ctx.publicBaseUrl), now, SOFTWARE));
  });

  router.all('/\$versions', (req, res) => {
    onlyMethods(req, ['GET', 'POST']);
    sendResource(res, 200, versionsParameters());
  });

  router.all('/:type/:id/:op', async (req, res) => {
    const type = resourceType(req.params.type!);
    if (!req.params.op!.startsWith('$')) throw FhirError.notFound(`No route for ${req.method} ${req.baseUrl}${req.path}`);
    await runOperation(req, res, type, req.params.op!, req.params.id!);
  });

  router.all('/:type/:idOrOp', async (req, res) => {
    const type = resourceType(req.params.type!);
    const segment = req.params.idOrOp!;
    if (segment.startsWith('$')) return runOperation(req, res, type, segment, undefined);
    const snapshot = await terminology.snapshot();
    if (segment === '_search') {
      onlyMethods(req, ['POST']);
      const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
      sendResource(res, 200, await searchResources(snapshot, type, { ...req.query, ...body }, `${baseUrlOf(req, ctx.publicBaseUrl)}/${type}`, baseUrlOf(req, ctx.publicBaseUrl)));
      return;
    }
    onlyMethods(req, ['GET']);
    if (!ID.test(segment)) throw FhirError.invalid(`'${segment}' is not a valid resource id`);
    sendResource(res, 200, await readResource(snapshot, type, segment));
  });

  router.all('/:type', async (req, res) => {
    const type = resourceType(req.params.type!);
    onlyMethods(req, ['GET']);
    const snapshot = await terminology.snapshot();
    const base = baseUrlOf(req, ctx.publicBaseUrl);
    sendResource(res, 200, await searchResources(snapshot, type, req.query as Record<string, unknown>, `${base}${req.url}`, base));
  });

  return router;
}
