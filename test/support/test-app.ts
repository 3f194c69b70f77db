import path from 'node:path';
import request from 'supertest';
import { createApp, type AppContext, type AppListener } from '../../server/app';
import { ensureContent } from '../../server/content';
import type { SnapshotCache } from '../../server/terminology/snapshot-cache';
import { createTestDatabase, type TestDatabase } from './test-db';

/** The manifest of the raw NCMP files in ../shared/data/ncmp-sources (paths only), for tests of the real files. */
export const SOURCES_MANIFEST = path.resolve(__dirname, '../../scripts/manifests/ncmp-sources.json');

/** The real app on a real, freshly migrated database, with content loaded as `npm start` loads it. */
export interface TestApp {
  app: AppListener;
  db: TestDatabase;
  terminology: SnapshotCache;
  close(): Promise<void>;
}

/** An admin token for tests that write (long enough for `loadConfig`). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Starts the app on a new database holding the shipped content (fhir-resources/package), as `npm start` has
 * it; `config` adds options (`adminToken: TEST_ADMIN_TOKEN` for a test that writes). FHIR core content (FHIR's own,
 * v2 and v3 code systems: some 12 s to load) is left out unless `content.fhirCore` asks for it, so that the tests of
 * the project's own content start fast.
 */
export async function startTestApp(config: Partial<AppContext['config']> = {}, content: { fhirCore?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  await ensureContent(db.db, { fhirCore: content.fhirCore ?? false });
  const { app, terminology } = createApp({ db: db.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, ...config } });
  return { app, db, terminology, close: () => db.destroy() };
}

/** Systems as DOMAIN.md §2 names them. */
export const NCMP_URL = 'urn:oid:2.16.578.1.12.4.1.1.7220';
export const NKPK_ALIAS = 'urn:oid:2.16.578.1.12.4.1.1.7275';
export const SAERKODE_URL = 'urn:oid:2.16.578.1.12.4.1.1.7020';

/** The value of a named output parameter of a Parameters resource. */
export function paramValue(body: { parameter?: { name: string; [k: string]: unknown }[] }, name: string): unknown {
  const p = body.parameter?.find((x) => x.name === name);
  if (!p) return undefined;
  const key = Object.keys(p).find((k) => k.startsWith('value') || k === 'resource' || k === 'part');
  return key ? p[key] : undefined;
}

/** All values of a named output parameter. */
export function paramValues(body: { parameter?: { name: string; [k: string]: unknown }[] }, name: string): unknown[] {
  return (body.parameter ?? []).filter((x) => x.name === name).map((p) => {
    const key = Object.keys(p).find((k) => k.startsWith('value') || k === 'resource' || k === 'part');
    return key ? p[key] : undefined;
  });
}

/** Lookup properties (`property` parts) as {code, value} pairs. */
export function properties(body: { parameter?: { name: string; part?: { name: string; [k: string]: unknown }[] }[] }): { code: string; value: unknown }[] {
  return (body.parameter ?? [])
    .filter((p) => p.name === 'property')
    .map((p) => {
      const code = p.part?.find((x) => x.name === 'code')?.valueCode as string;
      const v = p.part?.find((x) => x.name === 'value');
      const key = v ? Object.keys(v).find((k) => k.startsWith('value')) : undefined;
      return { code, value: key && v ? v[key] : undefined };
    });
}

/** A POSTed Parameters body. */
export function postParameters(parameter: Record<string, unknown>[]): { resourceType: 'Parameters'; parameter: Record<string, unknown>[] } {
  return { resourceType: 'Parameters', parameter };
}

export { request };
