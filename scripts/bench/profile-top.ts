/**
 * Summarises a V8 CPU profile (`npm run bench -- --only … --cpu-prof DIR` writes one per server run):
 * the functions with the most self time, and the project's own functions (and a few library entry points)
 * by inclusive time, over the last `--last-seconds` of the profile (the measured load runs; start-up is left
 * out) or the whole of it.
 *
 *   npx tsx scripts/bench/profile-top.ts DIR/CPU….cpuprofile [--last-seconds 9] [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'last-seconds': { type: 'string' }, top: { type: 'string', default: '25' }, focus: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [--last-seconds N] [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample times (µs since start), to keep only the last N seconds.
const times: number[] = [];
let t = profile.startTime;
for (const d of profile.timeDeltas) times.push((t += d));
const from = values['last-seconds'] ? profile.endTime - Number(values['last-seconds']) * 1e6 : profile.startTime;

const shortUrl = (url: string): string => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/').replace(/^.*\/dist\//, 'dist/');
const label = (n: ProfileNode): string => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  if (times[i]! < from) continue;
  const dt = (times[i + 1] ?? profile.endTime) - times[i]!;
  const node = byId.get(profile.samples[i]!)!;
  total += dt;
  const name = label(node);
  self.set(name, (self.get(name) ?? 0) + dt);
  if (node.callFrame.functionName !== '(idle)') busy += dt;
  // Inclusive: every distinct frame on the stack once.
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const l = label(byId.get(id)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
}
const pct = (us: number): string => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
const ms = (us: number): string => `${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s not idle (percentages are of the non-idle time)`);
console.log('\nself time:');
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${name}`);
console.log('\ninclusive time, the project\'s code (dist/) and a few entry points:');
const interesting = (name: string): boolean => name.includes('dist/') || /\b(JSON\.stringify|stringify|serializeError|compression|etag|query|parse)\b/.test(name);
for (const [name, us] of [...inclusive].filter(([n]) => interesting(n)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${name}`);

// --focus NAME: where the inclusive time of the frames whose label contains NAME goes (their callees).
const focus = process.argv.find((_a, i) => process.argv[i - 1] === '--focus');
if (focus) {
  const below = new Map<string, number>();
  let focused = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i]! < from) continue;
    const dt = (times[i + 1] ?? profile.endTime) - times[i]!;
    const stack: ProfileNode[] = [];
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
    const at = stack.findIndex((n) => label(n).includes(focus));
    if (at < 0) continue;
    focused += dt;
    // The frame just below the focused one (its direct callee), or the focused frame itself (self time).
    const callee = at === 0 ? '(self)' : label(stack[at - 1]!);
    below.set(callee, (below.get(callee) ?? 0) + dt);
  }
  console.log(`\n${focus}: ${ms(focused)} ${pct(focused)}, by direct callee:`);
  for (const [name, us] of [...below].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${name}`);
}
