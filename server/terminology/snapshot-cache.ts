// The cache of the store's content: the `Snapshot` being served, re-read when the content revision changes, and
// what happens while the database cannot be reached.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema';
import {
  readCatalogue,
  readConceptMapElements,
  readConceptMaps,
  readConcepts,
  readContentRevision,
  readValueSets,
} from '../../db/queries/catalogue';
import { databaseTrouble } from '../database-trouble';
import { catalogueEntries, conceptFromRow } from './catalogue';
import { providedSystems } from './providers';
import type { VersionContent } from './model';
import { Snapshot } from './snapshot';
import { unionConcepts, withUnionSystems } from './union';

/** Where the terminology service says the database went away and came back (once per change, not per request). */
export interface OutageLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** Since when, and why, the snapshot being served could not be checked against the database. */
export interface Degraded {
  since: Date;
  reason: 'unavailable' | 'timeout';
}

/**
 * The cache of the store's content: holds the current `Snapshot` and re-reads the catalogue when the
 * store's content revision changes (checked at most once per `revisionCheckMs`, or at once after `invalidate()`).
 *
 * Database outage: when the revision check (or a re-read) fails because the database is unreachable or
 * too slow, the snapshot already held keeps being served (loaded versions are immutable), the service is
 * `degraded()` until a check succeeds again, and the change is logged once each way. Before any snapshot
 * is held there is nothing to fall back to, and the error goes to the caller (a 503).
 */
export class SnapshotCache {
  private current: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private checkedAt = 0;
  private outage: Degraded | undefined;

  constructor(
    readonly db: Kysely<Schema>,
    private readonly revisionCheckMs = 1000,
    private readonly log?: OutageLog,
  ) {}

  /** The revision of the snapshot being served, without touching the store (undefined before the first). */
  servedRevision(): number | undefined {
    return this.current?.revision;
  }

  /** Set while the database cannot be reached and the held snapshot is served without checking it. */
  degraded(): Degraded | undefined {
    return this.outage;
  }

  /** Makes the next request check the content revision at once (not after `revisionCheckMs`), and re-read the store if it changed. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /**
   * What a database probe (`/ready`) found: a failure that says the database is down marks the service
   * degraded, a success clears it (the next request then re-checks the revision at once).
   */
  noteDatabase(error: unknown): void {
    if (error === undefined) {
      if (this.outage) {
        this.recovered();
        this.checkedAt = 0;
      }
      return;
    }
    const trouble = databaseTrouble(error);
    if (trouble) this.wentDown(trouble, error);
  }

  /** The current snapshot of the store's content. */
  async snapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (this.current && now - this.checkedAt < this.revisionCheckMs) return this.current;
    if (!this.loading) {
      this.loading = this.refresh().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async refresh(): Promise<Snapshot> {
    try {
      const revision = await readContentRevision(this.db);
      if (this.current && this.current.revision === revision) {
        this.checkedAt = Date.now();
        if (this.outage) this.recovered();
        return this.current;
      }
      const snapshot = await this.build(revision);
      this.checkedAt = Date.now();
      this.current = snapshot;
      if (this.outage) this.recovered();
      return snapshot;
    } catch (error) {
      const trouble = databaseTrouble(error);
      if (!trouble || !this.current) throw error;
      // Serve what is held; try the database again after the usual interval, not on every request.
      this.checkedAt = Date.now();
      this.wentDown(trouble, error);
      return this.current;
    }
  }

  private wentDown(reason: Degraded['reason'], error: unknown): void {
    if (this.outage) return;
    this.outage = { since: new Date(), reason };
    this.log?.warn(
      { err: error, reason, revision: this.current?.revision },
      this.current
        ? 'database unavailable: serving the content held in memory (degraded); writes and imports answer 503 until it is back'
        : 'database unavailable: no content held yet; requests answer 503 until it is back',
    );
  }

  private recovered(): void {
    const since = this.outage?.since;
    this.outage = undefined;
    this.log?.info({ downMs: since ? Date.now() - since.getTime() : undefined }, 'database reachable again: no longer degraded');
  }

  private async build(revision: number): Promise<Snapshot> {
    // One REPEATABLE READ transaction: the four reads see one state, never half of a `--replace`.
    const [catalogue, valueSets, maps, elements] = await this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => Promise.all([readCatalogue(trx), readValueSets(trx), readConceptMaps(trx), readConceptMapElements(trx)]));
    const entries = catalogueEntries({ catalogue, valueSets, maps, elements });
    // A version's concepts never change once loaded (a replaced version gets a new id): the next snapshot keeps
    // those already read, so a content change does not re-read every version, nor leave them unloaded for an outage.
    const contents = new Map<number, Promise<VersionContent>>();
    const versionIds = new Set(catalogue.versions.map((v) => v.id));
    for (const [id, held] of this.current?.heldContents() ?? []) {
      if (!versionIds.has(id)) continue;
      contents.set(id, held);
      held.catch(() => contents.get(id) === held && contents.delete(id));
    }
    // Union systems (NKPK) are made from their members' versions; their concepts from the members' when first asked.
    const union = withUnionSystems(entries.systems);
    const snapshot: Snapshot = new Snapshot(
      revision,
      // The systems a library answers (UCUM, BCP-47, …) stand beside the stored ones; a stored one of the same url wins.
      [...union.systems, ...providedSystems(union.systems)],
      entries.valueSets,
      entries.conceptMaps,
      async (versionId) => {
        const members = union.parts.get(versionId);
        if (members) return unionConcepts(members, (v) => snapshot.content(v));
        return (await readConcepts(this.db, versionId)).map(conceptFromRow);
      },
      { contents },
    );
    return snapshot;
  }
}
