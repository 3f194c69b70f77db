// An import process killed (SIGKILL) in the middle of a load's transaction leaves the previous content
// exactly as it was, and the next start is healthy. The child is frozen inside the transaction (a preload
// hook stops it at its second concept insert) so that the kill lands there every time, not by luck.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import request from 'supertest';
import { connect, type DatabaseHandle } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import type { Schema } from '../../db/schema';
import { createApp } from '../../server/app';
import { loadManifest } from '../../server/import/manifest';
import { SOURCES_MANIFEST } from '../support/test-app';
import { createTestDatabase, describeWithSources, type TestDatabase } from '../support/test-db';

const ROOT = path.resolve(__dirname, '../..');

interface VersionState {
  resource_id: string;
  concept_count: number;
  rows: number;
}

/** What the store holds: its revision, and per version the recorded and the actual number of concepts. */
async function state(db: Kysely<Schema>): Promise<{ revision: number; versions: VersionState[] }> {
  const revision = await sql<{ revision: number }>`select revision from content_revision`.execute(db);
  const versions = await sql<VersionState>`
    select v.resource_id, v.concept_count,
      (select count(*)::int from concept c where c.version_id = v.id and not c.properties @> '[{"code":"derived"}]') as rows
    from code_system_version v order by v.resource_id`.execute(db);
  return { revision: revision.rows[0]!.revision, versions: versions.rows };
}

/** The sources manifest's entries with absolute paths, first `count` of them, as a temp manifest file. */
function manifest(dir: string, name: string, count?: number): string {
  const parsed = JSON.parse(readFileSync(SOURCES_MANIFEST, 'utf8')) as { entries: { file: string }[] };
  const entries = parsed.entries.slice(0, count).map((e) => ({ ...e, file: path.resolve(path.dirname(SOURCES_MANIFEST), e.file) }));
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ entries }));
  return file;
}

/** A preload that freezes the process inside its `freezeAt`-th insert of concept rows, and says so on stderr. */
function freezeHook(dir: string, freezeAt: number): string {
  const file = path.join(dir, 'freeze-hook.cjs');
  const pglite = require.resolve('@electric-sql/pglite', { paths: [ROOT] });
  const pg = require.resolve('pg', { paths: [ROOT] });
  writeFileSync(
    file,
    `'use strict';
const fs = require('node:fs');
let seen = 0;
function wrap(proto) {
  const original = proto.query;
  proto.query = function (text, ...rest) {
    const sqlText = typeof text === 'string' ? text : text && text.text;
    if (typeof sqlText === 'string' && /insert into "concept"/i.test(sqlText) && ++seen === ${freezeAt}) {
      fs.writeSync(2, 'FROZEN-IN-TRANSACTION\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
    }
    return original.call(this, text, ...rest);
  };
}
wrap(require(${JSON.stringify(pglite)}).PGlite.prototype);
wrap(require(${JSON.stringify(pg)}).Client.prototype);
`,
  );
  return file;
}

/** Runs scripts/import.ts in a child process; resolves with its exit code (or signal) and its output. */
function runImport(
  env: NodeJS.ProcessEnv,
  args: string[],
  options: { preload?: string; killOn?: string },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.preload ? ['--require', options.preload] : []), '--import', 'tsx', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (options.killOn && output.includes(options.killOn)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describeWithSources('an import killed in the middle of a load', () => {
  let dir: string;
  let pgDb: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let before: Awaited<ReturnType<typeof state>>;
  const open = async (): Promise<DatabaseHandle> => {
    const handle = pgDb ? await connect({ kind: 'postgres', url: pgDb.url!, poolSize: 2 }) : await connect({ kind: 'pglite', dataDir: path.join(dir, 'db') });
    await migrateToLatest(handle.db);
    return handle;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncmp-import-kill-'));
    if (process.env.TEST_DATABASE_URL) pgDb = await createTestDatabase();
    env = pgDb ? { DATABASE_URL: pgDb.url, PGLITE_DIR: '' } : { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'db') };
    // The content before: the first three NCMP versions, loaded completely.
    const handle = await open();
    try {
      const loaded = await loadManifest(handle.db, manifest(dir, 'first.json', 3));
      expect(loaded.map((l) => l.result.status)).toEqual(['loaded', 'loaded', 'loaded']);
      before = await state(handle.db);
    } finally {
      await handle.close();
    }
  }, 120_000);
  afterAll(async () => {
    await pgDb?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the previous content intact, and the next import and start are healthy', async () => {
    expect(before.versions.map((v) => v.resource_id)).toEqual(['ncmp-2007', 'ncmp-2008', 'ncmp-2009']);

    // The full manifest: 2007–2009 are unchanged, the 2010 load is frozen after its first 1,000 concepts.
    const killed = await runImport(env, ['--manifest', manifest(dir, 'all.json')], {
      preload: freezeHook(dir, 2),
      killOn: 'FROZEN-IN-TRANSACTION',
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.output).toContain('FROZEN-IN-TRANSACTION');

    // The next start: the store opens and migrates, holds exactly what it held, takes the rest of the
    // manifest, and serves.
    const handle = await open();
    try {
      const after = await state(handle.db);
      expect(after).toEqual(before);
      for (const v of after.versions) expect(v.rows).toBe(v.concept_count);
      const again = await loadManifest(handle.db, manifest(dir, 'all.json'));
      expect(again.filter((l) => l.result.status === 'unchanged')).toHaveLength(3);
      expect(again.filter((l) => l.result.status === 'loaded')).toHaveLength(14);
      const full = await state(handle.db);
      expect(full.versions).toHaveLength(17);
      for (const v of full.versions) expect(v.rows).toBe(v.concept_count);
      expect(full.revision).toBe(before.revision + 14);
      const { app } = createApp({ db: handle.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined } });
      await request(app).get('/ready').expect(200);
      await request(app).get('/fhir/CodeSystem/ncmp-2010').expect(200);
    } finally {
      await handle.close();
    }
  }, 180_000);
});
