import { Router, type Request, type Response } from 'express';
import { statSync } from 'node:fs';
import { capabilityStatement, terminologyCapabilities, versionsParameters } from './capabilities';
import { OPERATIONS } from '../operations';
import { readResource, searchResources } from '../operations/search';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { sendAnswer } from './answer';
import { sendResource } from './fhir-json';
import { answerOperation, onlyMethods, resourceType, type PipelineContext } from './operation-pipeline';
import { ID } from './resource-shape';

/** The software, with the date its running build was made (the entry file's modification date). */
const SOFTWARE = { name: 'ncmp-terminology-server', version: '0.1.0', ...buildDate() };

function buildDate(): { releaseDate?: string } {
  try {
    return process.argv[1] ? { releaseDate: statSync(process.argv[1]).mtime.toISOString().slice(0, 10) } : {};
  } catch {
    return {};
  }
}
function baseUrlOf(req: Request, configured: string | undefined): string {
  return configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** Answers an operation request routed through Express (POST, CSV, odd spellings) by the operation pipeline. */
async function routedOperation(req: Request, res: Response, ctx: PipelineContext, type: string, op: string, id: string | undefined): Promise<void> {
  const answer = await answerOperation(
    {
      method: req.method,
      url: req.originalUrl,
      path: `${req.baseUrl}${req.path}`,
      type,
      id,
      op,
      query: req.query,
      body: req.body,
      headers: req.headers,
      requestId: req.id ?? '',
      log: () => req.log,
    },
    ctx,
  );
  sendAnswer(req, res, answer);
}

/** The FHIR API: metadata, read, search and every operation of `OPERATIONS`, GET and POST, type and instance level. */
export function fhirRouter(ctx: PipelineContext & { publicBaseUrl: string | undefined }): Router {
  const router = Router();
  const { terminology } = ctx;
  const path = (req: Request): string => `${req.baseUrl}${req.path}`;

  router.all('/metadata', async (req, res) => {
    onlyMethods(req.method, path(req), ['GET']);
    const mode = req.query.mode;
    const now = new Date().toISOString();
    if (mode === 'terminology') {
      const snapshot = await terminology.snapshot();
      const expand = OPERATIONS.find((o) => o.code === 'expand')!.definition.parameters.map((p) => p.name);
      sendResource(res, 200, terminologyCapabilities(snapshot.systems, now, expand, SOFTWARE));
      return;
    }
    if (mode !== undefined && mode !== 'full' && mode !== 'normative') {
      throw FhirError.invalid(msg('NCMP_METADATA_MODE_UNSUPPORTED', String(mode)), ['mode']);
    }
    sendResource(res, 200, capabilityStatement(OPERATIONS, baseUrlOf(req, ctx.publicBaseUrl), now, SOFTWARE));
  });

  router.all('/\$versions', (req, res) => {
    onlyMethods(req.method, path(req), ['GET', 'POST']);
    sendResource(res, 200, versionsParameters());
  });

  router.all('/:type/:id/:op', async (req, res) => {
    resourceType(req.params.type!);
    if (!req.params.op!.startsWith('$')) throw FhirError.notFound(msg('NCMP_NO_ROUTE', req.method, `${req.baseUrl}${req.path}`));
    await routedOperation(req, res, ctx, req.params.type!, req.params.op!, req.params.id!);
  });

  router.all('/:type/:idOrOp', async (req, res) => {
    const type = resourceType(req.params.type!);
    const segment = req.params.idOrOp!;
    if (segment.startsWith('$')) return routedOperation(req, res, ctx, type, segment, undefined);
    const snapshot = await terminology.snapshot();
    if (segment === '_search') {
      onlyMethods(req.method, path(req), ['POST']);
      const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
      sendResource(res, 200, await searchResources(snapshot, type, { ...req.query, ...body }, `${baseUrlOf(req, ctx.publicBaseUrl)}/${type}`, baseUrlOf(req, ctx.publicBaseUrl)));
      return;
    }
    onlyMethods(req.method, path(req), ['GET']);
    if (!ID.test(segment)) throw FhirError.invalid(msg('NCMP_INVALID_RESOURCE_ID', segment));
    sendResource(res, 200, await readResource(snapshot, type, segment));
  });

  router.all('/:type', async (req, res) => {
    const type = resourceType(req.params.type!);
    onlyMethods(req.method, path(req), ['GET']);
    const snapshot = await terminology.snapshot();
    const base = baseUrlOf(req, ctx.publicBaseUrl);
    sendResource(res, 200, await searchResources(snapshot, type, req.query as Record<string, unknown>, `${base}${req.url}`, base));
  });

  return router;
}
