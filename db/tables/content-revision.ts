/** A single-row counter bumped by every content change, so in-memory caches know when to drop. */
export interface ContentRevisionTable {
  id: number;
  revision: number;
}
