import type { ConceptMapEntry, MapElement } from './model';
import type { Snapshot } from './terminology';

/** One mapping found for a code, with whether it applies on the date asked about. */
export interface Succession {
  map: ConceptMapEntry;
  element: MapElement;
  /** `applies`: in force on the date; `not-yet`: starts after it; `ended`; `unknown-start`: start not recorded. */
  timing: 'applies' | 'not-yet' | 'ended' | 'unknown-start';
}

function timing(element: MapElement, date: string | undefined): Succession['timing'] {
  if (element.validFrom === null) return 'unknown-start';
  if (date === undefined) return 'applies';
  if (date < element.validFrom) return 'not-yet';
  if (element.validTo !== null && date >= element.validTo) return 'ended';
  return 'applies';
}

function systemMatches(snapshot: Snapshot, mapSystem: string | null, asked: string): boolean {
  if (mapSystem === null) return false;
  if (mapSystem === asked) return true;
  const a = snapshot.system(mapSystem);
  return a !== undefined && a === snapshot.system(asked);
}

function mappings(
  snapshot: Snapshot,
  side: 'source' | 'target',
  system: string,
  code: string,
  date: string | undefined,
  maps: ConceptMapEntry[],
): Succession[] {
  const out: Succession[] = [];
  for (const map of maps) {
    for (const element of map.elements) {
      const [elementCode, elementSystem] = side === 'source' ? [element.sourceCode, element.sourceSystem] : [element.targetCode, element.targetSystem];
      if (elementCode === code && systemMatches(snapshot, elementSystem, system)) out.push({ map, element, timing: timing(element, date) });
    }
  }
  return out;
}

/**
 * Every mapping whose source is `system#code` (forward: what replaced it), across all concept maps,
 * or only those of `maps` when given. System aliases match their code system.
 */
export function successorsOf(snapshot: Snapshot, system: string, code: string, date: string | undefined, maps: ConceptMapEntry[] = snapshot.conceptMaps): Succession[] {
  return mappings(snapshot, 'source', system, code, date, maps);
}

/** Every mapping whose target is `system#code` (reverse: which code it replaced). */
export function predecessorsOf(snapshot: Snapshot, system: string, code: string, date: string | undefined, maps: ConceptMapEntry[] = snapshot.conceptMaps): Succession[] {
  return mappings(snapshot, 'target', system, code, date, maps);
}

/** A sentence about when a mapping applies: "from 2021-01-01" or the recorded note on an unknown start. */
export function validityText(element: MapElement): string {
  if (element.validFrom !== null) {
    return element.validTo !== null ? `from ${element.validFrom} until ${element.validTo}` : `from ${element.validFrom}`;
  }
  return element.validityNote ?? 'from a date that is not recorded';
}

/** "NCMP JAGD55 'Pasientadministrert peritonealdialyse'": how a successor is named in messages. */
export function describeTargets(snapshot: Snapshot, successions: Succession[]): string {
  return successions
    .map(({ element }) => {
      const name = element.targetSystem ? (snapshot.system(element.targetSystem)?.name ?? element.targetSystem) : '';
      const display = element.targetDisplay ? ` '${element.targetDisplay}'` : '';
      return `${name} ${element.targetCode ?? '(none)'}${display}`.trim();
    })
    .join(', ');
}

/**
 * The sentence every operation uses to mention what replaced a code (one place, so lookup, validate-code
 * and translate say the same thing): "Replaced by NCMP JAGD55 '…' from 2021-01-01".
 */
export function successionSentence(snapshot: Snapshot, code: string, successions: Succession[]): string | undefined {
  const withTarget = successions.filter((s) => s.element.targetCode !== null);
  if (withTarget.length === 0) return undefined;
  const groups = new Map<string, Succession[]>();
  for (const s of withTarget) {
    const key = validityText(s.element);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()]
    .map(([when, list]) => {
      const timing = list[0]!.element.validFrom !== null ? when : `(${when})`;
      return `${code} is replaced by ${describeTargets(snapshot, list)} ${timing}`;
    })
    .join('; ');
}
