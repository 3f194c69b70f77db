// The app's Node request listener: a GET or HEAD of an operation (the hot path: EPRs validating codes all day) is
// answered by the operation pipeline on Node's own request and response, after the front door; every other
// request goes to Express. No framework on the hot path, and nothing of Express's patched.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Logger } from 'pino';
import { sendAnswer } from './answer';
import { answerError } from './errors';
import type { Query } from './fhir-json';
import { labelOperation } from './metrics';
import { answerOperation, type PipelineContext } from './operation-pipeline';

/**
 * The operation requests the listener answers itself: a type the server serves, an id of resource-id characters
 * only (nothing to percent-decode), an operation name as `operationOf` labels it, no trailing slash. Other
 * spellings (Express matches paths case-insensitively and ignores a trailing slash) go to Express, whose FHIR
 * router answers them through the same pipeline.
 */
const OPERATION_PATH = /^\/fhir\/(CodeSystem|ValueSet|ConceptMap)\/(?:([A-Za-z0-9\-.]{1,64})\/)?(\$[a-z-]{1,40})(?:\?|$)/;

/**
 * Parses a query string as the app's Express query parser does (`createApp`): FHIR query strings are flat
 * name=value pairs, a repeated name gives an array; no key limit (the URL limit bounds the input).
 */
export function parseQuery(text: string): Query {
  return parseQueryString(text, '&', '=', { maxKeys: 0 });
}

/** The front door every request passes first (metrics, request id and log, security headers, CORS, compression, URL limit). */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The listener: GET and HEAD of `OPERATION_PATH` through `frontDoor` to `answerOperation` and `sendAnswer`;
 * anything else to `routed` (the Express app, which has the same front door).
 */
export function operationListener(ctx: PipelineContext & { frontDoor: FrontDoor; routed: RequestListener; logger: Logger }): RequestListener {
  const { frontDoor, routed, logger } = ctx;
  return (req, res) => {
    const url = req.url ?? '';
    const match = req.method === 'GET' || req.method === 'HEAD' ? OPERATION_PATH.exec(url) : null;
    if (match === null) {
      routed(req, res);
      return;
    }
    const log = (): Logger => (req.log ??= logger.child({ reqId: req.id }));
    const fail = (error: unknown): void => answerError(req, res, error, log);
    try {
      frontDoor(req, res, (error?: unknown) => {
        if (error) {
          fail(error);
          return;
        }
        const op = match[3]!;
        labelOperation(res, op);
        const q = url.indexOf('?');
        answerOperation(
          {
            method: req.method!,
            url,
            path: q < 0 ? url : url.slice(0, q),
            type: match[1]!,
            id: match[2],
            op,
            query: q < 0 ? {} : parseQuery(url.slice(q + 1)),
            headers: req.headers,
            requestId: req.id ?? '',
            log,
          },
          ctx,
        )
          .then((answer) => sendAnswer(req, res, answer))
          .catch(fail);
      });
    } catch (error) {
      fail(error);
    }
  };
}
