"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cachedAnswerOf = cachedAnswerOf;
exports.cachedAnswers = cachedAnswers;
exports.operationRunner = operationRunner;
exports.fhirRouter = fhirRouter;
const express_1 = require("express");
const node_fs_1 = require("node:fs");
const capabilities_1 = require("../../fhir-resources/capabilities");
const operations_1 = require("../operations");
const search_1 = require("../operations/search");
const request_scope_1 = require("../terminology/request-scope");
const dates_1 = require("../terminology/dates");
const fhir_json_1 = require("./fhir-json");
const outcome_1 = require("../fhir/outcome");
const parameters_1 = require("./parameters");
const resource_shape_1 = require("./resource-shape");
const TYPES = new Set(['CodeSystem', 'ValueSet', 'ConceptMap']);
/** The software, with the date its running build was made (the entry file's modification date). */
const SOFTWARE = { name: 'ncmp-terminology-server', version: '0.1.0', ...buildDate() };
function buildDate() {
    try {
        return process.argv[1] ? { releaseDate: (0, node_fs_1.statSync)(process.argv[1]).mtime.toISOString().slice(0, 10) } : {};
    }
    catch {
        return {};
    }
}
/** Answers larger than this (whole expansions) are not kept: their expansion is cached one level down. */
const MAX_CACHED_ANSWER = 32 * 1024;
/** A header's value as a positive integer, if it is one. */
function positiveInteger(header) {
    const n = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
    return n !== undefined && n > 0 ? n : undefined;
}
/** The most preferred language of an Accept-Language header (`nb-NO,nb;q=0.9` → `nb-NO`); `*` means none. */
function firstLanguage(header) {
    if (!header)
        return undefined;
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
function baseUrlOf(req, configured) {
    return configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}
function resourceType(raw) {
    if (!TYPES.has(raw)) {
        throw outcome_1.FhirError.notFound(`Resource type '${raw}' is not served here; this terminology server serves CodeSystem, ValueSet and ConceptMap`);
    }
    return raw;
}
/** Every operation by `Type/$code`. */
const OPERATION_BY_NAME = new Map(operations_1.OPERATIONS.map((o) => [`${o.resourceType}/$${o.code}`, o]));
function operationFor(type, name) {
    const op = OPERATION_BY_NAME.get(`${type}/${name}`);
    if (!op) {
        const available = operations_1.OPERATIONS.filter((o) => o.resourceType === type).map((o) => `$${o.code}`).join(', ');
        throw outcome_1.FhirError.notFound(`Operation ${type}/${name} is not supported; ${type} supports ${available}`);
    }
    return op;
}
function onlyMethods(req, methods) {
    // HEAD is a GET without the body (Express leaves the body out): allowed wherever GET is.
    if (!methods.includes(req.method) && !(req.method === 'HEAD' && methods.includes('GET'))) {
        throw new outcome_1.FhirError(405, { severity: 'error', code: 'not-supported', text: `${req.method} is not allowed on ${req.baseUrl}${req.path}; use ${methods.join(' or ')}` }, { Allow: methods.join(', ') });
    }
}
/**
 * The cache key of a GET operation's answer: its URL, language and day (a GET is answered from these
 * alone while the content is unchanged); undefined for anything else.
 */
function answerKey(req) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.originalUrl.includes('/$'))
        return undefined;
    return `${req.originalUrl}\n${req.headers['accept-language'] ?? ''}\n${req.headers['x-too-costly-threshold'] ?? ''}\n${(0, dates_1.todayInNorway)()}`;
}
/**
 * The cached answer of a GET operation, if there is one: looked up (and counted as a hit or a miss) only for
 * requests that ask for FHIR JSON.
 */
function cachedAnswerOf(snapshot, req, metrics) {
    const key = answerKey(req);
    const accept = req.headers.accept;
    if (key === undefined || req.originalUrl.includes('_format=') || (accept !== undefined && !(0, fhir_json_1.acceptsJson)(accept)))
        return undefined;
    const cached = snapshot.answers.get(key);
    metrics?.answerCache.inc({ result: cached === undefined ? 'miss' : 'hit' });
    return cached;
}
/**
 * Serves a repeated GET operation from the answers cache before any other routing: the hot path of EPRs
 * validating the same codes all day. Anything not cached, or asking for another format, passes on.
 */
function cachedAnswers(terminology, metrics) {
    return async (req, res, next) => {
        const cached = cachedAnswerOf(await terminology.snapshot(), req, metrics);
        if (cached === undefined) {
            next();
            return;
        }
        res.status(200).type(fhir_json_1.FHIR_JSON).send(cached);
    };
}
/**
 * Runs an operation: reads its input, works out the answer, keeps a GET's answer in the answers cache and
 * sends it (by default with `res.send`; the fast path in `fast-operations.ts` passes its own writer).
 */
function operationRunner(terminology) {
    return async (req, res, type, name, id, send) => {
        const op = operationFor(type, name);
        onlyMethods(req, ['GET', 'POST']);
        if (id !== undefined && !resource_shape_1.ID.test(id))
            throw outcome_1.FhirError.invalid(`'${id}' is not a valid resource id`);
        const base = await terminology.snapshot();
        const key = answerKey(req);
        const input = (0, parameters_1.readInput)(op.definition, req);
        const snapshot = await (0, request_scope_1.snapshotForRequest)(base, {
            txResources: input.resources('tx-resource'),
            systemVersion: input.strings('system-version'),
            checkSystemVersion: input.strings('check-system-version'),
            forceSystemVersion: input.strings('force-system-version'),
            defaultToLatest: input.boolean('default-to-latest-version') ?? false,
            defaultValueSetVersion: input.strings('default-valueset-version'),
            useSupplement: input.strings('useSupplement'),
        });
        const result = await op.handler(input, {
            snapshot,
            instanceId: id,
            acceptLanguage: firstLanguage(req.headers['accept-language']),
            expansionLimit: positiveInteger(req.headers['x-too-costly-threshold']),
            readParameters: parameters_1.readParametersResource,
        });
        if (op.csv && (0, fhir_json_1.wantsCsv)(req)) {
            res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${op.code}.csv"`).send(op.csv(result));
            return;
        }
        const body = JSON.stringify(result);
        if (key !== undefined && snapshot === base && body.length <= MAX_CACHED_ANSWER)
            base.keepAnswer(key, body);
        if (send)
            send(body);
        else
            res.status(200).type(fhir_json_1.FHIR_JSON).send(body);
    };
}
/** The FHIR API: metadata, read, search and every operation of `OPERATIONS`, GET and POST, type and instance level. */
function fhirRouter(ctx) {
    const router = (0, express_1.Router)();
    const { terminology } = ctx;
    const runOperation = ctx.runOperation ?? operationRunner(terminology);
    router.all('/metadata', async (req, res) => {
        onlyMethods(req, ['GET']);
        const mode = req.query.mode;
        const now = new Date().toISOString();
        if (mode === 'terminology') {
            const snapshot = await terminology.snapshot();
            const expand = operations_1.OPERATIONS.find((o) => o.code === 'expand').definition.parameters.map((p) => p.name);
            (0, fhir_json_1.sendResource)(res, 200, (0, capabilities_1.terminologyCapabilities)(snapshot.systems, now, expand, SOFTWARE));
            return;
        }
        if (mode !== undefined && mode !== 'full' && mode !== 'normative') {
            throw outcome_1.FhirError.invalid(`metadata mode '${String(mode)}' is not supported; use full or terminology`, ['mode']);
        }
        (0, fhir_json_1.sendResource)(res, 200, (0, capabilities_1.capabilityStatement)(operations_1.OPERATIONS, baseUrlOf(req, ctx.publicBaseUrl), now, SOFTWARE));
    });
    router.all('/\$versions', (req, res) => {
        onlyMethods(req, ['GET', 'POST']);
        (0, fhir_json_1.sendResource)(res, 200, (0, capabilities_1.versionsParameters)());
    });
    router.all('/:type/:id/:op', async (req, res) => {
        const type = resourceType(req.params.type);
        if (!req.params.op.startsWith('$'))
            throw outcome_1.FhirError.notFound(`No route for ${req.method} ${req.baseUrl}${req.path}`);
        await runOperation(req, res, type, req.params.op, req.params.id);
    });
    router.all('/:type/:idOrOp', async (req, res) => {
        const type = resourceType(req.params.type);
        const segment = req.params.idOrOp;
        if (segment.startsWith('$'))
            return runOperation(req, res, type, segment, undefined);
        const snapshot = await terminology.snapshot();
        if (segment === '_search') {
            onlyMethods(req, ['POST']);
            const body = typeof req.body === 'object' && req.body !== null ? req.body : {};
            (0, fhir_json_1.sendResource)(res, 200, (0, search_1.searchResources)(snapshot, type, { ...req.query, ...body }, `${baseUrlOf(req, ctx.publicBaseUrl)}/${type}`, baseUrlOf(req, ctx.publicBaseUrl)));
            return;
        }
        onlyMethods(req, ['GET']);
        if (!resource_shape_1.ID.test(segment))
            throw outcome_1.FhirError.invalid(`'${segment}' is not a valid resource id`);
        (0, fhir_json_1.sendResource)(res, 200, await (0, search_1.readResource)(snapshot, type, segment));
    });
    router.all('/:type', async (req, res) => {
        const type = resourceType(req.params.type);
        onlyMethods(req, ['GET']);
        const snapshot = await terminology.snapshot();
        const base = baseUrlOf(req, ctx.publicBaseUrl);
        (0, fhir_json_1.sendResource)(res, 200, (0, search_1.searchResources)(snapshot, type, req.query, `${base}${req.url}`, base));
    });
    return router;
}
//# sourceMappingURL=routes.js.map