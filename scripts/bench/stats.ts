/** Small numeric helpers for the benchmark: exact percentiles and a seeded random source. */

/** A growable list of doubles; keeps 10⁵–10⁶ latency samples without boxing each one. */
export class Samples {
  private data = new Float64Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The recorded values, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** The p-th percentile (0–100) of an already sorted array, nearest-rank; `NaN` when empty. */
export function percentileOfSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/**
 * A seeded pseudo-random source (mulberry32), so every run sends the same request mix.
 *
 * @example
 * const rng = seededRandom(7);
 * rng(); // a number in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen with `rng`. */
export function pick<T>(rng: () => number, list: readonly T[]): T {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[Math.floor(rng() * list.length)]!;
}
