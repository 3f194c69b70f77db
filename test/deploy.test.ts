import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_ENTRY, startScriptNodeFlags } from '../scripts/server-command';

const ROOT = resolve(__dirname, '..');

describe('how the server is started', () => {
  it('npm start tunes V8 heap growth (the memory figures of the README) without a hard heap cap', () => {
    const flags = startScriptNodeFlags();
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--heap-growing-percent=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/)]));
    expect(flags.some((f) => f.startsWith('--max-old-space-size'))).toBe(false);
  });

  it('the Dockerfile runs the same command as npm start, without the sh that would swallow SIGTERM', () => {
    const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...startScriptNodeFlags(), SERVER_ENTRY]);
  });

  it('refuses a start script of another shape rather than guessing its flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ncmp-pkg-'));
    const file = resolve(dir, 'package.json');
    writeFileSync(file, JSON.stringify({ scripts: { start: 'tsx server/main.ts' } }));
    expect(() => startScriptNodeFlags(file)).toThrow(/should be "exec node \[--flags…\] dist\/server\/main.js"/);
  });
});
