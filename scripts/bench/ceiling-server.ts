/**
 * The benchmark's ceiling: a plain Express 5 route that answers every GET with a fixed body (a real
 * `$lookup` answer, read from CEILING_BODY_FILE) as `application/fhir+json`. Run as its own process by
 * the benchmark, like the real server, so both get the same share of the machine:
 *
 *   PORT=… CEILING_BODY_FILE=… node --import tsx scripts/bench/ceiling-server.ts
 *
 * `/ready` answers 200 once listening.
 */
import { readFileSync } from 'node:fs';
import express from 'express';

const bodyFile = process.env.CEILING_BODY_FILE;
const port = Number(process.env.PORT);
if (!bodyFile || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('ceiling-server needs PORT and CEILING_BODY_FILE\n');
  process.exit(2);
}
const body = readFileSync(bodyFile, 'utf8');

const app = express();
app.disable('x-powered-by');
app.get('/ready', (_req, res) => {
  res.json({ status: 'ready' });
});
app.get('/{*path}', (_req, res) => {
  res.status(200).type('application/fhir+json; charset=utf-8').send(body);
});
const server = app.listen(port, '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
