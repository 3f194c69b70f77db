/**
 * The code-system seam: one module per kind of code system (NCMP, særkoder; later NCSP, NCRP and NKPK), each
 * giving its identity and its `CodeSystemTraits`, and this registry through which the generic engine, the importer
 * and the admin routes find them. Nothing outside this folder tests a system's url or key to decide what to do: it
 * asks `traitsFor(url)`, so that a new code system is one module added to `KNOWN_SYSTEMS` (a system whose content is
 * the union of others on a date, as NKPK, adds a trait here when it comes, not a special case in the engine).
 */
import { NCMP } from './ncmp';
import { NKPK, type UnionSystem } from './nkpk';
import { NCRP } from './ncrp';
import { NCSP } from './ncsp';
import { SAERKODER } from './saerkoder';
import { GENERIC_TRAITS, type CodeSystemTraits, type KnownSystem } from './traits';

export { NCMP } from './ncmp';
export { MEMBER_VERSION_PROPERTY, NKPK, NKPK_URL, type UnionSystem } from './nkpk';
export { NCRP } from './ncrp';
export { NCSP } from './ncsp';
export { SAERKODER } from './saerkoder';
export { DERIVED_PROPERTIES, GENERIC_TRAITS, isDerivedConcept, type CodeSystemTraits, type DerivedHierarchy, type KnownSystem } from './traits';

/** The code systems this server knows by heart. */
export const KNOWN_SYSTEMS: readonly KnownSystem[] = [NCMP, SAERKODER, NCSP, NCRP];

/** The code systems whose content is the union of others' on a date (NKPK); never stored, made by the engine. */
export const UNION_SYSTEMS: readonly UnionSystem[] = [NKPK];

/** The union system by url or alias; undefined when none matches. */
export function unionSystem(uri: string): UnionSystem | undefined {
  return UNION_SYSTEMS.find((s) => s.url === uri || s.aliases.includes(uri));
}

/** The other members of the union a known system belongs to (NCSP and NCRP for NCMP), none when it is in none. */
export function unionSiblings(url: string): KnownSystem[] {
  const self = KNOWN_SYSTEMS.find((s) => s.url === url);
  if (!self?.unionMemberOf) return [];
  return KNOWN_SYSTEMS.filter((s) => s !== self && s.unionMemberOf === self.unionMemberOf);
}

/** The known system by key (`ncmp`, `saerkoder`), url or alias; undefined when none matches. */
export function knownSystem(nameOrUri: string): KnownSystem | undefined {
  return KNOWN_SYSTEMS.find((s) => s.key === nameOrUri || s.url === nameOrUri || s.aliases.includes(nameOrUri));
}

/** The known system whose primary url this is (an alias does not count: content sent under one is stored as sent). */
export function knownSystemByUrl(url: string): KnownSystem | undefined {
  return KNOWN_SYSTEMS.find((s) => s.url === url);
}

/** The traits of the code system with this url or alias: a known system's own, else the generic ones. */
export function traitsFor(url: string): CodeSystemTraits {
  return KNOWN_SYSTEMS.find((s) => s.url === url || s.aliases.includes(url)) ?? unionSystem(url) ?? GENERIC_TRAITS;
}

/**
 * Every other spelling of a folded code that some known system's text repair gives (`zwu 40` → `zwuu40`). A text
 * search runs over concepts without asking whose they are, so it tries them all.
 */
export function searchSpellings(folded: string): string[] {
  const out: string[] = [];
  for (const system of KNOWN_SYSTEMS) for (const spelling of system.searchSpellings(folded)) if (!out.includes(spelling)) out.push(spelling);
  return out;
}
