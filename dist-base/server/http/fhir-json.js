"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FHIR_JSON = void 0;
exports.negotiateFhirJson = negotiateFhirJson;
exports.wantsCsv = wantsCsv;
exports.acceptsJson = acceptsJson;
exports.sendResource = sendResource;
const outcome_1 = require("../fhir/outcome");
/** The media type of every FHIR answer. */
exports.FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);
/**
 * Content negotiation: this server speaks FHIR JSON only. `_format` (json, application/json,
 * application/fhir+json) is honoured; XML or other formats are refused with 406 rather than answered in JSON.
 */
function negotiateFhirJson(req, _res, next) {
    if (wantsCsv(req) && CSV_PATH.test(req.path)) {
        next();
        return;
    }
    const format = typeof req.query._format === 'string' ? req.query._format.toLowerCase().split(';')[0].trim() : undefined;
    if (format !== undefined && !JSON_FORMATS.has(format)) {
        throw new outcome_1.FhirError(406, {
            severity: 'error',
            code: 'not-supported',
            text: `_format '${req.query._format}' is not supported; this server answers application/fhir+json only`,
        });
    }
    const accept = req.headers.accept;
    if (format === undefined && accept && !acceptsJson(accept)) {
        throw new outcome_1.FhirError(406, {
            severity: 'error',
            code: 'not-supported',
            text: `Accept '${accept}' cannot be satisfied; this server answers application/fhir+json only`,
        });
    }
    next();
}
/** The operations that also answer CSV (see `Operation.csv`). */
const CSV_PATH = /\/\$diff$/;
/** Whether the request asks for CSV: `_format=csv` (or text/csv), or an Accept of text/csv without JSON. */
function wantsCsv(req) {
    const format = typeof req.query._format === 'string' ? req.query._format.toLowerCase().split(';')[0].trim() : undefined;
    if (format !== undefined)
        return format === 'csv' || format === 'text/csv';
    const accept = req.headers.accept;
    return accept !== undefined && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept) && !acceptsJson(accept);
}
const ACCEPTABLE = new Set(['*/*', 'application/*', ...JSON_FORMATS]);
/**
 * Whether an Accept header admits FHIR JSON. Media-type parameters (`; charset=utf-8`, `; fhirVersion=4.0`)
 * are ignored: clients such as fhirpath.js send them, and they never make JSON unacceptable here.
 */
function acceptsJson(accept) {
    return accept.split(',').some((range) => {
        const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
        const q = params.find((p) => p.startsWith('q='));
        return ACCEPTABLE.has(type ?? '') && (q === undefined || Number(q.slice(2)) > 0);
    });
}
/** Sends a FHIR resource as `application/fhir+json`. */
function sendResource(res, status, resource) {
    res.status(status).type(exports.FHIR_JSON).send(JSON.stringify(resource));
}
//# sourceMappingURL=fhir-json.js.map