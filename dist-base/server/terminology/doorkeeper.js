"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Doorkeeper = void 0;
/**
 * A doorkeeper for a cache: a small Bloom filter of the keys seen recently, so that a cache admits a key only
 * when it comes a second time ("cache on second hit", TinyLFU's doorkeeper). A stream of one-off requests (a
 * batch job validating a year of distinct codes and dates) then neither flushes the answers that are asked for
 * all day nor fills the heap with answers nobody asks for again: a one-off costs three bits, not a kept answer.
 *
 * Fixed size (`bits`, a power of two) and no per-key allocation. After `resetAfter` new keys the filter starts
 * empty again, which bounds its false positives (a key taken for seen that was not: it is then admitted at once,
 * as without a doorkeeper). With the defaults, 2^18 bits (32 kB) and a reset every 30,000 keys, at most about
 * 2.4% of new keys are admitted the first time.
 */
class Doorkeeper {
    resetAfter;
    hashes;
    words;
    mask;
    added = 0;
    constructor(bits = 1 << 18, resetAfter = 30_000, hashes = 3) {
        this.resetAfter = resetAfter;
        this.hashes = hashes;
        if (!Number.isInteger(Math.log2(bits)) || bits < 32)
            throw new RangeError(`bits must be a power of two of at least 32, got ${bits}`);
        this.words = new Uint32Array(bits >>> 5);
        this.mask = bits - 1;
    }
    /**
     * Records `key` as seen; true if it had been seen before (since the last reset), false the first time.
     */
    seen(key) {
        // Double hashing (Kirsch and Mitzenmacher): the k positions h1 + i·h2 from two 32-bit hashes of the key.
        const h1 = fnv1a(key);
        const h2 = (fmix32(h1 ^ 0x9e3779b9) | 1) >>> 0;
        let present = true;
        for (let i = 0; i < this.hashes; i++) {
            const bit = (h1 + Math.imul(i, h2)) & this.mask;
            const word = bit >>> 5;
            const flag = 1 << (bit & 31);
            const bits = this.words[word] ?? 0;
            if ((bits & flag) === 0) {
                present = false;
                this.words[word] = bits | flag;
            }
        }
        if (!present && ++this.added >= this.resetAfter) {
            this.words.fill(0);
            this.added = 0;
        }
        return present;
    }
}
exports.Doorkeeper = Doorkeeper;
/** FNV-1a, 32 bits, over the UTF-16 code units of `s`. */
function fnv1a(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
/** MurmurHash3's finaliser: spreads the bits of a 32-bit value. */
function fmix32(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
//# sourceMappingURL=doorkeeper.js.map