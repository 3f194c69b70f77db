// The app's Node request listener: a GET or HEAD of an operation (the hot path: EPRs validating codes all day) is
// answered by the operation pipeline on Node's own request and response, after the front door; every other
// request goes to Express. No framework on the hot path, and nothing of Express's patched.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Logger } from 'pino';
import { sendAnswer, sendAnswerAfterDoor, setDoorHeaders, type DoorHeaders } from './answer';
import { answerError } from './errors';
import type { Query } from './fhir-json';
import { labelOperation } from './metrics';
import { answerOperation, type OperationRequest, type PipelineContext } from './operation-pipeline';

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
 * The front door of a request it would set no header on but its own (`DoorHeaders`: no CORS configured, no
 * `Accept-Encoding` asked for): `enter` does the front door's work but the headers (metrics, the request id and
 * log; throws what the URL limit refuses), and the headers go out with the answer (`sendAnswerAfterDoor`).
 */
export interface QuickDoor {
  enter(req: IncomingMessage, res: ServerResponse): void;
  headers: DoorHeaders;
}

/**
 * The listener: GET and HEAD of `OPERATION_PATH` through `frontDoor` to `answerOperation` and `sendAnswer`;
 * anything else to `routed` (the Express app, which has the same front door).
 */
export function operationListener(ctx: PipelineContext & { frontDoor: FrontDoor; quickDoor?: QuickDoor; routed: RequestListener; logger: Logger }): RequestListener {
  const { frontDoor, quickDoor, routed, logger } = ctx;
  return (req, res) => {
    const url = req.url ?? '';
    const match = req.method === 'GET' || req.method === 'HEAD' ? OPERATION_PATH.exec(url) : null;
    if (match === null) {
      routed(req, res);
      return;
    }
    const log = (): Logger => (req.log ??= logger.child({ reqId: req.id }));
    if (quickDoor !== undefined && req.headers['accept-encoding'] === undefined) {
      const door = quickDoor.headers;
      const failQuick = (error: unknown): void => {
        if (!res.headersSent) setDoorHeaders(req, res, door);
        answerError(req, res, error, log);
      };
      try {
        quickDoor.enter(req, res);
        labelOperation(res, match[3]!);
        answerOperation(operationRequest(req, url, match, log), ctx)
          .then((answer) => sendAnswerAfterDoor(req, res, answer, door))
          .catch(failQuick);
      } catch (error) {
        failQuick(error);
      }
      return;
    }
    const fail = (error: unknown): void => answerError(req, res, error, log);
    try {
      frontDoor(req, res, (error?: unknown) => {
        if (error) {
          fail(error);
          return;
        }
        labelOperation(res, match[3]!);
        answerOperation(operationRequest(req, url, match, log), ctx)
          .then((answer) => sendAnswer(req, res, answer))
          .catch(fail);
      });
    } catch (error) {
      fail(error);
    }
  };
}

/** The pipeline's view of a request whose target `url` matched `OPERATION_PATH` (`match`). */
function operationRequest(req: IncomingMessage, url: string, match: RegExpExecArray, log: () => Logger): OperationRequest {
  const q = url.indexOf('?');
  return {
    method: req.method!,
    url,
    path: q < 0 ? url : url.slice(0, q),
    type: match[1]!,
    id: match[2],
    op: match[3]!,
    query: q < 0 ? {} : parseQuery(url.slice(q + 1)),
    headers: req.headers,
    requestId: req.id ?? '',
    log,
  };
}
