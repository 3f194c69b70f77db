import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { FHIR_JSON, fhirAnswer, sendAnswer } from './answer';
import { routedAnswer } from './caching';

export { FHIR_JSON };

/** A parsed query string: a repeated name gives an array. */
export type Query = Record<string, unknown>;

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

/** The operations that also answer CSV (see `Operation.csv`). */
const CSV_PATH = /\/\$diff$/;

function formatOf(query: Query): string | undefined {
  return typeof query._format === 'string' ? query._format.toLowerCase().split(';')[0]!.trim() : undefined;
}

/**
 * Content negotiation: this server speaks FHIR JSON only (and CSV for the operations that answer it, at
 * `path`). `_format` (json, application/json, application/fhir+json) is honoured; XML or other formats are
 * refused with 406 rather than answered in JSON.
 */
export function checkFhirJson(path: string, query: Query, headers: IncomingHttpHeaders): void {
  if (wantsCsv(query, headers) && CSV_PATH.test(path)) return;
  const format = formatOf(query);
  if (format !== undefined && !JSON_FORMATS.has(format)) {
    throw new FhirError(406, {
      severity: 'error',
      code: 'not-supported',
      ...msg('NCMP_FORMAT_UNSUPPORTED', String(query._format)),
    });
  }
  const accept = headers.accept;
  if (format === undefined && accept && !acceptsJson(accept)) {
    throw new FhirError(406, {
      severity: 'error',
      code: 'not-supported',
      ...msg('NCMP_ACCEPT_UNSATISFIABLE', accept),
    });
  }
}

/** `checkFhirJson` as Express middleware, for the routes under the FHIR base. */
export function negotiateFhirJson(req: Request, _res: Response, next: NextFunction): void {
  checkFhirJson(req.path, req.query, req.headers);
  next();
}

/** Whether the request asks for CSV: `_format=csv` (or text/csv), or an Accept of text/csv without JSON. */
export function wantsCsv(query: Query, headers: IncomingHttpHeaders): boolean {
  const format = formatOf(query);
  if (format !== undefined) return format === 'csv' || format === 'text/csv';
  const accept = headers.accept;
  return accept !== undefined && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept) && !acceptsJson(accept);
}

const ACCEPTABLE = new Set(['*/*', 'application/*', ...JSON_FORMATS]);

/**
 * Whether an Accept header admits FHIR JSON. Media-type parameters (`; charset=utf-8`, `; fhirVersion=4.0`)
 * are ignored: clients such as fhirpath.js send them, and they never make JSON unacceptable here.
 */
export function acceptsJson(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return ACCEPTABLE.has(type ?? '') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** Sends a FHIR resource as `application/fhir+json` from an Express route (with its caching headers, see `httpCaching`). */
export function sendResource(res: Response, status: number, resource: unknown): void {
  sendAnswer(res.req, res, routedAnswer(res, res.req.originalUrl, fhirAnswer(status, resource)));
}
