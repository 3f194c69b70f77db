/**
 * A small round-robin HTTP load balancer for the benchmark's replica row, where Docker (and the compose
 * file's nginx) is absent: node:http only, keep-alive connections to every upstream, 127.0.0.1 only.
 * Run as its own process, like the servers, so it takes its own share of the machine:
 *
 *   PORT=… UPSTREAMS=http://127.0.0.1:a,http://127.0.0.1:b node --import tsx scripts/bench/balancer.ts
 *
 * `/balancer-ready` answers 200 once listening; every other request goes to the next upstream in turn.
 * An upstream that cannot be reached gets a 502 (the benchmark counts it as non-2xx).
 */
import { Agent, createServer, request } from 'node:http';

const port = Number(process.env.PORT);
const upstreams = (process.env.UPSTREAMS ?? '')
  .split(',')
  .map((u) => u.trim())
  .filter((u) => u !== '')
  .map((u) => new URL(u));
if (!Number.isInteger(port) || port <= 0 || upstreams.length === 0 || upstreams.some((u) => u.hostname !== '127.0.0.1')) {
  process.stderr.write('balancer needs PORT and UPSTREAMS (comma-separated http://127.0.0.1:port urls)\n');
  process.exit(2);
}
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = createServer((req, res) => {
  if (req.url === '/balancer-ready') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ready"}');
    return;
  }
  const target = upstreams[next]!;
  next = (next + 1) % upstreams.length;
  const headers = { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
  delete headers.connection;
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
    (answer) => {
      const back = { ...answer.headers };
      delete back.connection;
      delete back['keep-alive'];
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('bad gateway');
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  agent.destroy();
});
