"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SnapshotCache = exports.Snapshot = exports.ANSWER_CACHE_BYTES = exports.NO_POLICY = void 0;
exports.indexConcepts = indexConcepts;
const catalogue_1 = require("../../db/queries/catalogue");
const database_trouble_1 = require("../database-trouble");
const doorkeeper_1 = require("./doorkeeper");
const lru_1 = require("./lru");
const resolve_1 = require("./resolve");
/** No pinning: versions are chosen by the request's own `version` and `date`. */
exports.NO_POLICY = { force: new Map(), defaults: new Map(), check: new Map(), latest: false, valueSetDefaults: new Map() };
/** The byte budget of the answers cache of one snapshot. */
exports.ANSWER_CACHE_BYTES = 16 * 1024 * 1024;
/** Everything the server knows, as of one content revision. Versions are immutable once loaded. */
class Snapshot {
    revision;
    fetchConcepts;
    /** Version pinning for the request this snapshot serves (see `Snapshot.forRequest`). */
    policy = exports.NO_POLICY;
    systems;
    valueSets;
    conceptMaps;
    bySystemUri = new Map();
    contents;
    /** Content of request-scoped (`tx-resource`) code system versions, by their (negative) ids. */
    inlineContents = new Map();
    /** Results derived from this snapshot's content (expansions, histories), bounded; see `derived`. */
    derivedResults = new lru_1.Lru(256);
    /**
     * Serialised answers to GET operations (the same URL gets the same answer while content is unchanged),
     * bounded by count and by bytes (UTF-16 worst case, URL and answer), whatever the size of the answers.
     */
    answers = new lru_1.Lru(5000, { maxWeight: exports.ANSWER_CACHE_BYTES, weigh: (url, body) => 2 * (url.length + body.length) + 64 });
    /** Which answers have been asked for before: an answer is kept on its second request (see `keepAnswer`). */
    answerDoor = new doorkeeper_1.Doorkeeper();
    constructor(revision, systems, valueSets, conceptMaps, fetchConcepts, shared) {
        this.revision = revision;
        this.fetchConcepts = fetchConcepts;
        this.contents = shared?.contents ?? new Map();
        this.systems = systems;
        this.valueSets = valueSets;
        this.conceptMaps = conceptMaps;
        for (const s of systems) {
            this.bySystemUri.set(s.url, s);
            for (const a of s.aliases)
                if (!this.bySystemUri.has(a))
                    this.bySystemUri.set(a, s);
        }
    }
    /**
     * Keeps the serialised answer to a GET (its key: URL, language, day) in `answers` if the same key was asked for
     * before in this snapshot: a one-off request is not kept, so it evicts nothing (see `Doorkeeper`).
     */
    keepAnswer(key, body) {
        if (this.answerDoor.seen(key))
            this.answers.set(key, body);
    }
    /**
     * A result derived from this snapshot's content (an expansion, a system's history), computed once and
     * shared by concurrent callers; a failed computation is not kept. `key` names the kind and its inputs,
     * and one key always holds one type of result.
     */
    derived(key, compute) {
        const cached = this.derivedResults.get(key);
        if (cached)
            return cached;
        const computing = compute();
        computing.catch(() => this.derivedResults.delete(key));
        this.derivedResults.set(key, computing);
        return computing;
    }
    /** The code system named by its canonical url or any alias. */
    system(uri) {
        return this.bySystemUri.get(uri);
    }
    /** The code system version served under a resource id (`ncmp-2014`). */
    versionByResourceId(id) {
        for (const s of this.systems)
            for (const v of s.versions)
                if (v.resourceId === id)
                    return v;
        return undefined;
    }
    /** The concepts read so far, by version id (what a later snapshot may carry over: versions are immutable). */
    heldContents() {
        return this.contents;
    }
    /** The concepts of a version, read once and kept for the life of this snapshot. */
    content(version) {
        const inline = this.inlineContents.get(version.id);
        if (inline)
            return Promise.resolve(inline);
        let content = this.contents.get(version.id);
        if (!content) {
            content = this.fetchConcepts(version.id).then(indexConcepts);
            content.catch(() => this.contents.delete(version.id));
            this.contents.set(version.id, content);
        }
        return content;
    }
    /**
     * A view of this snapshot for one request: the same stored content (and the same concept cache), plus
     * code systems, value sets and concept maps sent inline with the request (never stored), and the
     * request's version pinning. Inline content takes precedence over stored content of the same url.
     */
    forRequest(inline, policy) {
        const replaced = new Set();
        for (const system of inline.systems) {
            const stored = this.system(system.url);
            if (stored)
                replaced.add(stored);
        }
        const systems = [...this.systems.filter((s) => !replaced.has(s)), ...inline.systems];
        const view = new Snapshot(this.revision, systems, [...inline.valueSets, ...this.valueSets], [...inline.conceptMaps, ...this.conceptMaps], this.fetchConcepts, { contents: this.contents });
        for (const [id, content] of this.inlineContents)
            view.inlineContents.set(id, content);
        for (const [id, content] of inline.contents)
            view.inlineContents.set(id, content);
        view.policy = policy;
        return view;
    }
}
exports.Snapshot = Snapshot;
/** Indexes concepts by code and links each to its children. */
function indexConcepts(concepts) {
    const byCode = new Map();
    for (const c of concepts)
        byCode.set(c.code, c);
    for (const c of concepts) {
        if (c.parentCode)
            byCode.get(c.parentCode)?.children.push(c.code);
    }
    return { byCode, ordered: concepts };
}
/**
 * The cache of the store's content: holds the current `Snapshot` and re-reads the catalogue when the
 * store's content revision changes (checked at most once per `revisionCheckMs`, or at once after `invalidate()`).
 *
 * Database outage: when the revision check (or a re-read) fails because the database is unreachable or
 * too slow, the snapshot already held keeps being served (loaded versions are immutable), the service is
 * `degraded()` until a check succeeds again, and the change is logged once each way. Before any snapshot
 * is held there is nothing to fall back to, and the error goes to the caller (a 503).
 */
class SnapshotCache {
    db;
    revisionCheckMs;
    log;
    current;
    loading;
    checkedAt = 0;
    outage;
    constructor(db, revisionCheckMs = 1000, log) {
        this.db = db;
        this.revisionCheckMs = revisionCheckMs;
        this.log = log;
    }
    /** The revision of the snapshot being served, without touching the store (undefined before the first). */
    servedRevision() {
        return this.current?.revision;
    }
    /** Set while the database cannot be reached and the held snapshot is served without checking it. */
    degraded() {
        return this.outage;
    }
    /** Drops every cached result: the next request re-reads the store. */
    invalidate() {
        this.checkedAt = 0;
    }
    /**
     * What a database probe (`/ready`) found: a failure that says the database is down marks the service
     * degraded, a success clears it (the next request then re-checks the revision at once).
     */
    noteDatabase(error) {
        if (error === undefined) {
            if (this.outage) {
                this.recovered();
                this.checkedAt = 0;
            }
            return;
        }
        const trouble = (0, database_trouble_1.databaseTrouble)(error);
        if (trouble)
            this.wentDown(trouble, error);
    }
    /** The current snapshot of the store's content. */
    async snapshot() {
        const now = Date.now();
        if (this.current && now - this.checkedAt < this.revisionCheckMs)
            return this.current;
        if (!this.loading) {
            this.loading = this.refresh().finally(() => {
                this.loading = undefined;
            });
        }
        return this.loading;
    }
    async refresh() {
        try {
            const revision = await (0, catalogue_1.readContentRevision)(this.db);
            if (this.current && this.current.revision === revision) {
                this.checkedAt = Date.now();
                if (this.outage)
                    this.recovered();
                return this.current;
            }
            const snapshot = await this.build(revision);
            this.checkedAt = Date.now();
            this.current = snapshot;
            if (this.outage)
                this.recovered();
            return snapshot;
        }
        catch (error) {
            const trouble = (0, database_trouble_1.databaseTrouble)(error);
            if (!trouble || !this.current)
                throw error;
            // Serve what is held; try the database again after the usual interval, not on every request.
            this.checkedAt = Date.now();
            this.wentDown(trouble, error);
            return this.current;
        }
    }
    wentDown(reason, error) {
        if (this.outage)
            return;
        this.outage = { since: new Date(), reason };
        this.log?.warn({ err: error, reason, revision: this.current?.revision }, this.current
            ? 'database unavailable: serving the content held in memory (degraded); writes and imports answer 503 until it is back'
            : 'database unavailable: no content held yet; requests answer 503 until it is back');
    }
    recovered() {
        const since = this.outage?.since;
        this.outage = undefined;
        this.log?.info({ downMs: since ? Date.now() - since.getTime() : undefined }, 'database reachable again: no longer degraded');
    }
    async build(revision) {
        // One REPEATABLE READ transaction: the four reads see one state, never half of a `--replace`.
        const [{ systems, aliases, versions }, valueSets, maps, elements] = await this.db
            .transaction()
            .setIsolationLevel('repeatable read')
            .execute((trx) => Promise.all([(0, catalogue_1.readCatalogue)(trx), (0, catalogue_1.readValueSets)(trx), (0, catalogue_1.readConceptMaps)(trx), (0, catalogue_1.readConceptMapElements)(trx)]));
        const entries = new Map();
        for (const s of systems) {
            entries.set(s.id, {
                id: s.id,
                url: s.url,
                name: s.name,
                title: s.title,
                publisher: s.publisher,
                description: s.description,
                identifiers: s.identifiers,
                hierarchyMeaning: s.hierarchy_meaning,
                caseSensitive: s.case_sensitive,
                aliases: [],
                versions: [],
            });
        }
        for (const a of aliases)
            entries.get(a.code_system_id)?.aliases.push(a.alias);
        for (const v of versions) {
            const system = entries.get(v.code_system_id);
            if (!system)
                continue;
            system.versions.push({
                id: v.id,
                system,
                version: v.version,
                resourceId: v.resource_id,
                status: v.status,
                content: v.content,
                effectiveFrom: v.effective_from,
                effectiveTo: v.effective_to,
                published: v.published,
                description: v.description,
                valueSetUrl: v.value_set_url,
                conceptCount: v.concept_count,
                loadedAt: v.loaded_at,
                supplements: v.supplements,
                ...(v.attributes.language !== undefined ? { language: v.attributes.language } : {}),
                ...(v.attributes.experimental !== undefined ? { experimental: v.attributes.experimental } : {}),
                ...(v.attributes.standardsStatus !== undefined ? { standardsStatus: v.attributes.standardsStatus } : {}),
                ...(v.attributes.propertyUris !== undefined ? { propertyUris: v.attributes.propertyUris } : {}),
            });
        }
        const mapEntries = new Map();
        for (const m of maps) {
            mapEntries.set(m.id, {
                id: m.id,
                url: m.url,
                version: m.version,
                resourceId: m.resource_id,
                resource: m.resource,
                sourceScope: m.source_scope,
                targetScope: m.target_scope,
                elements: [],
            });
        }
        for (const e of elements) {
            mapEntries.get(e.concept_map_id)?.elements.push({
                sourceSystem: e.source_system,
                sourceVersion: e.source_version,
                sourceCode: e.source_code,
                sourceDisplay: e.source_display,
                targetSystem: e.target_system,
                targetVersion: e.target_version,
                targetCode: e.target_code,
                targetDisplay: e.target_display,
                equivalence: e.equivalence,
                comment: e.comment,
                validFrom: e.valid_from,
                validTo: e.valid_to,
                validityNote: e.validity_note,
            });
        }
        for (const system of entries.values())
            system.versions.sort(resolve_1.compareEffective);
        // A version's concepts never change once loaded (a replaced version gets a new id): the next snapshot keeps
        // those already read, so a content change does not re-read every version, nor leave them unloaded for an outage.
        const contents = new Map();
        const versionIds = new Set(versions.map((v) => v.id));
        for (const [id, held] of this.current?.heldContents() ?? []) {
            if (!versionIds.has(id))
                continue;
            contents.set(id, held);
            held.catch(() => contents.get(id) === held && contents.delete(id));
        }
        return new Snapshot(revision, [...entries.values()], valueSets.map((v) => ({ id: v.id, url: v.url, version: v.version, resourceId: v.resource_id, resource: v.resource })), [...mapEntries.values()], async (versionId) => (await (0, catalogue_1.readConcepts)(this.db, versionId)).map((c) => ({
            code: c.code,
            display: c.display,
            definition: c.definition,
            parentCode: c.parent_code,
            status: c.status,
            abstract: c.abstract,
            properties: c.properties,
            designations: c.designations,
            extensions: c.extensions,
            children: [],
        })), { contents });
    }
}
exports.SnapshotCache = SnapshotCache;
//# sourceMappingURL=terminology.js.map