"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.fastOperations = fastOperations;
const caching_1 = require("./caching");
const fhir_json_1 = require("./fhir-json");
const metrics_1 = require("./metrics");
const routes_1 = require("./routes");
/**
 * The operation requests the fast path takes: a type the server serves, an id of resource-id characters only
 * (so the router's percent-decoding would leave it as it is), an operation name as `operationOf` labels it, no
 * trailing slash. Express matches paths case-insensitively; other spellings take the general path.
 */
const OPERATION_PATH = /^\/fhir\/(CodeSystem|ValueSet|ConceptMap)\/(?:([A-Za-z0-9\-.]{1,64})\/)?(\$[a-z-]{1,40})(?:\?|$)/;
const noop = () => undefined;
function fastOperations(ctx) {
    const { terminology, metrics, runOperation } = ctx;
    return {
        match: (req) => ((req.method === 'GET' || req.method === 'HEAD') && OPERATION_PATH.exec(req.url ?? '')) || undefined,
        takes: (req) => !(0, fhir_json_1.wantsCsv)(req),
        answer: async (req, res, match) => {
            (0, metrics_1.labelOperation)(res, match[3]);
            const snapshot = await terminology.snapshot();
            try {
                const cached = (0, routes_1.cachedAnswerOf)(snapshot, req, metrics);
                if (cached !== undefined) {
                    (0, caching_1.sendFhirAnswer)(req, res, snapshot, fhir_json_1.FHIR_JSON, cached);
                    return;
                }
                // Throws the 406 of a format or Accept other than FHIR JSON.
                (0, fhir_json_1.negotiateFhirJson)(req, res, noop);
                await runOperation(req, res, match[1], match[3], match[2], (body) => (0, caching_1.sendFhirAnswer)(req, res, snapshot, fhir_json_1.FHIR_JSON, body));
            }
            catch (error) {
                // The error handler's answer gets what `httpCaching` gives every answer after the snapshot (no-store).
                if (!res.headersSent)
                    (0, caching_1.cacheAwareSend)(req, res, snapshot);
                throw error;
            }
        },
    };
}
//# sourceMappingURL=fast-operations.js.map