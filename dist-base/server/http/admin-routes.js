"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.adminRouter = adminRouter;
// Writes: PUT /fhir/{CodeSystem|ValueSet|ConceptMap}/:id (update, replace semantics) and POST /fhir/{type}
// (create) of a whole FHIR resource, behind the admin bearer token (https://hl7.org/fhir/R4/http.html#update,
// #create). A resource is checked for the shape the store relies on before anything is written, then
// loaded in one transaction by `loadFhirResource`; a refused load changes nothing. No DELETE: content is
// versioned, and a version once served is only ever replaced.
const express_1 = __importStar(require("express"));
const health_1 = require("../../db/queries/health");
const import_error_1 = require("../import/import-error");
const load_1 = require("../import/load");
const search_1 = require("../operations/search");
const systems_1 = require("../terminology/systems");
const resource_shape_1 = require("./resource-shape");
const database_trouble_1 = require("../database-trouble");
const fhir_json_1 = require("./fhir-json");
const outcome_1 = require("../fhir/outcome");
const security_1 = require("./security");
/** The resource types a client may write. */
const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
/**
 * The write routes. Mounted under `/fhir` before the read router (which answers 405 to these methods)
 * and before the general body parsers: a write's body is read only once its token has been checked.
 */
function adminRouter(ctx) {
    const router = (0, express_1.Router)();
    const onlyWritable = (req, _res, next) => {
        const { type, id } = req.params;
        // Anything else (`$lookup`, `Patient`, `metadata`) belongs to the read router and its answers.
        next(type !== undefined && resource_shape_1.WRITABLE.has(type) && !id?.startsWith('$') ? undefined : 'route');
    };
    const guard = (0, security_1.requireAdminToken)(ctx.adminToken);
    const body = express_1.default.json({ type: FHIR_JSON_TYPES, limit: ctx.maxBodyBytes });
    router.put('/:type/:id', onlyWritable, guard, body, (req, res) => write(ctx, req, res, 'update'));
    router.post('/:type', onlyWritable, guard, body, (req, res) => write(ctx, req, res, 'create'));
    // Only PUT and POST enter: a Router answers OPTIONS itself for paths its routes match, which would
    // pre-empt the read router's answers.
    return (req, res, next) => (req.method === 'PUT' || req.method === 'POST' ? router(req, res, next) : next());
}
async function write(ctx, req, res, kind) {
    const type = req.params.type;
    const urlId = kind === 'update' ? String(req.params.id) : undefined;
    if (urlId !== undefined && !resource_shape_1.ID.test(urlId))
        throw outcome_1.FhirError.invalid(`'${urlId}' is not a valid resource id`);
    if (!req.is(FHIR_JSON_TYPES)) {
        throw new outcome_1.FhirError(415, {
            severity: 'error',
            code: 'not-supported',
            text: `Send the ${type} as application/fhir+json`,
        });
    }
    const resource = checkedResource(type, req.body);
    // The identity checks need the store as it is now, not as cached up to a second ago.
    ctx.terminology.invalidate();
    const snapshot = await ctx.terminology.snapshot();
    const at = conflicts(snapshot, type, resource, urlId);
    const file = `${kind === 'update' ? 'PUT' : 'POST'} ${type}${urlId ? `/${urlId}` : ''}`;
    let result;
    try {
        result = await (0, load_1.loadFhirResource)(ctx.db, resource, { file, replace: kind === 'update' });
    }
    catch (error) {
        throw await refusal(ctx.db, error, type, at, req);
    }
    ctx.terminology.invalidate();
    const stored = await (0, search_1.readResource)(await ctx.terminology.snapshot(), type, result.resourceId);
    const base = ctx.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
    res.location(`${base}/${type}/${result.resourceId}`);
    (0, fhir_json_1.sendResource)(res, result.status === 'loaded' ? 201 : 200, stored);
}
function storedByCanonical(snapshot, type, url, version) {
    if (type === 'CodeSystem') {
        const v = snapshot.systems.find((s) => s.url === url)?.versions.find((x) => x.version === version);
        return v ? { resourceId: v.resourceId } : undefined;
    }
    const list = type === 'ValueSet' ? snapshot.valueSets : snapshot.conceptMaps;
    const entry = list.find((e) => e.url === url && e.version === (version ?? null));
    return entry ? { resourceId: entry.resourceId } : undefined;
}
function storedById(snapshot, type, id) {
    if (type === 'CodeSystem') {
        const v = snapshot.versionByResourceId(id);
        return v ? { url: v.system.url, version: v.version } : undefined;
    }
    const list = type === 'ValueSet' ? snapshot.valueSets : snapshot.conceptMaps;
    const entry = list.find((e) => e.resourceId === id);
    return entry ? { url: entry.url, version: entry.version } : undefined;
}
const conflict = (text) => new outcome_1.FhirError(409, { severity: 'error', code: 'conflict', text });
/**
 * Checks that the write keeps one resource per id and one id per url|version (the store's identity), and
 * for an update that the body belongs at the URL. Returns where the url|version is stored already.
 */
function conflicts(snapshot, type, resource, urlId) {
    const url = resource.url;
    const version = resource.version;
    const canonical = `${url}${version ? `|${version}` : ''}`;
    const known = type === 'CodeSystem' ? systems_1.KNOWN_SYSTEMS.find((s) => s.url === url) : undefined;
    if (urlId !== undefined) {
        if (resource.id !== urlId) {
            throw outcome_1.FhirError.invalid(`The ${type}'s id ('${resource.id ?? ''}') must be the id in the URL ('${urlId}')`, [`${type}.id`]);
        }
        if (known && urlId !== `${known.idPrefix}-${version}`) {
            throw outcome_1.FhirError.invalid(`Version ${version} of ${known.name} is served as CodeSystem/${known.idPrefix}-${version}; PUT it there`, [`${type}.id`]);
        }
    }
    const existing = storedByCanonical(snapshot, type, url, version);
    if (urlId !== undefined && existing && existing.resourceId !== urlId) {
        throw conflict(`${canonical} is stored as ${type}/${existing.resourceId}; PUT it there to replace it`);
    }
    const id = urlId ?? (known ? `${known.idPrefix}-${version}` : resource.id);
    const holder = id === undefined ? undefined : storedById(snapshot, type, id);
    if (holder && (holder.url !== url || holder.version !== (version ?? null))) {
        throw conflict(`${type}/${id} holds ${holder.url}${holder.version ? `|${holder.version}` : ''}; a resource's url and version do not change: give ${canonical} another id`);
    }
    return existing;
}
/** The answer to a refused load: the store unreachable is a 503, a conflicting create 409, else 422. */
async function refusal(db, error, type, existing, req) {
    if (!(error instanceof import_error_1.ImportError))
        return error;
    if (error.problem.startsWith('the database refused the load')) {
        // The database down or too slow (statement timeout) is not the client's fault: a 503 with Retry-After.
        if ((0, database_trouble_1.databaseTrouble)(error.cause))
            return error.cause;
        // The loader folds every database error into its message; whether the store is down decides the status,
        // and the database's own words (SQL, constraint names) stay in the log.
        await (0, health_1.ping)(db);
        req.log?.warn({ err: error }, 'write refused by the database');
        return new outcome_1.FhirError(422, {
            severity: 'error',
            code: 'processing',
            text: `The ${type} was not stored: the database refused it (details are logged under request id ${String(req.id ?? '')})`,
        });
    }
    if (existing && req.method === 'POST') {
        return conflict(`${type}/${existing.resourceId} holds this url and version with other content; PUT to ${type}/${existing.resourceId} to replace it`);
    }
    return new outcome_1.FhirError(422, { severity: 'error', code: 'processing', text: `The ${type} was not stored: ${error.problem}` });
}
function checkedResource(type, body) {
    const problems = (0, resource_shape_1.resourceProblems)(type, body);
    if (problems.length > 0) {
        throw new outcome_1.FhirError(400, problems.map((text) => ({ severity: 'error', code: 'structure', details: { text: `${type} was not stored: ${text}` } })));
    }
    return body;
}
//# sourceMappingURL=admin-routes.js.map