// The one place an error becomes an answer: a FhirError its OperationOutcome, a body parser's or Express's client
// error a 4xx, database trouble a 503, anything else a 500 that names the request id. Used by the operation
// pipeline (which returns it as its answer) and by Express's error middleware alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { databaseTrouble } from '../database-trouble';
import { FhirError, issue, operationOutcome } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { fhirAnswer, sendAnswer, type HttpAnswer } from './answer';
import { routedAnswer } from './caching';

/** Seconds a client is asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/**
 * The answer to `err`: an OperationOutcome; internals never reach the client. `log` gives the request's logger
 * (bound to `requestId`), asked for only when the error is logged (database trouble and unexpected errors).
 */
export function errorAnswer(err: unknown, requestId: string, log: () => Logger | undefined): HttpAnswer {
  if (err instanceof FhirError) return fhirAnswer(err.status, err.toOutcome(), err.headers);
  const parserError = err as BodyParserError;
  if (parserError && typeof parserError.type === 'string') {
    const status = parserError.status ?? parserError.statusCode ?? 400;
    const text =
      parserError.type === 'entity.too.large'
        ? msg('NCMP_BODY_TOO_LARGE', parserError.limit)
        : parserError.type === 'entity.parse.failed'
          ? msg('NCMP_BODY_NOT_JSON')
          : parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported'
            ? msg('NCMP_BODY_ENCODING_UNSUPPORTED')
            : msg('NCMP_BODY_UNREADABLE', parserError.type);
    const code = status === 413 ? 'too-costly' : 'invalid';
    return fhirAnswer(status < 500 ? status : 400, operationOutcome([issue({ severity: 'error', code, ...text })]));
  }
  if (err instanceof URIError) {
    // Express could not decode a path segment (`/fhir/ValueSet/%E0%A4%A`).
    return fhirAnswer(400, operationOutcome([issue({ severity: 'error', code: 'invalid', ...msg('NCMP_PATH_NOT_UTF8') })]));
  }
  const exposed = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof exposed.status === 'number' && exposed.status >= 400 && exposed.status < 500 && exposed.expose === true && typeof exposed.message === 'string') {
    // A client error raised by Express or a middleware (http-errors), whose message is meant for the client.
    return fhirAnswer(exposed.status, operationOutcome([issue({ severity: 'error', code: 'invalid', ...msg('NCMP_CLIENT_ERROR', exposed.message) })]));
  }
  // The id is in the log line and in the answer (body and header), so a reported failure can be found.
  const trouble = databaseTrouble(err);
  if (trouble) {
    log()?.warn({ err }, trouble === 'timeout' ? 'database statement timed out' : 'database unavailable');
    return fhirAnswer(
      503,
      operationOutcome([
        trouble === 'timeout'
          ? issue({ severity: 'error', code: 'timeout', ...msg('NCMP_DATABASE_TIMEOUT', requestId) })
          : issue({ severity: 'error', code: 'transient', ...msg('NCMP_DATABASE_UNAVAILABLE', requestId) }),
      ]),
      { 'X-Request-Id': requestId, 'Retry-After': String(RETRY_AFTER_SECONDS) },
    );
  }
  log()?.error({ err }, 'unhandled error');
  return fhirAnswer(500, operationOutcome([issue({ severity: 'fatal', code: 'exception', ...msg('NCMP_INTERNAL_ERROR', requestId) })]), {
    'X-Request-Id': requestId,
  });
}

/**
 * Answers a request that failed with `err` (see `errorAnswer`). Half an answer cannot be turned into an
 * OperationOutcome: when the answer had started, or sending the error fails, the connection is ended so that
 * the client sees the request failed.
 */
export function answerError(req: IncomingMessage, res: ServerResponse, err: unknown, log: () => Logger | undefined, caching: (answer: HttpAnswer) => HttpAnswer = (a) => a): void {
  if (res.headersSent) {
    log()?.error({ err }, 'error after the response started');
    res.destroy();
    return;
  }
  try {
    sendAnswer(req, res, caching(errorAnswer(err, String(req.id ?? ''), log)));
  } catch (failure) {
    log()?.error({ err: failure }, 'the error handler failed');
    res.destroy();
  }
}

/** Express's error middleware: `answerError`, with the caching headers of a GET under the FHIR base (`no-store`). */
export function errorMiddleware(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  answerError(req, res, err, () => req.log, (answer) => routedAnswer(res, req.originalUrl, answer));
}
