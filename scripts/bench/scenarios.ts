/**
 * What the benchmark asks: the loaded codes (read from the running server with `$expand`, so the
 * benchmark follows whatever the manifest loaded) and, per scenario, a fixed, seeded list of request paths.
 */
import type { Bundle, CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import { pick, seededRandom } from './stats';
import { isShippedCore } from '../../server/import/fhir-core';

/** NCMP and særkoder, as the server names them. */
export const NCMP_URL = 'urn:oid:2.16.578.1.12.4.1.1.7220';
export const SAERKODE_URL = 'urn:oid:2.16.578.1.12.4.1.1.7020';
/** The ConceptMap the project ships. */
export const SAERKODE_MAP_ID = 'saerkode-to-ncmp';
/** The whole version `$expand` asked for by the issue. */
export const EXPAND_VERSION_ID = 'ncmp-2014';

/** One loaded code. */
export interface LoadedCode {
  code: string;
  display: string | undefined;
  abstract: boolean;
}

/** One loaded code system version with its codes, from its ValueSet's expansion. */
export interface LoadedVersion {
  system: string;
  version: string;
  /** CodeSystem resource id (`ncmp-2014`). */
  codeSystemId: string;
  /** ValueSet resource id and canonical of the ValueSet holding all its codes. */
  valueSetId: string;
  valueSetUrl: string;
  codes: LoadedCode[];
}

/** One mapping of the særkode → NCMP ConceptMap. */
export interface LoadedMapping {
  source: string;
  target: string | undefined;
}

/** Everything the scenarios draw from. */
export interface Catalogue {
  versions: LoadedVersion[];
  conceptMapUrl: string;
  mappings: LoadedMapping[];
}

async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/fhir+json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Reads every code system version and its codes (ValueSet `$expand`, paged) and the særkode map. */
export async function readCatalogue(baseUrl: string): Promise<Catalogue> {
  const codeSystems = await getJson<Bundle<CodeSystem>>(baseUrl, '/fhir/CodeSystem?_count=1000');
  const valueSets = await getJson<Bundle<ValueSet>>(baseUrl, '/fhir/ValueSet?_count=1000');
  const versions: LoadedVersion[] = [];
  for (const cs of (codeSystems.entry ?? []).map((e) => e.resource).filter((r): r is CodeSystem => r !== undefined)) {
    if (!cs.id || !cs.url || !cs.version) continue;
    // The scenarios ask about the project's own code lists; FHIR core's (issue 27) are measured by `core-round.ts`.
    if (isShippedCore(cs.meta?.source)) continue;
    // The server names the ValueSet of a version after the CodeSystem (`ncmp-2014` for both).
    const vs = (valueSets.entry ?? []).map((e) => e.resource).find((r) => r?.id === cs.id);
    if (!vs?.url) continue;
    const codes: LoadedCode[] = [];
    for (let offset = 0; ; ) {
      const page = await getJson<ValueSet>(baseUrl, `/fhir/ValueSet/${vs.id}/$expand?count=1000&offset=${offset}`);
      const contains = page.expansion?.contains ?? [];
      for (const c of contains) if (c.code) codes.push({ code: c.code, display: c.display, abstract: c.abstract === true });
      offset += contains.length;
      if (contains.length === 0 || offset >= (page.expansion?.total ?? 0)) break;
    }
    if (codes.length > 0) versions.push({ system: cs.url, version: cs.version, codeSystemId: cs.id, valueSetId: vs.id!, valueSetUrl: vs.url, codes });
  }
  const map = await getJson<ConceptMap>(baseUrl, `/fhir/ConceptMap/${SAERKODE_MAP_ID}`);
  const mappings: LoadedMapping[] = [];
  for (const g of map.group ?? []) {
    for (const e of g.element ?? []) {
      if (!e.code) continue;
      const targets = e.target ?? [];
      if (targets.length === 0) mappings.push({ source: e.code, target: undefined });
      for (const t of targets) mappings.push({ source: e.code, target: t.code });
    }
  }
  if (!versions.some((v) => v.system === NCMP_URL)) throw new Error('the server has no NCMP version loaded');
  return { versions, conceptMapUrl: map.url ?? '', mappings };
}

/** A named set of request paths; the load generator picks among them at random. */
export interface Scenario {
  id: ScenarioId;
  title: string;
  paths: string[];
  /** Send the paths in order, each once per cycle (the paths are all different: none is answered from cache). */
  inOrder?: boolean;
  /**
   * Every URL new: the paths are those of a cached scenario, sent in turn, each with a `date` that steps by one
   * second per request (a time on the day the request already names, or on today), so no URL repeats within
   * 79,200 requests and the server's answer cache never hits (see `withSteppedDate`).
   */
  stepDate?: boolean;
}

export type ScenarioId =
  | 'lookup'
  | 'lookup-uncached'
  | 'cs-validate'
  | 'cs-validate-uncached'
  | 'vs-validate'
  | 'vs-validate-uncached'
  | 'translate'
  | 'translate-uncached'
  | 'expand-all'
  | 'expand-all-uncached'
  | 'expand-filter'
  | 'expand-filter-uncached'
  | 'search';

export const SCENARIO_IDS: readonly ScenarioId[] = [
  'lookup',
  'lookup-uncached',
  'cs-validate',
  'cs-validate-uncached',
  'vs-validate',
  'vs-validate-uncached',
  'translate',
  'translate-uncached',
  'expand-all',
  'expand-all-uncached',
  'expand-filter',
  'expand-filter-uncached',
  'search',
];

const PATHS_PER_SCENARIO = 4000;
/**
 * Distinct URLs of the uncached scenario: more than a run sends at this machine's rate, and far more than
 * the server's answers cache holds (5,000), so that even when the list wraps around nothing is a hit.
 */
const UNCACHED_PATHS = 80_000;
const enc = encodeURIComponent;

/**
 * Builds the request lists. Codes are drawn from every loaded version; a quarter of the validate-code
 * requests carry a code that is invalid (a code-shaped string no version has, or a real code asked of a
 * version that lacks it), some carry `date`, some `version`, some go to the instance (`CodeSystem/ncmp-2014`),
 * some carry a display (mostly right, sometimes wrong).
 */
export function buildScenarios(catalogue: Catalogue, seed = 20261123): Scenario[] {
  const rng = seededRandom(seed);
  const chance = (p: number): boolean => rng() < p;
  const ncmp = catalogue.versions.filter((v) => v.system === NCMP_URL);
  const saer = catalogue.versions.filter((v) => v.system === SAERKODE_URL);
  const everyCode = new Set(catalogue.versions.flatMap((v) => v.codes.map((c) => c.code)));

  const anyVersion = (): LoadedVersion => (saer.length > 0 && chance(0.15) ? pick(rng, saer) : pick(rng, ncmp));
  const selectable = (v: LoadedVersion): LoadedCode => {
    const candidates = v.codes.filter((c) => !c.abstract);
    return pick(rng, candidates.length > 0 ? candidates : v.codes);
  };
  const dateIn = (v: LoadedVersion): string => {
    const year = /^\d{4}$/.test(v.version) ? v.version : '2014';
    return `${year}-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`;
  };
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  /** An invalid code: either code-shaped and unknown everywhere, or a real code of another version. */
  const invalid = (v: LoadedVersion): string => {
    if (chance(0.5)) {
      const own = new Set(v.codes.map((c) => c.code));
      for (let i = 0; i < 20; i += 1) {
        const other = pick(rng, catalogue.versions.filter((x) => x.system === v.system));
        const c = pick(rng, other.codes).code;
        if (!own.has(c)) return c;
      }
    }
    for (;;) {
      const c =
        v.system === SAERKODE_URL
          ? `${pick(rng, [...letters])}${String(Math.floor(rng() * 10000)).padStart(4, '0')}`
          : `${[0, 1, 2, 3].map(() => pick(rng, [...letters])).join('')}${String(Math.floor(rng() * 100)).padStart(2, '0')}`;
      if (!everyCode.has(c)) return c;
    }
  };
  const times = (make: () => string): string[] => Array.from({ length: PATHS_PER_SCENARIO }, make);

  const lookup = times(() => {
    const v = anyVersion();
    const c = pick(rng, v.codes).code;
    const r = rng();
    if (r < 0.5) return `/fhir/CodeSystem/$lookup?system=${enc(v.system)}&code=${enc(c)}&date=${dateIn(v)}`;
    if (r < 0.8) return `/fhir/CodeSystem/$lookup?system=${enc(v.system)}&code=${enc(c)}&version=${enc(v.version)}`;
    return `/fhir/CodeSystem/${v.codeSystemId}/$lookup?code=${enc(c)}`;
  });

  const csValidate = times(() => {
    const v = anyVersion();
    const valid = chance(0.75);
    const concept = selectable(v);
    const code = valid ? concept.code : invalid(v);
    let display = '';
    if (valid && concept.display && chance(0.3)) display = `&display=${enc(chance(0.8) ? concept.display : `${concept.display} (feil)`)}`;
    const r = rng();
    if (r < 0.2) return `/fhir/CodeSystem/${v.codeSystemId}/$validate-code?code=${enc(code)}${display}`;
    const base = `/fhir/CodeSystem/$validate-code?url=${enc(v.system)}&code=${enc(code)}${display}`;
    if (r < 0.6) return `${base}&date=${dateIn(v)}`;
    if (r < 0.9) return `${base}&version=${enc(v.version)}`;
    return base;
  });

  // Every URL different (a distinct code and date pair), so the server's cache of answers never helps:
  // what an answer costs when it is worked out.
  const uncachedSeen = new Set<string>();
  const uncached: string[] = [];
  for (let guard = 0; uncached.length < UNCACHED_PATHS && guard < UNCACHED_PATHS * 4; guard += 1) {
    const v = anyVersion();
    const code = chance(0.75) ? selectable(v).code : invalid(v);
    const path = `/fhir/CodeSystem/$validate-code?url=${enc(v.system)}&code=${enc(code)}&date=${dateIn(v)}`;
    if (!uncachedSeen.has(path)) {
      uncachedSeen.add(path);
      uncached.push(path);
    }
  }

  const vsValidate = times(() => {
    const v = anyVersion();
    const code = chance(0.75) ? selectable(v).code : invalid(v);
    const r = rng();
    if (r < 0.3) return `/fhir/ValueSet/${v.valueSetId}/$validate-code?system=${enc(v.system)}&code=${enc(code)}`;
    const base = `/fhir/ValueSet/$validate-code?url=${enc(v.valueSetUrl)}&system=${enc(v.system)}&code=${enc(code)}`;
    return r < 0.7 ? `${base}&date=${dateIn(v)}` : `${base}&valueSetVersion=${enc(v.version)}`;
  });

  const mapped = catalogue.mappings;
  const mappedSources = new Set(mapped.map((m) => m.source));
  const unmappedSaer = saer.flatMap((v) => v.codes.map((c) => c.code)).filter((c) => !mappedSources.has(c));
  const translate = times(() => {
    const r = rng();
    const m = mapped.length > 0 ? pick(rng, mapped) : undefined;
    const dated = chance(0.2) ? `&date=${2015 + Math.floor(rng() * 10)}-06-01` : '';
    if (m && r < 0.5) return `/fhir/ConceptMap/${SAERKODE_MAP_ID}/$translate?system=${enc(SAERKODE_URL)}&code=${enc(m.source)}${dated}`;
    if (m?.target && r < 0.8) {
      return `/fhir/ConceptMap/$translate?url=${enc(catalogue.conceptMapUrl)}&system=${enc(NCMP_URL)}&code=${enc(m.target)}&reverse=true${dated}`;
    }
    const code = unmappedSaer.length > 0 ? pick(rng, unmappedSaer) : 'A9999';
    return `/fhir/ConceptMap/$translate?url=${enc(catalogue.conceptMapUrl)}&system=${enc(SAERKODE_URL)}&code=${enc(code)}${dated}`;
  });

  const words = [...new Set(ncmp.flatMap((v) => v.codes.flatMap((c) => (c.display ?? '').toLowerCase().split(/[^\p{L}]+/u))))].filter((w) => w.length >= 5);
  const expandFilter = times(() => {
    const v = pick(rng, ncmp);
    const filter = chance(0.7) ? pick(rng, words).slice(0, 4 + Math.floor(rng() * 4)) : pick(rng, v.codes).code.slice(0, 2 + Math.floor(rng() * 3)).toLowerCase();
    return `/fhir/ValueSet/${v.valueSetId}/$expand?filter=${enc(filter)}`;
  });

  // The search API (never answered from the cache of answers): every parameter type, over the precomputed values.
  const years = [...new Set(ncmp.map((v) => v.version).filter((y) => /^\d{4}$/.test(y)))];
  const search = times(() => {
    const v = anyVersion();
    const r = rng();
    if (r < 0.3) return `/fhir/CodeSystem?code=${enc(pick(rng, v.codes).code)}`;
    if (r < 0.4) return `/fhir/ConceptMap?source-code=${enc(mapped.length > 0 ? pick(rng, mapped).source : 'A0093')}`;
    if (r < 0.5) return `/fhir/ValueSet?reference=${enc(v.system)}`;
    if (r < 0.6 && years.length > 0) return `/fhir/CodeSystem?date=ge${pick(rng, years)}&date=lt${pick(rng, years)}`;
    if (r < 0.7) return `/fhir/CodeSystem?title:contains=${enc(pick(rng, ['prosedyr', 'klassifikasjon', 'særkoder', 'NCMP']))}`;
    if (r < 0.8) return `/fhir/CodeSystem?url=${enc(v.system)}&version=${enc(v.version)}`;
    if (r < 0.9) return `/fhir/ValueSet?_sort=-date,_id&_count=5&_offset=${5 * Math.floor(rng() * 4)}`;
    return `/fhir/CodeSystem?code:not=${enc(pick(rng, v.codes).code)}&_elements=url,version&_id=${enc(v.codeSystemId)}`;
  });

  const expandId = ncmp.some((v) => v.valueSetId === EXPAND_VERSION_ID) ? EXPAND_VERSION_ID : ncmp[0]!.valueSetId;
  const everyUrlNew = (id: ScenarioId, title: string, paths: string[]): Scenario => ({ id, title: `${title}, every URL new`, paths, inOrder: true, stepDate: true });
  const expandAll = [`/fhir/ValueSet/${expandId}/$expand`];
  return [
    { id: 'lookup', title: 'CodeSystem/$lookup', paths: lookup },
    everyUrlNew('lookup-uncached', 'CodeSystem/$lookup', lookup),
    { id: 'cs-validate', title: 'CodeSystem/$validate-code', paths: csValidate },
    { id: 'cs-validate-uncached', title: 'CodeSystem/$validate-code, every URL new', paths: uncached, inOrder: true },
    { id: 'vs-validate', title: 'ValueSet/$validate-code', paths: vsValidate },
    everyUrlNew('vs-validate-uncached', 'ValueSet/$validate-code', vsValidate),
    { id: 'translate', title: 'ConceptMap/$translate', paths: translate },
    everyUrlNew('translate-uncached', 'ConceptMap/$translate', translate),
    { id: 'expand-all', title: `ValueSet/${expandId}/$expand (whole)`, paths: expandAll },
    everyUrlNew('expand-all-uncached', `ValueSet/${expandId}/$expand (whole)`, expandAll),
    { id: 'expand-filter', title: 'ValueSet/$expand?filter', paths: expandFilter },
    everyUrlNew('expand-filter-uncached', 'ValueSet/$expand?filter', expandFilter),
    { id: 'search', title: 'search (code, source-code, reference, date, title, url, _sort)', paths: search },
  ];
}

/** Seconds in 22 hours: a time from 00:00:00Z to 21:59:59Z falls on the same calendar day in Norway (UTC+1 or +2). */
const STEP_SECONDS = 22 * 3600;
const two = (n: number): string => String(n).padStart(2, '0');

/** Today in Norway (`YYYY-MM-DD`): the day the server resolves a request without `date` on. */
export function todayInNorway(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(now);
}

/**
 * The path with a `date` that is a time on the same day, `step` seconds after midnight UTC (mod 22 h): a
 * `date=YYYY-MM-DD` the path has becomes `date=YYYY-MM-DDThh:mm:ssZ`; a path without one gets today's
 * (`today`, the day the server would take). The server turns a dateTime into its calendar day in Norway, so
 * the answer is the one of the plain path, but the URL is new and the answer cache cannot hold it.
 */
export function withSteppedDate(path: string, step: number, today: string): string {
  const s = ((step % STEP_SECONDS) + STEP_SECONDS) % STEP_SECONDS;
  const time = `T${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}Z`;
  const dated = /([?&])date=(\d{4}-\d{2}-\d{2})(?=&|$)/.exec(path);
  if (dated) return `${path.slice(0, dated.index)}${dated[1]}date=${dated[2]}${time}${path.slice(dated.index + dated[0].length)}`;
  return `${path}${path.includes('?') ? '&' : '?'}date=${today}${time}`;
}

/** Each path in turn from `start`, each with `withSteppedDate` of its request number (see `Scenario.stepDate`). */
export function steppedDateCycler(paths: readonly string[], start: number, today: string): () => string {
  let i = start;
  return () => {
    const path = withSteppedDate(paths[i % paths.length]!, i, today);
    i += 1;
    return path;
  };
}

/** Each path in turn, from `start` (mod the length), wrapping around. */
export function pathCycler(paths: readonly string[], start: number): () => string {
  let i = start % paths.length;
  return () => {
    const path = paths[i]!;
    i = (i + 1) % paths.length;
    return path;
  };
}

/** A picker over a scenario's paths for one load run (seeded, so runs repeat). */
export function pathPicker(paths: readonly string[], seed: number): () => string {
  if (paths.length === 1) {
    const only = paths[0]!;
    return () => only;
  }
  const rng = seededRandom(seed);
  return () => paths[Math.floor(rng() * paths.length)]!;
}
