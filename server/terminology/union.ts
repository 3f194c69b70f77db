// The code systems whose content on a date is the union of other systems' versions in force (NKPK: NCMP, NCSP and
// NCRP). Their identity is in the code-system seam (`UNION_SYSTEMS`); here the engine makes their versions from the
// members' stored versions, once per snapshot, and their concepts from the members' concepts when first asked.
import { isDerivedConcept, MEMBER_VERSION_PROPERTY, UNION_SYSTEMS, type UnionSystem } from './code-systems';
import { completeVersionsBefore } from './history';
import { isWithdrawn, type Concept, type SystemEntry, type VersionContent, type VersionEntry } from './model';

/** Ids of union systems and versions: negative and far from those of request-scoped content. */
const UNION_ID_BASE = -1_000_000_000;

/** A union version and the member versions in force on its first day. */
export type UnionParts = Map<number, VersionEntry[]>;

function inForce(version: VersionEntry, date: string): boolean {
  return version.effectiveFrom !== null && version.effectiveFrom <= date && (version.effectiveTo === null || date < version.effectiveTo);
}

/**
 * The snapshot's systems with every union system added: one version per date on which one of its members' versions
 * comes into force, holding the members' versions in force that day (`parts`). A union system's url and aliases are
 * taken from any stored system that still lists them (a database written when 7275 was an alias of NCMP).
 */
export function withUnionSystems(systems: SystemEntry[], unions: readonly UnionSystem[] = UNION_SYSTEMS): { systems: SystemEntry[]; parts: UnionParts } {
  const parts: UnionParts = new Map();
  const taken = new Set(unions.flatMap((u) => [u.url, ...u.aliases]));
  for (const s of systems) s.aliases = s.aliases.filter((a) => !taken.has(a));
  const out = systems.filter((s) => !taken.has(s.url));
  let nextId = UNION_ID_BASE;
  for (const union of unions) {
    const members = union.members.map((url) => systems.find((s) => s.url === url)).filter((s): s is SystemEntry => s !== undefined);
    const entry: SystemEntry = {
      id: nextId--,
      url: union.url,
      name: union.name,
      title: union.title,
      publisher: union.publisher,
      description: union.description,
      identifiers: union.identifiers,
      hierarchyMeaning: null,
      caseSensitive: true,
      aliases: [...union.aliases],
      versions: [],
    };
    const starts = [...new Set(members.flatMap((m) => m.versions.flatMap((v) => (v.effectiveFrom !== null && !v.inline ? [v.effectiveFrom] : []))))].sort();
    const labels = starts.map((d) => d.slice(0, 4));
    for (const [index, start] of starts.entries()) {
      const inForceThen = members.flatMap((m) => m.versions.filter((v) => !v.inline && inForce(v, start)).slice(-1));
      if (inForceThen.length === 0) continue;
      const label = labels.filter((l) => l === labels[index]).length > 1 ? start : labels[index]!;
      const named = inForceThen.map((v) => `${v.system.name} ${v.version}`).join(', ');
      const version: VersionEntry = {
        id: nextId--,
        system: entry,
        version: label,
        resourceId: `${union.idPrefix}-${label}`,
        status: inForceThen.some((v) => v.status === 'draft') ? 'draft' : 'active',
        content: 'complete',
        effectiveFrom: start,
        effectiveTo: starts[index + 1] ?? null,
        published: null,
        description: `${union.name} from ${start}: the codes of ${named}.`,
        valueSetUrl: union.valueSetUrl,
        // The members' own counts; a fragment member adds the complete version before it (see unionConcepts).
        conceptCount: inForceThen.reduce((n, v) => n + v.conceptCount + (v.content === 'fragment' ? (completeVersionsBefore(v).at(-1)?.conceptCount ?? 0) : 0), 0),
        loadedAt: inForceThen.map((v) => v.loadedAt).sort().at(-1)!,
        language: 'nb',
      };
      entry.versions.push(version);
      parts.set(version.id, inForceThen);
    }
    out.push(entry);
  }
  return { systems: out, parts };
}

/**
 * The concepts of a union version: every code of each member version in force, marked with the member version it
 * came from (`memberVersion`, its canonical `url|version`), without the members' derived hierarchy levels. A member
 * that is a fragment (NCMP 2021) brings its own concepts and, for the codes it does not list, those of the newest
 * complete version before it, as the member itself answers them.
 */
export async function unionConcepts(members: readonly VersionEntry[], content: (v: VersionEntry) => Promise<VersionContent>): Promise<Concept[]> {
  const out: Concept[] = [];
  const seen = new Set<string>();
  const add = (concept: Concept, from: VersionEntry): void => {
    if (seen.has(concept.code) || (concept.abstract && isDerivedConcept(concept))) return;
    seen.add(concept.code);
    out.push({
      ...concept,
      parentCode: null,
      children: [],
      properties: [...concept.properties, { code: MEMBER_VERSION_PROPERTY, valueString: `${from.system.url}|${from.version}` }],
    });
  };
  for (const member of members) {
    const own = await content(member);
    for (const concept of own.ordered) add(concept, member);
    if (member.content === 'fragment') {
      const base = completeVersionsBefore(member).at(-1);
      if (base) for (const concept of (await content(base)).ordered) if (!isWithdrawn(concept)) add(concept, base);
    }
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
