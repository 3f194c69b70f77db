import { todayInNorway } from './dates';
import type { SystemEntry, VersionEntry } from './model';
import type { Snapshot } from './snapshot';
import { msg, type Message } from './messages';

/** What a caller asks for: a system (url or alias), optionally a version, optionally a date. */
export interface VersionQuery {
  system: string;
  version?: string;
  /** ISO date; default today (in Norway). */
  date?: string;
}

/** The outcome of resolving a version: found, or why not. */
export type Resolution =
  | {
      kind: 'found';
      system: SystemEntry;
      version: VersionEntry;
      /** The date the version was chosen for (when chosen by date). */
      date: string | undefined;
      /** Information for the client about how the version was chosen (e.g. no newer register loaded). */
      notes: Message[];
      /** Set when `check-system-version` names another version than the one used. */
      checkFailure?: Message;
      /** The request's version parameters that chose the version (`name`, `url|version`), to echo. */
      applied: AppliedVersionParameter[];
    }
  | { kind: 'unknown-system'; system: string }
  | { kind: 'unknown-version'; system: SystemEntry; version: string; known: string[] }
  | { kind: 'no-version-in-force'; system: SystemEntry; date: string };

/** A version parameter of the request (`force-system-version`, `system-version`, `check-system-version`) that was used. */
export interface AppliedVersionParameter {
  name: string;
  canonical: string;
}

/** A canonical reference `url|version`, or the bare url when there is no version (none, or empty). */
export function canonical(url: string, version?: string | null): string {
  return version ? `${url}|${version}` : url;
}

/** Splits a canonical reference `url|version` into its parts. */
export function splitCanonical(canonical: string): { url: string; version: string | undefined } {
  const bar = canonical.indexOf('|');
  if (bar < 0) return { url: canonical, version: undefined };
  return { url: canonical.slice(0, bar), version: canonical.slice(bar + 1) || undefined };
}

/**
 * Orders version strings as people read them: numeric parts numerically (`1.10.0` after `1.9.0`), other
 * parts alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const d = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a requested version is a pattern (`1.x`, `1.0.x`, `1.*`) rather than one version. */
export function isVersionPattern(version: string): boolean {
  return version.split('.').some((p) => p === 'x' || p === '*' || p === 'X');
}

/**
 * Whether a version matches a requested version: equal, or matching a pattern part by part (`1.x` matches
 * `1.0.0` and `1.2`, `1.0.x` matches `1.0.3`). A plain `1` is one version, not a pattern (tx.fhir.org).
 */
export function versionMatches(requested: string, version: string): boolean {
  if (requested === version) return true;
  if (!isVersionPattern(requested)) return false;
  const want = requested.split('.');
  const have = version.split('.');
  if (want.length > have.length) return false;
  return want.every((w, i) => w === 'x' || w === 'X' || w === '*' || w === have[i]);
}

/** The newest of the versions that match a requested version or pattern. */
export function matchingVersion(system: SystemEntry, requested: string): VersionEntry | undefined {
  const exact = system.versions.find((v) => v.version === requested);
  if (exact) return exact;
  return system.versions.filter((v) => versionMatches(requested, v.version)).sort((a, b) => compareVersions(a.version, b.version)).at(-1);
}

/** "a, b or c", as tx.fhir.org lists valid versions. */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Whether a version's effective period `[from, to)` covers the date; a version without one covers every date. */
export function covers(version: VersionEntry, date: string): boolean {
  if (version.effectiveFrom === null) return true;
  return version.effectiveFrom <= date && (version.effectiveTo === null || date < version.effectiveTo);
}

/**
 * The order of a system's versions: those without an effective period first (by version), then by
 * effective date (and version on the same day). The last is the latest.
 */
export function compareEffective(a: VersionEntry, b: VersionEntry): number {
  if (a.effectiveFrom === null || b.effectiveFrom === null) {
    if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom === null ? -1 : 1;
    return compareVersions(a.version, b.version);
  }
  return a.effectiveFrom.localeCompare(b.effectiveFrom) || compareVersions(a.version, b.version);
}

/** "in force from 2014-01-01", or that the version has no effective period. */
export function inForceText(version: VersionEntry): string {
  return version.effectiveFrom === null ? 'without an effective period (in force on any date)' : `in force from ${version.effectiveFrom}`;
}

/** A short human name for a version: `NCMP 2014`. */
export function versionLabel(version: VersionEntry): string {
  return `${version.system.name} ${version.version}`;
}

/**
 * The version a request asks for once its version parameters apply, in tx.fhir.org's order:
 * `force-system-version` overrides whatever was given; a version given (by the coding, the value set's
 * include, `url|version`) comes next; then `system-version`, then `check-system-version` as a default.
 */
export function requestedVersion(snapshot: Snapshot, system: SystemEntry, given: string | undefined): { version: string | undefined; applied: AppliedVersionParameter[] } {
  const { policy } = snapshot;
  const forced = policy.force.get(system.url);
  if (forced !== undefined) return { version: forced, applied: [{ name: 'force-system-version', canonical: `${system.url}|${forced}` }] };
  if (given !== undefined) return { version: given, applied: [] };
  const byDefault = policy.defaults.get(system.url);
  if (byDefault !== undefined) return { version: byDefault, applied: [{ name: 'system-version', canonical: `${system.url}|${byDefault}` }] };
  const checked = policy.check.get(system.url);
  if (checked !== undefined) return { version: checked, applied: [{ name: 'check-system-version', canonical: `${system.url}|${checked}` }] };
  return { version: undefined, applied: [] };
}

/** tx.fhir.org's text when `check-system-version` does not admit the version used. */
export function checkFailureText(system: SystemEntry, version: string, pattern: string): Message {
  return msg('VALUESET_VERSION_CHECK', version, system.url, pattern);
}

/**
 * The one version-resolution rule of the server: the request's version parameters apply first
 * (`requestedVersion`); a version or pattern asked for must exist; otherwise the version whose effective
 * period covers `date` (default: today) is chosen, and failing that the latest version without an
 * effective period (which has no date limits). `asked` skips the parameters (the caller applied them).
 */
export function resolveVersion(snapshot: Snapshot, query: VersionQuery, asked?: { version: string | undefined; applied: AppliedVersionParameter[] }): Resolution {
  const { url, version: pinned } = splitCanonical(query.system);
  const system = snapshot.system(url);
  if (!system) return { kind: 'unknown-system', system: url };
  const policy = snapshot.policy;
  const notes: Message[] = [];
  const { version: explicit, applied } = asked ?? requestedVersion(snapshot, system, query.version ?? pinned);
  const checked = (found: VersionEntry, date: string | undefined): Resolution => {
    const check = policy.check.get(system.url);
    const checkFailure = check !== undefined && !versionMatches(check, found.version) ? checkFailureText(system, found.version, check) : undefined;
    return { kind: 'found', system, version: found, date, notes, applied, ...(checkFailure ? { checkFailure } : {}) };
  };
  if (explicit !== undefined) {
    const found = matchingVersion(system, explicit);
    if (!found) {
      return { kind: 'unknown-version', system, version: explicit, known: system.versions.map((v) => v.version) };
    }
    return checked(found, query.date);
  }
  // Content sent with the request (tx-resource) is what the client means when it names no version.
  const inline = system.versions.filter((v) => v.inline).sort((a, b) => compareVersions(a.version, b.version)).at(-1);
  if (inline) return checked(inline, query.date);
  if (policy.latest && query.date === undefined && system.versions.length > 0) return checked(system.versions.at(-1)!, undefined);
  const date = query.date ?? todayInNorway();
  const inForce =
    system.versions.filter((v) => v.effectiveFrom !== null && covers(v, date)).at(-1) ?? system.versions.filter((v) => v.effectiveFrom === null).at(-1);
  if (!inForce) return { kind: 'no-version-in-force', system, date };
  if (inForce.effectiveFrom === null) {
    if (query.date !== undefined) notes.push(msg('NCMP_VERSION_WITHOUT_PERIOD', versionLabel(inForce), date));
    return checked(inForce, date);
  }
  const labelYear = /^(\d{4})/.exec(inForce.version)?.[1];
  if (labelYear && date.slice(0, 4) > labelYear) {
    notes.push(msg('NCMP_NO_VERSION_FOR_YEAR', system.name, date.slice(0, 4), versionLabel(inForce), inForceText(inForce), date));
  }
  return checked(inForce, date);
}

/** The message that explains a failed resolution, with tx.fhir.org's key and words. */
export function resolutionFailure(r: Exclude<Resolution, { kind: 'found' }>, purpose: 'validate' | 'expand' = 'validate'): Message {
  const expand = purpose === 'expand';
  switch (r.kind) {
    case 'unknown-system':
      return msg(expand ? 'UNKNOWN_CODESYSTEM_EXP' : 'UNKNOWN_CODESYSTEM', r.system);
    case 'unknown-version':
      return msg(expand ? 'UNKNOWN_CODESYSTEM_VERSION_EXP' : 'UNKNOWN_CODESYSTEM_VERSION', r.system.url, r.version, orList([...r.known].sort(compareVersions)) || '(none)');
    case 'no-version-in-force': {
      const first = r.system.versions[0];
      return msg(
        'NCMP_NO_VERSION_IN_FORCE',
        first
          ? `No version of ${r.system.name} (${r.system.url}) was in force on ${r.date}; the earliest loaded is ${first.version}, ${inForceText(first)}`
          : `No version of ${r.system.name} (${r.system.url}) is loaded`,
      );
    }
  }
}
