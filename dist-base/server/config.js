"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MIN_ADMIN_TOKEN_LENGTH = exports.ConfigError = void 0;
exports.loadConfig = loadConfig;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** A configuration error names the variable and what is wrong with its value. */
class ConfigError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ConfigError';
    }
}
exports.ConfigError = ConfigError;
function integer(env, name, fallback, min, max) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return fallback;
    if (!/^\d+$/.test(raw))
        throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
    const value = Number(raw);
    if (value < min || value > max)
        throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
    return value;
}
/** The shortest admin token accepted: a guessable token is worse than none. */
exports.MIN_ADMIN_TOKEN_LENGTH = 16;
function corsOrigins(raw) {
    const origins = (raw ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '');
    for (const origin of origins) {
        // An origin is scheme, host and port only; a path or trailing slash would never match a browser's Origin.
        if (origin !== '*' && !/^https?:\/\/[^/\s?#]+$/.test(origin)) {
            throw new ConfigError(`CORS_ORIGINS entries must be * or an origin like https://epj.example.no (no path), got '${origin}'`);
        }
    }
    return origins;
}
/** Reads and checks the configuration; throws a `ConfigError` that says which variable is wrong. */
function loadConfig(env = process.env) {
    const databaseUrl = env.DATABASE_URL?.trim() || undefined;
    if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
        throw new ConfigError(`DATABASE_URL must be a postgres:// or postgresql:// URL, got '${databaseUrl}'`);
    }
    const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
    if (!LOG_LEVELS.includes(logLevel)) {
        throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${env.LOG_LEVEL}'`);
    }
    const publicBaseUrl = env.PUBLIC_BASE_URL?.trim() || undefined;
    if (publicBaseUrl && !/^https?:\/\//.test(publicBaseUrl)) {
        throw new ConfigError(`PUBLIC_BASE_URL must start with http:// or https://, got '${publicBaseUrl}'`);
    }
    const pgliteTemplate = (env.PGLITE_TEMPLATE?.trim() || 'on').toLowerCase();
    if (pgliteTemplate !== 'on' && pgliteTemplate !== 'off') {
        throw new ConfigError(`PGLITE_TEMPLATE must be on or off, got '${env.PGLITE_TEMPLATE}'`);
    }
    const adminToken = env.ADMIN_TOKEN?.trim() || undefined;
    if (adminToken !== undefined && (adminToken.length < exports.MIN_ADMIN_TOKEN_LENGTH || /\s/.test(adminToken))) {
        // The value itself is never echoed: it is a secret even when it is a bad one.
        throw new ConfigError(`ADMIN_TOKEN must be at least ${exports.MIN_ADMIN_TOKEN_LENGTH} characters without spaces`);
    }
    return {
        port: integer(env, 'PORT', 8080, 0, 65535),
        host: env.HOST?.trim() || '127.0.0.1',
        databaseUrl,
        pgliteDir: env.PGLITE_DIR?.trim() || './data/pglite',
        pgliteTemplate: pgliteTemplate === 'on',
        logLevel,
        publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
        importManifest: env.NCMP_IMPORT_MANIFEST?.trim() || undefined,
        maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
        maxWriteBodyBytes: integer(env, 'MAX_WRITE_BODY_BYTES', 32 * 1024 * 1024, 1024, 256 * 1024 * 1024),
        maxUrlBytes: integer(env, 'MAX_URL_BYTES', 8 * 1024, 256, 64 * 1024),
        adminToken,
        corsOrigins: corsOrigins(env.CORS_ORIGINS),
        dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
    };
}
//# sourceMappingURL=config.js.map