// The one pipeline of a FHIR operation request, `/fhir/<Type>[/<id>]/$op`, whichever way it arrives: a plain
// function from the request's parts to its answer (`answerOperation`), knowing no framework. The Node listener
// calls it for GET and HEAD (`operation-listener.ts`), the FHIR router for everything else (POST, CSV, odd
// spellings); both send its answer with `sendAnswer`.
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { OPERATIONS } from '../operations';
import { readRequestScope, type Operation } from '../operations/shared/operation';
import type { TerminologyResourceType } from '../operations/search';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { snapshotForRequest } from '../terminology/request-scope';
import type { Snapshot } from '../terminology/snapshot';
import type { SnapshotCache } from '../terminology/snapshot-cache';
import { fhirAnswer, type HttpAnswer } from './answer';
import { answerKey, cachedAnswer, keepAnswer } from './answer-cache';
import { withCachingHeaders } from './caching';
import { errorAnswer } from './errors';
import { acceptsJson, checkFhirJson, wantsCsv, type Query } from './fhir-json';
import type { Metrics } from './metrics';
import { readInput, readParametersResource } from './parameters';
import { ID } from './resource-shape';

/** One operation request, as the pipeline reads it. */
export interface OperationRequest {
  method: string;
  /** The request target as received (path and query string): the answer cache's key, the version-pinning test. */
  url: string;
  /** The path as the client named it, for messages (`/fhir/CodeSystem/$lookup`). */
  path: string;
  /** The resource type named (not yet checked). */
  type: string;
  /** The instance id, at instance level. */
  id: string | undefined;
  /** The operation name with its `$`. */
  op: string;
  query: Query;
  /** The parsed body of a POST. */
  body?: unknown;
  headers: IncomingHttpHeaders;
  /** The request id (see `identifyRequest`), quoted in the answer to an unexpected error. */
  requestId: string;
  /** The request's logger, asked for only when an error is logged. */
  log: () => Logger | undefined;
}

/** What the pipeline works with: the content, and the metrics that count answer-cache hits and misses. */
export interface PipelineContext {
  terminology: SnapshotCache;
  metrics?: Metrics;
}

const TYPES = new Set<TerminologyResourceType>(['CodeSystem', 'ValueSet', 'ConceptMap']);

/** The resource type `raw` names, if this server serves it; else a 404 that lists the ones it does. */
export function resourceType(raw: string): TerminologyResourceType {
  if (!TYPES.has(raw as TerminologyResourceType)) {
    throw FhirError.notFound(msg('NCMP_RESOURCE_TYPE_NOT_SERVED', raw));
  }
  return raw as TerminologyResourceType;
}

/** Every operation by `Type/$code`. */
const OPERATION_BY_NAME = new Map(OPERATIONS.map((o) => [`${o.resourceType}/$${o.code}`, o]));

function operationFor(type: TerminologyResourceType, name: string): Operation {
  const op = OPERATION_BY_NAME.get(`${type}/${name}`);
  if (!op) {
    const available = OPERATIONS.filter((o) => o.resourceType === type).map((o) => `$${o.code}`).join(', ');
    throw FhirError.notFound(msg('NCMP_OPERATION_NOT_SUPPORTED', type, name, type, available));
  }
  return op;
}

/** Refuses a method not in `methods` with 405 and `Allow`; HEAD is a GET without the body, allowed wherever GET is. */
export function onlyMethods(method: string, path: string, methods: string[]): void {
  if (!methods.includes(method) && !(method === 'HEAD' && methods.includes('GET'))) {
    throw new FhirError(
      405,
      { severity: 'error', code: 'not-supported', ...msg('NCMP_METHOD_NOT_ALLOWED', method, path, methods.join(' or ')) },
      { Allow: methods.join(', ') },
    );
  }
}

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

/**
 * The answer to an operation request: from the answer cache when a repeated GET asks for FHIR JSON, else worked
 * out (content negotiation, the operation and method, the inputs, the request's view of the content, the
 * handler) and, for a GET, kept. A GET's or HEAD's answer carries its caching headers. Never rejects: an error
 * is answered here, by `errorAnswer`.
 */
export async function answerOperation(request: OperationRequest, ctx: PipelineContext): Promise<HttpAnswer> {
  const cacheable = request.method === 'GET' || request.method === 'HEAD';
  let snapshot: Snapshot | undefined;
  try {
    snapshot = await ctx.terminology.snapshot();
    const answer = await answerFrom(snapshot, request, ctx);
    return cacheable ? withCachingHeaders(answer, snapshot, request.url) : answer;
  } catch (error) {
    const answer = errorAnswer(error, request.requestId, request.log);
    // An error before the content was read (the database) is answered without caching headers.
    return cacheable && snapshot !== undefined ? withCachingHeaders(answer, snapshot, request.url) : answer;
  }
}

async function answerFrom(base: Snapshot, request: OperationRequest, ctx: PipelineContext): Promise<HttpAnswer> {
  const { method, url, query, headers } = request;
  const key = answerKey(method, url, headers);
  // Only a request for FHIR JSON is answered from the cache (and counted as a hit or a miss).
  if (key !== undefined && !url.includes('_format=') && (headers.accept === undefined || acceptsJson(headers.accept))) {
    const cached = cachedAnswer(base, key, ctx.metrics);
    if (cached !== undefined) return fhirAnswer(200, cached);
  }
  checkFhirJson(request.path, query, headers);
  const type = resourceType(request.type);
  const op = operationFor(type, request.op);
  onlyMethods(method, request.path, ['GET', 'POST']);
  const id = request.id;
  if (id !== undefined && !ID.test(id)) throw FhirError.invalid(msg('NCMP_INVALID_RESOURCE_ID', id));
  const input = readInput(op.definition, request);
  const snapshot = await snapshotForRequest(base, readRequestScope(input));
  const result = await op.handler(input, {
    snapshot,
    instanceId: id,
    acceptLanguage: firstLanguage(headers['accept-language']),
    expansionLimit: positiveInteger(headers['x-too-costly-threshold']),
    readParameters: readParametersResource,
  });
  if (op.csv && wantsCsv(query, headers)) {
    return {
      status: 200,
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${op.code}.csv"` },
      body: op.csv(result),
    };
  }
  const body = JSON.stringify(result);
  // An answer from inline content or version pinning is the request's own: only answers from the shared content are kept.
  if (key !== undefined && snapshot === base) keepAnswer(base, key, body);
  return fhirAnswer(200, body);
}
