import { isDerivedConcept } from './code-systems';
import { dayBefore } from './dates';
import { isWithdrawn, retirementDate, type Concept, type SystemEntry, type VersionEntry } from './model';
import type { Snapshot } from './snapshot';

/** A run of consecutive versions in which a code was present and not retired. */
export interface PresenceInterval {
  /** Null for a version without an effective period (an interval of its own, with no dates). */
  from: string | null;
  /** Exclusive end; null when the interval reaches the newest version. */
  to: string | null;
  versions: VersionEntry[];
}

/** `presence`'s answers, per snapshot (its content never changes) and code system, by code; bounded. */
const presenceMemo = new WeakMap<Snapshot, Map<SystemEntry, Map<string, Promise<readonly PresenceInterval[]>>>>();
const PRESENCE_MEMO_CODES = 4096;

/**
 * Where a code was valid, as intervals of consecutive versions. A retired entry ends an interval at its
 * retirement date; a fragment version that lacks the code does not break an interval (it says nothing).
 * Worked out once per snapshot, code system and code (an absent code's answers quote it on every request); the
 * intervals are shared, not to be changed.
 */
export function presence(snapshot: Snapshot, system: SystemEntry, code: string): Promise<readonly PresenceInterval[]> {
  let bySystem = presenceMemo.get(snapshot);
  if (bySystem === undefined) presenceMemo.set(snapshot, (bySystem = new Map()));
  let byCode = bySystem.get(system);
  if (byCode === undefined) bySystem.set(system, (byCode = new Map()));
  let intervals = byCode.get(code);
  if (intervals === undefined) {
    if (byCode.size >= PRESENCE_MEMO_CODES) byCode.clear();
    const computing = presenceOf(snapshot, system, code);
    const codes = byCode;
    computing.catch(() => codes.delete(code));
    byCode.set(code, (intervals = computing));
  }
  return intervals;
}

async function presenceOf(snapshot: Snapshot, system: SystemEntry, code: string): Promise<PresenceInterval[]> {
  const intervals: PresenceInterval[] = [];
  let open: PresenceInterval | undefined;
  for (const version of system.versions) {
    const concept = (await snapshot.content(version)).byCode.get(code);
    if (concept && !isWithdrawn(concept) && !concept.abstract) {
      if (open && version.effectiveFrom !== null && open.to === version.effectiveFrom) {
        open.to = version.effectiveTo;
        open.versions.push(version);
      } else {
        open = { from: version.effectiveFrom, to: version.effectiveTo, versions: [version] };
        intervals.push(open);
      }
    } else if (concept && isWithdrawn(concept)) {
      if (open && open.to !== null) open.to = retirementDate(concept) ?? version.effectiveFrom;
      open = undefined;
    } else if (version.content !== 'fragment') {
      open = undefined;
    }
  }
  return intervals;
}

/**
 * "2007–2020 (NCMP 2007–2017)": the years a code was in force and the versions that held it. Versions
 * without an effective period say nothing about when a code was valid, so they are left out.
 */
export function describePresence(intervals: readonly PresenceInterval[]): string {
  return intervals
    .filter((i) => i.from !== null)
    .map((i) => {
      const first = i.versions[0]!;
      const last = i.versions.at(-1)!;
      const names = first === last ? first.version : `${first.version}–${last.version}`;
      const fromYear = i.from!.slice(0, 4);
      const toYear = i.to === null ? 'now' : dayBefore(i.to).slice(0, 4);
      const years = fromYear === toYear ? fromYear : `${fromYear}–${toYear}`;
      return `${years} (${first.system.name} ${names})`;
    })
    .join(', ');
}

/**
 * For a version that is a fragment: the newest complete version before it that holds the code, active.
 * A fragment only lists what changed, so an absent code is answered from there, and said so.
 */
/** The complete versions of a fragment's system in force before it, oldest first (none for an undated fragment). */
export function completeVersionsBefore(fragment: VersionEntry): VersionEntry[] {
  const before = fragment.effectiveFrom;
  return before === null ? [] : fragment.system.versions.filter((v) => v.effectiveFrom !== null && v.effectiveFrom < before && v.content === 'complete');
}

export async function completeFallback(
  snapshot: Snapshot,
  fragment: VersionEntry,
  code: string,
): Promise<{ version: VersionEntry; concept: Concept } | undefined> {
  // A fragment without an effective period follows no version in time: there is nothing before it.
  const newest = completeVersionsBefore(fragment).at(-1);
  if (!newest) return undefined;
  const concept = (await snapshot.content(newest)).byCode.get(code);
  if (!concept || isWithdrawn(concept)) return undefined;
  return { version: newest, concept };
}

/** A code's text in one version that holds it. */
export interface VersionText {
  version: VersionEntry;
  display: string | null;
}

/** A code's history across the versions of its system: where it appears and how its text changed. */
export interface CodeHistory {
  /** Every version that lists the code (fragments included), oldest first. */
  versions: VersionText[];
  /** Each change of text from one listing version to the next. */
  textChanges: { from: VersionText; to: VersionText }[];
}

/**
 * The history of every code of a system, computed once per content snapshot (all its versions are read
 * once, then the answer is a map look-up). Derived hierarchy concepts have no history of their own.
 */
export function systemHistory(snapshot: Snapshot, system: SystemEntry): Promise<Map<string, CodeHistory>> {
  return snapshot.derived(`history:${system.id}`, async () => {
    const byCode = new Map<string, CodeHistory>();
    for (const version of system.versions) {
      if (version.inline) continue;
      for (const concept of (await snapshot.content(version)).ordered) {
        if (concept.abstract && isDerivedConcept(concept)) continue;
        let history = byCode.get(concept.code);
        if (!history) byCode.set(concept.code, (history = { versions: [], textChanges: [] }));
        const entry = { version, display: concept.display };
        const previous = history.versions.at(-1);
        if (previous && previous.display !== entry.display) history.textChanges.push({ from: previous, to: entry });
        history.versions.push(entry);
      }
    }
    return byCode;
  });
}
