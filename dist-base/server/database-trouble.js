"use strict";
// Which errors mean the database is unreachable or too slow (answered 503 with Retry-After), not a bug.
Object.defineProperty(exports, "__esModule", { value: true });
exports.databaseTrouble = databaseTrouble;
/** Error codes (Node's and PostgreSQL's SQLSTATE) that say the database cannot be reached or is going away. */
const UNAVAILABLE_CODES = new Set([
    'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
    // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, connection_exception class
    '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);
/** What pg and PGlite say, without a code, when a connection or the pool is gone. */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Cannot use a pool after calling end|PGlite is closed|driver has already been destroyed/i;
/** SQLSTATE query_canceled: here, `statement_timeout` ended a statement. */
const STATEMENT_TIMEOUT = '57014';
/**
 * Whether an error says the database is unreachable (`unavailable`) or took too long (`timeout`): both are
 * temporary, and answered 503 with Retry-After. Looks through `cause` and an AggregateError's `errors`.
 */
function databaseTrouble(err, depth = 0) {
    if (typeof err !== 'object' || err === null || depth > 4)
        return undefined;
    const { code, message, cause, errors } = err;
    if (code === STATEMENT_TIMEOUT)
        return 'timeout';
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code))
        return 'unavailable';
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message))
        return 'unavailable';
    for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
        const found = databaseTrouble(inner, depth + 1);
        if (found)
            return found;
    }
    return undefined;
}
//# sourceMappingURL=database-trouble.js.map