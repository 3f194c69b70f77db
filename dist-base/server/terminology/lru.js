"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Lru = void 0;
/**
 * A small least-recently-used map with a fixed capacity: what the server derives from immutable content
 * (expansions, serialised answers) is kept, but never without bound, whatever clients ask. With a
 * `weigh` function it is also bounded by total weight (bytes, say): an entry heavier than the whole
 * budget is not kept at all.
 */
class Lru {
    capacity;
    limit;
    entries = new Map();
    totalWeight = 0;
    /**
     * Where eviction goes on: a live iterator over the keys, oldest first. Every key it has passed is gone (it only
     * moves to evict), so its next key is the oldest. A fresh iterator per eviction would cost a walk over the holes
     * the evicted keys leave at the front of V8's table, up to the capacity: microseconds per eviction once full.
     */
    oldest;
    constructor(capacity, limit) {
        this.capacity = capacity;
        this.limit = limit;
    }
    get(key) {
        const entry = this.entries.get(key);
        if (entry !== undefined) {
            this.entries.delete(key);
            this.entries.set(key, entry);
        }
        return entry?.value;
    }
    set(key, value) {
        this.delete(key);
        const weight = this.limit ? this.limit.weigh(key, value) : 0;
        if (this.limit && weight > this.limit.maxWeight)
            return;
        this.entries.set(key, { value, weight });
        this.totalWeight += weight;
        while (this.entries.size > this.capacity || (this.limit && this.totalWeight > this.limit.maxWeight)) {
            let oldest = this.oldest?.next();
            if (oldest === undefined || oldest.done) {
                // Done is done for good: a new iterator, from the start.
                this.oldest = this.entries.keys();
                oldest = this.oldest.next();
            }
            if (oldest.done)
                break;
            this.delete(oldest.value);
        }
    }
    delete(key) {
        const entry = this.entries.get(key);
        if (entry === undefined)
            return;
        this.entries.delete(key);
        this.totalWeight -= entry.weight;
    }
    get size() {
        return this.entries.size;
    }
    /** The summed weight of the entries kept (0 without a `weigh` function). */
    get weight() {
        return this.totalWeight;
    }
}
exports.Lru = Lru;
//# sourceMappingURL=lru.js.map