"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.connect = connect;
exports.listenForContentChanges = listenForContentChanges;
const kysely_1 = require("kysely");
const pg_1 = require("pg");
const _20261202T2000_content_change_notify_1 = require("./migrations/20261202T2000-content-change-notify");
const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
/** Dates stay ISO strings (`2021-01-01`): a JS Date would shift them by the server's time zone. */
const keepText = (value) => value;
/**
 * PGlite's own start parameters plus a small buffer pool. The pool lives inside the WebAssembly memory of the
 * server process, PGlite touches all of it at start (each MB of `shared_buffers` is a MB of resident memory from
 * the first second, measured: 1 MB → 115 MB, 16 MB → 133 MB, 64 MB → 187 MB for PGlite alone once ready), and
 * WebAssembly memory is never given back. The terminology store is a few tens of MB on disk, read once when a
 * version is loaded (the server then answers from memory); a page not in the pool is read through Node's file
 * system from the OS page cache. 4 MB (512 pages) leaves the import of every register (14,135 rows) as fast as
 * 16 MB did (`npm run bench`), at 15 MB less resident memory.
 */
const PGLITE_EXTRA_START_PARAMS = ['-c', 'shared_buffers=4MB'];
/** Opens the database named by `target`. PGlite with no `dataDir` runs in memory (tests). */
async function connect(target) {
    if (target.kind === 'postgres') {
        const pool = new pg_1.Pool({
            connectionString: target.url,
            max: target.poolSize ?? 10,
            connectionTimeoutMillis: 5000,
            ...(target.statementTimeoutMs !== undefined ? { statement_timeout: target.statementTimeoutMs } : {}),
            types: {
                getTypeParser: ((oid, format) => oid === DATE_OID || oid === TIMESTAMPTZ_OID ? keepText : pg_1.types.getTypeParser(oid, format)),
            },
        });
        // A client that loses its server must not crash the process; the next query reports it. The pool
        // listens only to idle clients: one checked out but between queries (inside a transaction, or between
        // the driver's acquire and its query) emits 'error' with no listener when PostgreSQL shuts down or
        // terminates its backend, and an unhandled 'error' event kills the process. The pool drops a client
        // that is no longer queryable when it is released.
        pool.on('error', () => undefined);
        pool.on('connect', (client) => client.on('error', () => undefined));
        const db = new kysely_1.Kysely({ dialect: new kysely_1.PostgresDialect({ pool }) });
        return {
            db,
            kind: 'postgres',
            close: () => db.destroy(),
            poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
        };
    }
    // Loaded only here, so a PostgreSQL server does not carry PGlite's JavaScript (about 15 MB resident). `require`,
    // not `import()`: under tsx an `import()` would load PGlite's ESM build, another module than the CommonJS one that
    // the rest of the process (and the tests' preload hooks) see.
    const { PGlite } = require('@electric-sql/pglite');
    const { PGliteDialect } = require('kysely-pglite-dialect');
    // The options-object form: PGlite ignores `parsers` when the data folder is passed positionally.
    const pglite = new PGlite({
        ...(target.dataDir ? { dataDir: target.dataDir } : {}),
        startParams: [...PGlite.defaultStartParams, ...PGLITE_EXTRA_START_PARAMS],
        parsers: { [DATE_OID]: keepText, [TIMESTAMPTZ_OID]: keepText },
    });
    await pglite.waitReady;
    const db = new kysely_1.Kysely({ dialect: new PGliteDialect(pglite) });
    return {
        db,
        kind: 'pglite',
        close: async () => {
            await db.destroy();
            if (!pglite.closed)
                await pglite.close();
        },
    };
}
/** How long the content listener waits before it connects again after losing its connection. */
const LISTEN_RETRY_MS = 1000;
/**
 * Listens on PostgreSQL for content changes (the NOTIFY of the `content_revision` trigger) on a connection
 * of its own, outside the pool, and calls `onChange` for each; also once after every reconnect, since
 * changes may have been missed while it was away. Returns the means to stop. Polling of the revision stays
 * the fallback (a pooler in transaction mode drops notifications).
 */
function listenForContentChanges(url, onChange, onTrouble = () => undefined) {
    let stopped = false;
    let client;
    let retry;
    let first = true;
    const schedule = () => {
        if (stopped || retry)
            return;
        retry = setTimeout(() => {
            retry = undefined;
            void open();
        }, LISTEN_RETRY_MS);
        retry.unref();
    };
    const open = async () => {
        const c = new pg_1.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
        client = c;
        c.on('error', (err) => {
            onTrouble(err);
            void c.end().catch(() => undefined);
            schedule();
        });
        c.on('end', () => schedule());
        c.on('notification', (msg) => {
            if (msg.channel === _20261202T2000_content_change_notify_1.CONTENT_CHANNEL)
                onChange(msg.payload ? Number(msg.payload) : undefined);
        });
        try {
            await c.connect();
            await c.query(`listen ${_20261202T2000_content_change_notify_1.CONTENT_CHANNEL}`);
            if (!first)
                onChange(undefined);
            first = false;
        }
        catch (err) {
            onTrouble(err);
            void c.end().catch(() => undefined);
            schedule();
        }
    };
    void open();
    return {
        stop: async () => {
            stopped = true;
            clearTimeout(retry);
            await client?.end().catch(() => undefined);
        },
    };
}
//# sourceMappingURL=connect.js.map