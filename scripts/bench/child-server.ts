/**
 * Runs an HTTP server as a child process for the benchmark and watches its memory from the outside:
 * `/proc/<pid>/status` (VmRSS now, VmHWM = the kernel's record of the peak), so the figures are the
 * server's own and not the load generator's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Resident memory of a process, in kB as the kernel reports it. */
export interface ProcessMemory {
  /** Resident set size now. */
  rssKb: number;
  /** Peak resident set size since the process started. */
  hwmKb: number;
}

/** Reads VmRSS and VmHWM of a live process; `undefined` where /proc is not available (not Linux). */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const rssKb = kb('VmRSS');
  const hwmKb = kb('VmHWM');
  return rssKb === undefined || hwmKb === undefined ? undefined : { rssKb, hwmKb };
}

let clockTicks: number | undefined;

/**
 * CPU time (user + system) a live process has used, in milliseconds, from `/proc/<pid>/stat`;
 * `undefined` where /proc is not available. Resolution is one clock tick (usually 10 ms).
 */
export function readProcessCpuMs(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  if (clockTicks === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(out.stdout?.trim()) || 100;
  }
  return ((utime + stime) * 1000) / clockTicks;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** How to start a child server. */
export interface ChildServerOptions {
  /** Shown in progress and error messages. */
  label: string;
  /** Program and arguments; the program is normally `process.execPath`. */
  command: [string, ...string[]];
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  port: number;
  /** Path polled until it answers 200 (`/ready`). */
  readyPath: string;
  /** Give up when not ready after this long. */
  readyTimeoutMs: number;
  cwd?: string;
}

/** A running child server. */
export interface ChildServer {
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawn until `readyPath` answered 200. */
  readyMs: number;
  /** Memory now (VmRSS, VmHWM). */
  memory(): ProcessMemory | undefined;
  /** CPU time used so far, ms. */
  cpuMs(): number | undefined;
  /** Stops the child with SIGTERM (SIGKILL after `graceMs`) and returns its memory just before. */
  stop(graceMs?: number): Promise<ProcessMemory | undefined>;
}

const OUTPUT_TAIL = 4000;

/** Starts a child server and waits until it is ready; rejects with the tail of its output if it dies first. */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const [program, ...args] = options.command;
  const started = performance.now();
  const child: ChildProcess = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.label}: could not start ${program}`);
  const baseUrl = `http://127.0.0.1:${options.port}`;

  const kill = async (graceMs: number): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };

  const deadline = started + options.readyTimeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`${options.label} exited (code ${exited.code}, signal ${exited.signal}) before it was ready:\n${output}`);
    }
    if (performance.now() > deadline) {
      await kill(2000);
      throw new Error(`${options.label} was not ready after ${options.readyTimeoutMs} ms:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}${options.readyPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;

  return {
    pid,
    baseUrl,
    readyMs,
    memory: () => readProcessMemory(pid),
    cpuMs: () => readProcessCpuMs(pid),
    stop: async (graceMs = 15_000) => {
      const memory = exited ? undefined : readProcessMemory(pid);
      await kill(graceMs);
      return memory;
    },
  };
}
