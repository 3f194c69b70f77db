import pino, { type Logger } from 'pino';
import { readContentRevision } from '../../db/queries/catalogue';
import { createApp, type AppContext, type AppListener } from '../../server/app';
import { ensureContent } from '../../server/content';
import type { SnapshotCache } from '../../server/terminology/snapshot-cache';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/** An admin token for tests (long enough for `loadConfig`). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** The app on a fresh database with the optional configuration a test wants, and its log lines. */
export interface ReliabilityApp {
  app: AppListener;
  db: TestDatabase;
  terminology: SnapshotCache;
  /** Every log line the app wrote (JSON text), when `captureLog` was asked for. */
  logLines: string[];
  close(): Promise<void>;
}

/** Like `startTestApp`, with the hardening options of `AppContext.config` and an optional log capture. */
export async function startApp(
  options: { captureLog?: boolean; config?: Partial<AppContext['config']> } = {},
): Promise<ReliabilityApp> {
  const db = await createTestDatabase();
  await ensureContent(db.db, {});
  const logLines: string[] = [];
  const logger: Logger | undefined = options.captureLog
    ? pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) })
    : undefined;
  const { app, terminology } = createApp({
    db: db.db,
    config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, ...options.config },
    ...(logger ? { logger } : {}),
  });
  return { app, db, terminology, logLines, close: () => db.destroy() };
}

/** Another app (other configuration, own cache) over the same database: cheaper than a new database. */
export function appOn(t: ReliabilityApp, config: Partial<AppContext['config']>): AppListener {
  return createApp({ db: t.db.db, config: { maxBodyBytes: 1024 * 1024, publicBaseUrl: undefined, ...config } }).app;
}

/** The store's content revision: a write that changed nothing leaves it where it was. */
export function revision(t: ReliabilityApp): Promise<number> {
  return readContentRevision(t.db.db);
}

/**
 * Throws unless `body` is an OperationOutcome whose every issue has a severity, a code and `details.text`,
 * and none of whose texts shows a stack trace, SQL or a file path.
 */
export function assertOperationOutcome(body: unknown, context = ''): void {
  const fail = (why: string): never => {
    throw new Error(`${context ? `${context}: ` : ''}${why}: ${JSON.stringify(body)?.slice(0, 500)}`);
  };
  if (typeof body !== 'object' || body === null) fail('the body is not a JSON object');
  const outcome = body as { resourceType?: unknown; issue?: unknown };
  if (outcome.resourceType !== 'OperationOutcome') fail('the body is not an OperationOutcome');
  if (!Array.isArray(outcome.issue) || outcome.issue.length === 0) fail('the OperationOutcome has no issue');
  for (const item of outcome.issue as unknown[]) {
    const i = item as { severity?: unknown; code?: unknown; details?: { text?: unknown } };
    if (!['fatal', 'error', 'warning', 'information'].includes(String(i.severity))) fail('an issue has no valid severity');
    if (typeof i.code !== 'string' || i.code === '') fail('an issue has no code');
    if (typeof i.details?.text !== 'string' || i.details.text === '') fail('an issue has no details.text');
    const text = i.details!.text as string;
    if (LEAKS.some((re) => re.test(text))) fail(`an issue text leaks internals (${text})`);
  }
}

/** What an error text must never show: stack frames, SQL, file paths, driver internals. */
export const LEAKS = [
  /\bat \S+ \(/, // a stack frame
  /\.(ts|js):\d+/, // a source position
  /\/(work|home|usr|tmp|var|app)\//, // an absolute path
  /\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i, // SQL
  /\brelation "|\bconstraint "|\bSQLSTATE\b|\bsyntax error at\b/i, // PostgreSQL's words
  /ECONNREFUSED|127\.0\.0\.1:\d+/, // connection details
];
