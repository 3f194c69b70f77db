"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dateOnly = exports.sha256 = void 0;
exports.atomically = atomically;
exports.checkDate = checkDate;
exports.canonicalJson = canonicalJson;
exports.idFrom = idFrom;
exports.extension = extension;
// What every load shares: where content came from, what a load did, the one transaction a load runs in,
// and the comparison of stored content with new content.
const node_crypto_1 = require("node:crypto");
const import_error_1 = require("./import-error");
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Runs `work` in one transaction; a database failure becomes an ImportError naming the file. */
async function atomically(db, file, work) {
    try {
        return await db.transaction().execute(work);
    }
    catch (error) {
        if (error instanceof import_error_1.ImportError)
            throw error;
        // The driver's error stays attached (for the log), the message says what the database said.
        throw new import_error_1.ImportError(file, undefined, `the database refused the load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
}
/** Refuses an effective date that is not an ISO day. */
function checkDate(date, file) {
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
        throw new import_error_1.ImportError(file, undefined, `effective date must be an ISO date (YYYY-MM-DD), got '${date}'`);
    }
}
/** JSON with object keys sorted, so content read back from jsonb (which reorders keys) compares equal. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
const sha256 = (text) => (0, node_crypto_1.createHash)('sha256').update(text).digest('hex');
exports.sha256 = sha256;
/** A resource id from a name: FHIR ids allow letters, digits, `-` and `.`, at most 64 characters. */
function idFrom(...parts) {
    return parts
        .filter((p) => Boolean(p))
        .join('-')
        .replace(/[^A-Za-z0-9.-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 64);
}
/** The extension with this url, if any. */
function extension(extensions, url) {
    return extensions?.find((e) => e.url === url);
}
/** The day of a FHIR date or dateTime (its first ten characters), or null. */
const dateOnly = (value) => (value ? value.slice(0, 10) : null);
exports.dateOnly = dateOnly;
//# sourceMappingURL=load-common.js.map