// Everything the server knows as of one content revision (`Snapshot`), and the view of it one request sees.
import { Lru } from './lru';
import { providedContent } from './providers';
import type { Concept, ConceptMapEntry, SystemEntry, ValueSetEntry, VersionContent, VersionEntry } from './model';

/**
 * Request-scoped version pinning, as validators send it: `force-system-version` beats everything,
 * `system-version` is the default where nothing else names a version, `check-system-version` makes a
 * different version an error, `default-to-latest-version` picks the newest version instead of the one in
 * force today. Keys are primary system urls.
 */
export interface VersionPolicy {
  force: Map<string, string>;
  defaults: Map<string, string>;
  check: Map<string, string>;
  latest: boolean;
  /** `default-valueset-version`: the version of a value set (by url) a versionless reference to it means. */
  valueSetDefaults: Map<string, string>;
}

/** No pinning: versions are chosen by the request's own `version` and `date`. */
export const NO_POLICY: VersionPolicy = { force: new Map(), defaults: new Map(), check: new Map(), latest: false, valueSetDefaults: new Map() };

/** Everything the server knows, as of one content revision. Versions are immutable once loaded. */
export class Snapshot {
  /** Version pinning for the request this snapshot serves (see `Snapshot.forRequest`). */
  policy: VersionPolicy = NO_POLICY;
  readonly systems: SystemEntry[];
  readonly valueSets: ValueSetEntry[];
  readonly conceptMaps: ConceptMapEntry[];
  private readonly bySystemUri = new Map<string, SystemEntry>();
  private readonly contents: Map<number, Promise<VersionContent>>;
  /** Content of request-scoped (`tx-resource`) code system versions, by their (negative) ids. */
  private readonly inlineContents = new Map<number, VersionContent>();
  /** Results derived from this snapshot's content (expansions, histories), bounded; see `derived`. */
  private readonly derivedResults = new Lru<Promise<unknown>>(256);

  constructor(
    readonly revision: number,
    systems: SystemEntry[],
    valueSets: ValueSetEntry[],
    conceptMaps: ConceptMapEntry[],
    private readonly fetchConcepts: (versionId: number) => Promise<Concept[]>,
    shared?: { contents: Map<number, Promise<VersionContent>> },
  ) {
    this.contents = shared?.contents ?? new Map();
    this.systems = systems;
    this.valueSets = valueSets;
    this.conceptMaps = conceptMaps;
    for (const s of systems) {
      this.bySystemUri.set(s.url, s);
      for (const a of s.aliases) if (!this.bySystemUri.has(a)) this.bySystemUri.set(a, s);
    }
  }

  /**
   * A result derived from this snapshot's content (an expansion, a system's history), computed once and
   * shared by concurrent callers; a failed computation is not kept. `key` names the kind and its inputs,
   * and one key always holds one type of result.
   */
  derived<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.derivedResults.get(key);
    if (cached) return cached as Promise<T>;
    const computing = compute();
    computing.catch(() => this.derivedResults.delete(key));
    this.derivedResults.set(key, computing);
    return computing;
  }


  /** The code system named by its canonical url or any alias. */
  system(uri: string): SystemEntry | undefined {
    return this.bySystemUri.get(uri);
  }

  /** The code system version served under a resource id (`ncmp-2014`). */
  versionByResourceId(id: string): VersionEntry | undefined {
    for (const s of this.systems) for (const v of s.versions) if (v.resourceId === id) return v;
    return undefined;
  }

  /** The concepts read so far, by version id (what a later snapshot may carry over: versions are immutable). */
  heldContents(): ReadonlyMap<number, Promise<VersionContent>> {
    return this.contents;
  }

  /**
   * The concepts of a version, read once (from the store, or from its provider for a system a library answers) and
   * kept for the life of this snapshot.
   */
  content(version: VersionEntry): Promise<VersionContent> {
    const inline = this.inlineContents.get(version.id);
    if (inline) return Promise.resolve(inline);
    let content = this.contents.get(version.id);
    if (!content) {
      const provided = providedContent(version);
      content = provided ? Promise.resolve(provided) : this.fetchConcepts(version.id).then(indexConcepts);
      content.catch(() => this.contents.delete(version.id));
      this.contents.set(version.id, content);
    }
    return content;
  }

  /**
   * A view of this snapshot for one request: the same stored content (and the same concept cache), plus
   * code systems, value sets and concept maps sent inline with the request (never stored), and the
   * request's version pinning. Inline content takes precedence over stored content of the same url.
   */
  forRequest(
    inline: { systems: SystemEntry[]; contents: Map<number, VersionContent>; valueSets: ValueSetEntry[]; conceptMaps: ConceptMapEntry[] },
    policy: VersionPolicy,
  ): Snapshot {
    const replaced = new Set<SystemEntry>();
    for (const system of inline.systems) {
      const stored = this.system(system.url);
      if (stored) replaced.add(stored);
    }
    const systems = [...this.systems.filter((s) => !replaced.has(s)), ...inline.systems];
    const view = new Snapshot(
      this.revision,
      systems,
      [...inline.valueSets, ...this.valueSets],
      [...inline.conceptMaps, ...this.conceptMaps],
      this.fetchConcepts,
      { contents: this.contents },
    );
    for (const [id, content] of this.inlineContents) view.inlineContents.set(id, content);
    for (const [id, content] of inline.contents) view.inlineContents.set(id, content);
    view.policy = policy;
    return view;
  }
}

/** Indexes concepts by code and links each to its children. */
export function indexConcepts(concepts: Concept[]): VersionContent {
  const byCode = new Map<string, Concept>();
  for (const c of concepts) byCode.set(c.code, c);
  for (const c of concepts) {
    if (c.parentCode) byCode.get(c.parentCode)?.children.push(c.code);
  }
  return { byCode, ordered: concepts };
}
