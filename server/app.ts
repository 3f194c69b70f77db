import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import pinoHttp from 'pino-http';
import type { Schema } from '../db/schema';
import type { Config } from './config';
import { negotiateFhirJson, sendResource } from './http/fhir-json';
import { FhirError, issue, operationOutcome } from './http/outcome';
import { fhirRouter } from './http/routes';
import { Terminology } from './terminology/terminology';

/** What the app needs from its surroundings; tests and `main.ts` build it the same way. */
export interface AppContext {
  db: Kysely<Schema>;
  config: Pick<Config, 'maxBodyBytes' | 'publicBaseUrl'>;
  logger?: Logger;
}

/** The Express app and the terminology service behind it (exposed so loaders can invalidate its cache). */
export interface App {
  app: express.Express;
  terminology: Terminology;
}

/** Builds the HTTP application: FHIR API under `/fhir`, `/health`, `/ready`, and one error handler. */
export function createApp({ db, config, logger = pino({ level: 'silent' }) }: AppContext): App {
  const terminology = new Terminology(db);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
    }),
  );

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).set('Retry-After', '5').json({ status: 'database unavailable' });
    }
  });

  const bodyLimit = config.maxBodyBytes;
  app.use(
    '/fhir',
    negotiateFhirJson,
    express.json({ type: ['application/json', 'application/fhir+json', 'application/json+fhir'], limit: bodyLimit }),
    express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 200 }),
    fhirRouter({ terminology, publicBaseUrl: config.publicBaseUrl }),
  );

  app.use((req: Request) => {
    throw FhirError.notFound(`No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return { app, terminology };
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/** The one error handler: every error becomes an OperationOutcome; internals never reach the client. */
function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof FhirError) {
    res.set(err.headers);
    sendResource(res, err.status, err.toOutcome());
    return;
  }
  const parserError = err as BodyParserError;
  if (parserError && typeof parserError.type === 'string') {
    const status = parserError.status ?? parserError.statusCode ?? 400;
    const text =
      parserError.type === 'entity.too.large'
        ? `Request body is larger than the limit of ${parserError.limit} bytes`
        : parserError.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON'
          : parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported'
            ? 'Request body encoding is not supported; send UTF-8'
            : `Request body could not be read (${parserError.type})`;
    const code = status === 413 ? 'too-costly' : 'invalid';
    sendResource(res, status < 500 ? status : 400, operationOutcome([issue({ severity: 'error', code, text })]));
    return;
  }
  const requestId = String(req.id ?? '');
  req.log?.error({ err }, 'unhandled error');
  sendResource(
    res,
    500,
    operationOutcome([
      issue({ severity: 'fatal', code: 'exception', text: `Internal server error (request id ${requestId})` }),
    ]),
  );
}
