/** Server configuration, read once from the environment by `server/main.ts`. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite store in `pgliteDir` is used. */
  databaseUrl: string | undefined;
  pgliteDir: string;
  logLevel: string;
  /** Public base URL of the FHIR endpoint, used in Bundle links; defaults to the request's own host. */
  publicBaseUrl: string | undefined;
  /** A manifest of code files to load at start-up, beside the shipped FHIR resources. */
  importManifest: string | undefined;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A configuration error names the variable and what is wrong with its value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Reads and checks the configuration; throws a `ConfigError` that says which variable is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    pgliteDir: env.PGLITE_DIR?.trim() || './data/pglite',
    logLevel,
    publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
    importManifest: env.NCMP_IMPORT_MANIFEST?.trim() || undefined,
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
  };
}
