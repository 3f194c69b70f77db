// The fast path of the FHIR API's hot requests: a GET (or HEAD) of an operation, `/fhir/<Type>/$op` or
// `/fhir/<Type>/<id>/$op`. It does what the general stack does for such a request (`httpCaching`,
// `cachedAnswers`, `negotiateFhirJson`, then the router's operation routes), in that order and with the same
// answers, but without Express's routing (the pages router, the `/fhir` mount, the FHIR router's path matching)
// and without Express's `res.send`. Anything else, and any request it is not sure of, passes on unchanged.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TerminologyResourceType } from '../operations/search';
import type { Snapshot, SnapshotCache } from '../terminology/terminology';
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

/** The fast path (see above), mounted at the root after the front door (ids, headers, limits). */
export function operationGets(ctx: { terminology: SnapshotCache; metrics: Metrics; runOperation: OperationRunner }): RequestHandler {
  const { terminology, metrics, runOperation } = ctx;

  const answer = async (req: Request, res: Response, match: RegExpExecArray): Promise<void> => {
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
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const match = OPERATION_PATH.exec(req.url);
    // CSV ($diff) is answered through Express's send: the general path.
    if (!match || wantsCsv(req)) {
      next();
      return;
    }
    labelOperation(res, match[3]!);
    answer(req, res, match).catch(next);
  };
}
