// Replicas that agree: two apps (two replicas) on one database. A write through one is answered by the
// other within 300 ms: on PostgreSQL by LISTEN/NOTIFY, well before the other's revision poll would see it.
// On PGlite (one process, no second replica possible) a write is answered at once by the app that took it.
import { connect, listenForContentChanges, type DatabaseHandle } from '../../db/connect';
import { createApp } from '../../server/app';
import { ensureContent } from '../../server/content';
import { request } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { EFFECTIVE_PERIOD_EXT } from '../../server/terminology/systems';
import { ADMIN_TOKEN } from './support';

const CS_URL = 'http://example.org/fhir/CodeSystem/replicas';
let nextYear = 2101;
const codeSystem = (id: string) => ({
  resourceType: 'CodeSystem',
  id,
  url: CS_URL,
  version: id,
  status: 'active',
  content: 'complete',
  extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: `${nextYear++}-01-01` } }],
  concept: [{ code: 'A', display: 'Alpha' }],
});
const lookupPath = (version: string) => `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(CS_URL)}&version=${version}&code=A`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const config = { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, adminToken: ADMIN_TOKEN };

describe('replicas on one database', () => {
  let db: TestDatabase;
  let second: DatabaseHandle | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    await ensureContent(db.db, {});
    if (db.url) second = await connect({ kind: 'postgres', url: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await second?.close();
    await db.destroy();
  });

  it('a write through one replica is answered by the other within 300 ms', async () => {
    const a = createApp({ db: db.db, config });
    if (!second) {
      // PGlite: a single process; the writing app answers the new version at once.
      await request(a.app).put('/fhir/CodeSystem/r-1').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(codeSystem('r-1'))).expect(201);
      await request(a.app).get(lookupPath('r-1')).expect(200);
      return;
    }
    // B, on a pool of its own, polls the revision at most once a second, and each round asks it just before
    // the write: within 300 ms only the notification can make it see the write.
    const b = createApp({ db: second.db, config });
    const listener = listenForContentChanges(db.url!, () => b.terminology.invalidate());
    try {
      await sleep(300); // the listener connects
      for (const version of ['r-1', 'r-2', 'r-3']) {
        await request(b.app).get(lookupPath(version)).expect(404);
        await request(a.app).put(`/fhir/CodeSystem/${version}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(codeSystem(version))).expect(201);
        const written = Date.now();
        let status = 0;
        while (Date.now() - written < 300) {
          status = (await request(b.app).get(lookupPath(version))).status;
          if (status === 200) break;
          await sleep(10);
        }
        expect({ version, status }).toEqual({ version, status: 200 });
      }
    } finally {
      await listener.stop();
    }
  });
});
