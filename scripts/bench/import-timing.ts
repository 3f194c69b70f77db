/**
 * Times the import of a manifest (all NCMP registers 2007–2017 and the særkode lists) into a fresh
 * database, with the project's own loader, and provides the fresh databases the benchmark runs on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { connect, type DatabaseTarget } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { ensureContent } from '../../server/content';
import { loadManifest } from '../../server/import/manifest';

/** A new, empty database and the means to throw it away. */
export interface FreshDatabase {
  target: DatabaseTarget;
  /** What the server child needs in its environment to open it. */
  env: { PGLITE_DIR: string } | { DATABASE_URL: string };
  /** A short description for the report (no credentials). */
  description: string;
  drop(): Promise<void>;
}

/** A new PGlite store in a temp folder. */
export function freshPglite(): FreshDatabase {
  const parent = mkdtempSync(join(tmpdir(), 'ncmp-bench-'));
  const dataDir = join(parent, 'pglite');
  return {
    target: { kind: 'pglite', dataDir },
    env: { PGLITE_DIR: dataDir },
    description: 'PGlite (embedded, temp dir)',
    drop: async () => rmSync(parent, { recursive: true, force: true }),
  };
}

/** A new database on the PostgreSQL server of `adminUrl` (the user must be allowed to create databases). */
export async function freshPostgres(adminUrl: string): Promise<FreshDatabase> {
  const name = `ncmp_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    description: `PostgreSQL ${url.hostname}:${url.port || '5432'}/${name}`,
    drop: async () => {
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** How long each step of a first load took, in milliseconds. */
export interface ImportTiming {
  connectMs: number;
  migrateMs: number;
  /** The content the project ships (NCMP 2021 fragment, særkode → NCMP ConceptMap). */
  shippedMs: number;
  /** The manifest: every register 2007–2017 and the særkode lists. */
  manifestMs: number;
  files: number;
  rows: number;
}

/** Connects to `db`, migrates it, loads the shipped content, then times the manifest load alone. */
export async function timeImport(db: FreshDatabase, manifest: string): Promise<ImportTiming> {
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const handle = await connect(db.target);
  try {
    const connectMs = lap();
    await migrateToLatest(handle.db);
    const migrateMs = lap();
    await ensureContent(handle.db, {});
    const shippedMs = lap();
    const results = await loadManifest(handle.db, manifest);
    const manifestMs = lap();
    return {
      connectMs,
      migrateMs,
      shippedMs,
      manifestMs,
      files: results.length,
      rows: results.reduce((sum, r) => sum + r.result.rowCount, 0),
    };
  } finally {
    await handle.close();
  }
}
