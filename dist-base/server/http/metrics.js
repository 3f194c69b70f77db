"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createMetrics = createMetrics;
exports.operationOf = operationOf;
exports.labelOperation = labelOperation;
exports.measureRequest = measureRequest;
exports.metricsEndpoint = metricsEndpoint;
const prom_client_1 = require("prom-client");
const health_1 = require("../../db/queries/health");
/** How long a scrape waits for the database before reporting it unreachable. */
const PING_TIMEOUT_MS = 1000;
/**
 * Builds the app's Prometheus metrics: requests and latency by operation and status, answer-cache hits and
 * misses, content revision, database reachability and pool, import counts and durations, and the Node
 * process defaults. Gauges about the database are read when scraped.
 */
function createMetrics(ctx) {
    const registry = new prom_client_1.Registry();
    (0, prom_client_1.collectDefaultMetrics)({ register: registry });
    const requests = new prom_client_1.Counter({ name: 'ncmp_http_requests_total', help: 'HTTP requests answered, by operation, method and status', labelNames: ['operation', 'method', 'status'], registers: [registry] });
    const latency = new prom_client_1.Histogram({
        name: 'ncmp_http_request_duration_seconds',
        help: 'Time from request to the end of the answer, by operation and status',
        labelNames: ['operation', 'status'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
    });
    const answerCache = new prom_client_1.Counter({ name: 'ncmp_answer_cache_total', help: 'GET operations looked up in the answer cache, by result (hit or miss)', labelNames: ['result'], registers: [registry] });
    const imports = new prom_client_1.Counter({ name: 'ncmp_imports_total', help: 'Content loads, by source (startup or write) and outcome', labelNames: ['source', 'outcome'], registers: [registry] });
    const importSeconds = new prom_client_1.Histogram({ name: 'ncmp_import_duration_seconds', help: 'Duration of content loads, by source', labelNames: ['source'], buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [registry] });
    new prom_client_1.Gauge({
        name: 'ncmp_content_revision',
        help: 'The content revision this replica serves (equal on replicas that agree)',
        registers: [registry],
        collect() {
            const revision = ctx.terminology.servedRevision();
            if (revision !== undefined)
                this.set(revision);
        },
    });
    new prom_client_1.Gauge({
        name: 'ncmp_db_up',
        help: '1 when the database answered a ping at scrape time, else 0',
        registers: [registry],
        async collect() {
            let timer;
            try {
                await Promise.race([(0, health_1.ping)(ctx.db), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS)))]);
                this.set(1);
            }
            catch {
                this.set(0);
            }
            finally {
                clearTimeout(timer);
            }
        },
    });
    new prom_client_1.Gauge({
        name: 'ncmp_degraded',
        help: '1 while the database is unreachable and the content held in memory is served without checking it, else 0',
        registers: [registry],
        collect() {
            this.set(ctx.terminology.degraded() ? 1 : 0);
        },
    });
    if (ctx.poolStats) {
        const stats = ctx.poolStats;
        new prom_client_1.Gauge({
            name: 'ncmp_db_pool_connections',
            help: 'Database pool connections, by state (total, idle, waiting clients)',
            labelNames: ['state'],
            registers: [registry],
            collect() {
                const s = stats();
                this.set({ state: 'total' }, s.total);
                this.set({ state: 'idle' }, s.idle);
                this.set({ state: 'waiting' }, s.waiting);
            },
        });
    }
    return { registry, requests, latency, answerCache, imports, importSeconds };
}
/** The label of a request: the operation (`$lookup`…), else what it is (read, search, metadata, health…). */
function operationOf(req) {
    const path = (req.originalUrl.split('?')[0] ?? '').replace(/\/+$/, '');
    if (!path.startsWith('/fhir'))
        return ['/health', '/ready', '/metrics'].includes(path) ? path.slice(1) : 'other';
    const parts = path.split('/').slice(2);
    const op = parts.find((p) => p.startsWith('$'));
    if (op)
        return /^\$[a-z-]{1,40}$/.test(op) ? op : 'other';
    if (parts[0] === 'metadata')
        return 'metadata';
    if (parts.length === 1 || parts[1] === '_search')
        return req.method === 'GET' || req.method === 'HEAD' || parts[1] === '_search' ? 'search' : 'write';
    if (parts.length === 2)
        return req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write';
    return 'other';
}
const MEASURED = Symbol('request measured');
/**
 * Names the operation a request is counted under when the caller knows it already (the operation fast path),
 * so that `finish` need not work it out from the URL again. It must be what `operationOf` would say.
 */
function labelOperation(res, operation) {
    const measure = res[MEASURED];
    if (measure)
        measure.operation = operation;
}
/** The `finish` listener of every answer: one function for all (no closure per request); `this` is the response. */
function countFinished() {
    const { metrics, started, operation: known } = this[MEASURED];
    const req = this.req;
    const operation = known ?? operationOf(req);
    const status = String(this.statusCode);
    metrics.requests.inc({ operation, method: req.method, status });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.latency.observe({ operation, status }, seconds);
    // A write (PUT or POST of a resource) is an import through the API.
    if (operation === 'write') {
        metrics.imports.inc({ source: 'write', outcome: this.statusCode < 300 ? 'loaded' : 'refused' });
        if (this.statusCode < 300)
            metrics.importSeconds.observe({ source: 'write' }, seconds);
    }
}
/** Starts counting and timing one answer (counted on `finish`, so 304s and errors too). */
function measureRequest(metrics, res) {
    res[MEASURED] = { metrics, started: process.hrtime.bigint(), operation: undefined };
    res.on('finish', countFinished);
}
/** `GET /metrics`: the Prometheus text exposition. */
function metricsEndpoint(metrics) {
    return async (_req, res) => {
        res.set('Content-Type', metrics.registry.contentType).set('Cache-Control', 'no-store').send(await metrics.registry.metrics());
    };
}
//# sourceMappingURL=metrics.js.map