/**
 * One bounded load run with autocannon against 127.0.0.1. Latency is taken from autocannon's per-response
 * event (sub-millisecond, every status) rather than its histogram, which keeps whole milliseconds only and
 * would report a 0.4 ms answer as 0.
 */
import autocannon from 'autocannon';
import { Samples, percentileOfSorted } from './stats';

/** What to send and for how long. Every run is bounded by `seconds` or by `amount`. */
export interface LoadOptions {
  /** `http://127.0.0.1:port` */
  baseUrl: string;
  /** The path (with query) of the next request; called once per request. */
  nextPath: () => string;
  connections: number;
  /** Run for this many seconds … */
  seconds?: number;
  /** … or until this many requests were answered. */
  amount?: number;
  /** The server's CPU time so far (ms), read before and after the run. */
  serverCpuMs?: () => number | undefined;
}

/** The figures of one run. Latencies in milliseconds; `rps` counts every answered request. */
export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanBytes: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Server CPU time (user + system) per answered request, µs: the cost of an answer, less sensitive than req/s to other load. */
  serverCpuUsPerRequest: number | undefined;
}

/** Runs autocannon once and reduces its output to `LoadResult`. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.seconds === undefined && options.amount === undefined) throw new Error('a load run needs seconds or amount');
  const latencies = new Samples();
  let bytes = 0;
  const cpuBefore = options.serverCpuMs?.();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        pipelining: 1,
        timeout: 10,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds! }),
        headers: { accept: 'application/fhir+json' },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: options.nextPath() }) }],
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const sorted = latencies.sorted();
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stat as { count: number }).count;
        const durationS = result.duration;
        const cpuAfter = options.serverCpuMs?.();
        const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
        resolve({
          connections: options.connections,
          durationS,
          requests: sorted.length,
          rps: durationS > 0 ? sorted.length / durationS : 0,
          p50Ms: percentileOfSorted(sorted, 50),
          p90Ms: percentileOfSorted(sorted, 90),
          p99Ms: percentileOfSorted(sorted, 99),
          maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
          meanBytes: sorted.length > 0 ? bytes / sorted.length : 0,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          serverCpuUsPerRequest: cpuMs === undefined || sorted.length === 0 ? undefined : (cpuMs * 1000) / sorted.length,
        });
      },
    );
    instance.on('response', (_client, _status, resBytes, responseTime) => {
      latencies.push(responseTime);
      bytes += resBytes;
    });
  });
}
