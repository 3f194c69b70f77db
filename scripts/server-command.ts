/**
 * The command `npm start` runs, read from package.json, so that the benchmark and the soak test start the
 * server exactly as a user does (the same heap and WebAssembly flags), and so a test can check the Dockerfile
 * against it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
/** The compiled entry point, relative to the project root. */
export const SERVER_ENTRY = 'dist/server/main.js';

/**
 * The node flags of the `start` script (`exec node FLAGS… dist/server/main.js`). The `exec` makes the shell
 * npm runs the script in become node, so the SIGTERM npm forwards reaches the server.
 */
export function startScriptNodeFlags(packageJsonPath = resolve(ROOT, 'package.json')): string[] {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: Record<string, string> };
  const start = pkg.scripts?.start ?? '';
  const all = start.trim().split(/\s+/);
  const words = all[0] === 'exec' ? all.slice(1) : all;
  if (words[0] !== 'node' || words[words.length - 1] !== SERVER_ENTRY || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
    throw new Error(`package.json "start" should be "exec node [--flags…] ${SERVER_ENTRY}", got "${start}"`);
  }
  return words.slice(1, -1);
}
