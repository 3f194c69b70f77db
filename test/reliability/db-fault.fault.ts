// Database faults on a real PostgreSQL: the server is stopped (`pg_ctl stop -m fast`) under a stream of
// requests and started again. Meanwhile the app keeps answering what it holds in memory (200: $lookup,
// $validate-code and metadata on loaded versions), `/ready` answers 200 with status `degraded` (the replica
// stays in rotation), and a write, which needs the database, gets a 503 OperationOutcome with Retry-After
// (never a 500, never a hang). Once PostgreSQL is back the app is fully back by itself, without a restart:
// `/ready` says ready, and a write succeeds and is read back.
//
// It stops the whole PostgreSQL server, so it must not share it with other test files: it is not a
// `*.test.ts` (the default run skips it) and CI runs it alone after the PostgreSQL test pass:
//   node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand --testMatch '**/*.fault.ts'
// Needs TEST_DATABASE_URL, TEST_PG_BIN_DIR, TEST_PG_DATA_DIR and TEST_PG_PORT (see .ci/run); as root,
// pg_ctl runs as TEST_PG_USER (default postgres).
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, createHttpServer } from '../../server/app';
import { ensureContent } from '../../server/content';
import { NCMP_URL } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { describeWithPgControl, postgresRunning as isRunning, startPostgres, stopPostgres } from './pg-control';
import { ADMIN_TOKEN, assertOperationOutcome } from './support';

interface Sample {
  at: number;
  path: string;
  status: number;
  retryAfter: string | undefined;
  body: string;
}

describeWithPgControl(
  'a PostgreSQL outage under load',
  () => {
    let db: TestDatabase;
    afterAll(async () => {
      // Whatever happened, leave the server running for the rest of CI.
      if (!(await isRunning())) await startPostgres();
      await db?.destroy();
    });

    it('serves loaded content (200) and refuses writes (503, Retry-After) while the database is down, and is fully back afterwards, without a restart', async () => {
      db = await createTestDatabase();
      await ensureContent(db.db, {});
      const logLines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
      const { app } = createApp({ db: db.db, logger, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, adminToken: ADMIN_TOKEN } });
      const { server } = createHttpServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const paths = [
        `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(NCMP_URL)}&code=AXDP05`,
        `/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(NCMP_URL)}&code=OAEA00&date=2021-06-01`,
        '/fhir/metadata?mode=terminology',
        '/ready',
      ];
      const samples: Sample[] = [];
      const ask = (p: string): Promise<Sample> =>
        new Promise((resolve, reject) => {
          const at = Date.now();
          const req = httpRequest({ host: '127.0.0.1', port, path: p, agent, timeout: 15_000 }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString('utf8')));
            res.on('end', () => resolve({ at, path: p, status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
          });
          req.on('timeout', () => req.destroy(new Error(`no answer within 15 s to ${p}`)));
          req.on('error', reject);
          req.end();
        });

      const write = (id: string): Promise<Sample> =>
        new Promise((resolve, reject) => {
          const at = Date.now();
          const body = JSON.stringify({
            resourceType: 'ValueSet',
            id,
            url: `http://example.org/fhir/ValueSet/${id}`,
            version: '1',
            status: 'active',
            compose: { include: [{ system: NCMP_URL, concept: [{ code: 'AXDP05' }] }] },
          });
          const p = `/fhir/ValueSet/${id}`;
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              path: p,
              method: 'PUT',
              agent,
              timeout: 15_000,
              headers: { 'Content-Type': 'application/fhir+json', Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Length': Buffer.byteLength(body) },
            },
            (res) => {
              let text = '';
              res.on('data', (d: Buffer) => (text += d.toString('utf8')));
              res.on('end', () => resolve({ at, path: p, status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text }));
            },
          );
          req.on('timeout', () => req.destroy(new Error(`no answer within 15 s to PUT ${p}`)));
          req.on('error', reject);
          req.end(body);
        });

      // A steady stream of requests, four at a time, for as long as the test runs.
      let streaming = true;
      const errors: unknown[] = [];
      const stream = Promise.all(
        paths.map(async (p, i) => {
          await new Promise((r) => setTimeout(r, i * 10));
          while (streaming) {
            try {
              samples.push(await ask(p));
            } catch (error) {
              errors.push(error);
            }
            await new Promise((r) => setTimeout(r, 40));
          }
        }),
      );
      const waitFor = async (what: string, done: () => boolean, ms: number): Promise<void> => {
        const until = Date.now() + ms;
        while (!done()) {
          if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last samples: ${JSON.stringify(samples.slice(-4))}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const since = (t: number): Sample[] => samples.filter((s) => s.at >= t);

      const writesDuringOutage: Sample[] = [];
      let written: Sample | undefined;
      let readBack: Sample | undefined;
      let stoppedAt = 0;
      let startedAt = 0;
      let downAt = 0;
      try {
        await waitFor('200s before the outage', () => samples.filter((s) => s.status === 200).length >= 12, 20_000);
        // Every path has been answered once: its content is held in memory.
        await waitFor('every path answered', () => paths.every((p) => samples.some((s) => s.path === p && s.status === 200)), 20_000);
        stoppedAt = Date.now();
        await stopPostgres();
        downAt = Date.now();
        await waitFor('a degraded /ready during the outage', () => since(stoppedAt).some((s) => s.path === '/ready' && /degraded/.test(s.body)), 20_000);
        for (let i = 0; i < 3; i++) writesDuringOutage.push(await write(`fault-during-${i}`));
        // Reads keep flowing for a while with the database down (several revision checks fail meanwhile).
        await new Promise((r) => setTimeout(r, 2500));
        startedAt = Date.now();
        await startPostgres();
        await waitFor('/ready says ready after the database is back', () => since(startedAt).some((s) => s.path === '/ready' && /"ready"/.test(s.body)), 30_000);
        const writtenAt = Date.now();
        written = await write('fault-after');
        readBack = await ask('/fhir/ValueSet/fault-after');
        await waitFor('200s after the database is back', () => since(writtenAt).filter((s) => s.status === 200).length >= 12, 30_000);
      } finally {
        streaming = false;
        await stream;
        agent.destroy();
        await new Promise((resolve) => server.close(resolve));
      }

      expect(errors).toEqual([]);
      // Every read (held content and /ready) answered 200, before, during and after the outage.
      expect(samples.filter((s) => s.status !== 200).map((s) => `${s.status} ${s.path}`)).toEqual([]);
      const during = samples.filter((s) => s.at >= stoppedAt && s.at < startedAt);
      expect(during.filter((s) => s.path !== '/ready').length).toBeGreaterThanOrEqual(12);
      // (A /ready sent while `pg_ctl stop` was still shutting the server down may rightly say ready.)
      for (const s of during.filter((x) => x.path === '/ready' && x.at >= downAt)) expect(JSON.parse(s.body)).toMatchObject({ status: 'degraded', database: 'unavailable' });
      // Writes need the database: 503 with Retry-After and a transient OperationOutcome.
      for (const s of writesDuringOutage) {
        expect(s.status).toBe(503);
        expect(s.retryAfter).toBe('5');
        const outcome = JSON.parse(s.body) as { issue: { code: string }[] };
        assertOperationOutcome(outcome, s.path);
        expect(outcome.issue[0]!.code).toBe('transient');
      }
      // Back without a restart: the write works and is seen.
      expect([200, 201]).toContain(written?.status);
      expect(readBack?.status).toBe(200);
      expect(JSON.parse(readBack!.body)).toMatchObject({ resourceType: 'ValueSet', id: 'fault-after' });
      // The logs say it once each way, not once per request.
      expect(logLines.filter((l) => /serving the content held in memory/.test(l))).toHaveLength(1);
      expect(logLines.filter((l) => /database reachable again/.test(l))).toHaveLength(1);
    }, 150_000);
  },
);
