/**
 * The code systems answered by a library (see `provider.ts`), and their place in a snapshot: each is one system with
 * one version, beside the stored ones, whose concepts come from its provider instead of the store. A snapshot keeps
 * them as it keeps a stored version's concepts (made when first asked for, gone with the snapshot).
 */
import type { Concept, SystemEntry, VersionContent, VersionEntry } from '../model';
import { BCP_47 } from './bcp-47';
import { ISO_3166 } from './iso-3166';
import { ISO_4217 } from './iso-4217';
import { MEDIA_TYPES } from './media-types';
import { asConcept, type CodeSystemProvider } from './provider';
import { UCUM } from './ucum';

export type { CodeSystemProvider, ProvidedConcept } from './provider';

/** Every provider, in the order TerminologyCapabilities lists them. */
export const PROVIDERS: readonly CodeSystemProvider[] = [UCUM, BCP_47, ISO_3166, MEDIA_TYPES, ISO_4217];

/**
 * Ids of provided systems and versions: below every stored id (positive) and every request-scoped one (counting down
 * from -1), so that no cache keyed by version id can confuse them.
 */
const PROVIDED_ID_BASE = -2_000_000_000;

/** A grammar's codes, looked up when asked: any valid code is found, none is listed. */
class GrammarCodes extends Map<string, Concept> {
  constructor(private readonly provider: CodeSystemProvider) {
    super();
  }

  override get(code: string): Concept | undefined {
    const found = this.provider.lookup(code);
    return found ? asConcept(found) : undefined;
  }

  override has(code: string): boolean {
    return this.provider.lookup(code) !== undefined;
  }
}

const provided = new Map<number, { provider: CodeSystemProvider; system: SystemEntry }>();

PROVIDERS.forEach((provider, index) => {
  const id = PROVIDED_ID_BASE - index;
  const system: SystemEntry = {
    id,
    url: provider.url,
    name: provider.name,
    title: provider.title,
    publisher: provider.publisher,
    description: provider.description,
    identifiers: [],
    hierarchyMeaning: null,
    caseSensitive: provider.caseSensitive,
    aliases: [...provider.aliases],
    versions: [],
  };
  const version: VersionEntry = {
    id,
    system,
    version: provider.version,
    resourceId: provider.name.toLowerCase(),
    status: 'active',
    content: 'complete',
    effectiveFrom: null,
    effectiveTo: null,
    published: null,
    description: `${provider.description} Source: ${provider.source}.`,
    valueSetUrl: null,
    conceptCount: 0,
    loadedAt: '',
  };
  system.versions.push(version);
  provided.set(id, { provider, system });
});

/** Whether a version is a provided one (answered by a library, not stored). */
export function isProvided(version: VersionEntry): boolean {
  return provided.has(version.id);
}

/** The provided code systems a snapshot adds to its stored ones: those whose url no stored system holds. */
export function providedSystems(stored: readonly SystemEntry[]): SystemEntry[] {
  const urls = new Set(stored.flatMap((s) => [s.url, ...s.aliases]));
  return [...provided.values()].map((p) => p.system).filter((s) => !urls.has(s.url));
}

/**
 * The concepts of a provided version, or undefined for a stored one: a list's all of them, in the provider's order;
 * a grammar's looked up per code, and marked not enumerable.
 */
export function providedContent(version: VersionEntry): VersionContent | undefined {
  const provider = provided.get(version.id)?.provider;
  if (!provider) return undefined;
  const list = provider.enumerate?.();
  if (list === undefined) return { byCode: new GrammarCodes(provider), ordered: [], enumerable: false };
  const ordered = list.map(asConcept);
  return { byCode: new Map(ordered.map((c) => [c.code, c])), ordered };
}
