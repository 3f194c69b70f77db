// The fast path of the FHIR API's hot requests: a GET (or HEAD) of an operation, `/fhir/<Type>/$op` or
// `/fhir/<Type>/<id>/$op`. It does what the general stack does for such a request (`httpCaching`,
// `cachedAnswers`, `negotiateFhirJson`, then the router's operation routes), in that order and with the same
// answers, but without Express's router (its per-request set-up, the pages router, the `/fhir` mount, the FHIR
// router's path matching) and without Express's `res.send`: `createApp` puts it in front of `app.handle`.
// Anything else, and any request it is not sure of, goes to Express's router unchanged.
import type { Request, Response } from 'express';
import type { TerminologyResourceType } from '../operations/search';
import type { Snapshot } from '../terminology/snapshot';
import type { SnapshotCache } from '../terminology/snapshot-cache';
import { cacheAwareSend, sendFhirAnswer } from './caching';
import { FHIR_JSON, negotiateFhirJson, wantsCsv } from './fhir-json';
import { labelOperation, type Metrics } from './metrics';
import { cachedAnswerOf, type OperationRunner } from './routes';

/**
 * The operation requests the fast path takes: a type the server serves, an id of resource-id characters only
 * (so the router's percent-decoding would leave it as it is), an operation name as `operationOf` labels it, no
 * trailing slash. Express matches paths case-insensitively; other spellings take the general path.
 */
const OPERATION_PATH = /^\/fhir\/(CodeSystem|ValueSet|ConceptMap)\/(?:([A-Za-z0-9\-.]{1,64})\/)?(\$[a-z-]{1,40})(?:\?|$)/;

const noop = (): void => undefined;

/** The fast path (see above): which requests it takes, and their answer. */
export interface FastOperations {
  /** The operation request `req` is, when the fast path takes it (the path alone; see `takes` too). */
  match(req: Request): RegExpExecArray | undefined;
  /** Whether it takes a matched request, once `req` is Express's (CSV is answered through Express's send). */
  takes(req: Request): boolean;
  /** Answers a request `match` and `takes` accepted, after the front door; rejects with what the error handler answers. */
  answer(req: Request, res: Response, match: RegExpExecArray): Promise<void>;
}

export function fastOperations(ctx: { terminology: SnapshotCache; metrics: Metrics; runOperation: OperationRunner }): FastOperations {
  const { terminology, metrics, runOperation } = ctx;
  return {
    match: (req) => ((req.method === 'GET' || req.method === 'HEAD') && OPERATION_PATH.exec(req.url ?? '')) || undefined,
    takes: (req) => !wantsCsv(req),
    answer: async (req, res, match) => {
      labelOperation(res, match[3]!);
      const snapshot: Snapshot = await terminology.snapshot();
      try {
        const cached = cachedAnswerOf(snapshot, req, metrics);
        if (cached !== undefined) {
          sendFhirAnswer(req, res, snapshot, FHIR_JSON, cached);
          return;
        }
        // Throws the 406 of a format or Accept other than FHIR JSON.
        negotiateFhirJson(req, res, noop);
        await runOperation(req, res, match[1] as TerminologyResourceType, match[3]!, match[2], (body) => sendFhirAnswer(req, res, snapshot, FHIR_JSON, body));
      } catch (error) {
        // The error handler's answer gets what `httpCaching` gives every answer after the snapshot (no-store).
        if (!res.headersSent) cacheAwareSend(req, res, snapshot);
        throw error;
      }
    },
  };
}
