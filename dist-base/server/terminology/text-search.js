"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RANK = void 0;
exports.searchFold = searchFold;
exports.filterRank = filterRank;
exports.matchesFilter = matchesFilter;
exports.rankByFilter = rankByFilter;
exports.textMatches = textMatches;
/** Case- and accent-insensitive Norwegian search text: `Strålebehandling` and `stralebehandling` agree. */
function searchFold(text) {
    return text
        .toLocaleLowerCase('nb')
        .replace(/ø/g, 'o')
        .replace(/æ/g, 'ae')
        .normalize('NFD')
        .replace(/\p{M}/gu, '');
}
const SEARCH_TEXT = new WeakMap();
function searchTextOf(concept) {
    let s = SEARCH_TEXT.get(concept);
    if (!s) {
        const text = searchFold(concept.display ?? '');
        s = { code: searchFold(concept.code).replace(/\s+/g, ''), words: text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== ''), text };
        SEARCH_TEXT.set(concept, s);
    }
    return s;
}
/** Ranks: lower is better. */
exports.RANK = { exactCode: 0, codePrefix: 1, wordStart: 2, inner: 3 };
function prepare(filter) {
    const f = searchFold(filter).trim();
    if (f === '')
        return undefined;
    const compact = f.replace(/\s+/g, '');
    // NCMP's printed form drops a doubled third letter before a space: `ZWU 40` is ZWUU40 (DOMAIN.md).
    const lost = /^([a-z]{2})([a-z]) ?(\d{2})$/.exec(f);
    const codes = lost && f.includes(' ') ? [compact, `${lost[1]}${lost[2]}${lost[2]}${lost[3]}`] : [compact];
    return { codes, words: f.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '') };
}
function rankPrepared(concept, f) {
    return rankText(searchTextOf(concept), f);
}
function rankText(s, f) {
    if (f.codes.includes(s.code))
        return exports.RANK.exactCode;
    if (f.codes.some((c) => s.code.startsWith(c)))
        return exports.RANK.codePrefix;
    if (f.words.length === 0)
        return undefined;
    if (f.words.every((w) => s.words.some((d) => d.startsWith(w))))
        return exports.RANK.wordStart;
    if (f.words.every((w) => s.text.includes(w)))
        return exports.RANK.inner;
    return undefined;
}
/** How well a concept matches a filter (see RANK), or undefined when it does not match. */
function filterRank(concept, filter) {
    const f = prepare(filter);
    return f === undefined ? exports.RANK.exactCode : rankPrepared(concept, f);
}
/** Whether a concept matches an `$expand` filter. */
function matchesFilter(concept, filter) {
    return filterRank(concept, filter) !== undefined;
}
/** The members that match a filter, best rank first (the order within a rank is kept). */
function rankByFilter(members, filter) {
    const f = prepare(filter);
    if (f === undefined)
        return members;
    const ranked = [];
    const index = filterIndexOf(members);
    if (index) {
        // Only the candidates the index finds are ranked: a superset of the matches (see `candidates`).
        const marked = candidates(index, f);
        for (let i = 0; i < marked.length; i++) {
            if (marked[i] === 0)
                continue;
            const rank = rankText(index.entries[i], f);
            if (rank !== undefined)
                ranked.push({ m: members[i], rank, i });
        }
    }
    else {
        members.forEach((m, i) => {
            const rank = rankPrepared(m.concept, f);
            if (rank !== undefined)
                ranked.push({ m, rank, i });
        });
    }
    ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
    return ranked.map((r) => r.m);
}
/** Buckets of the trigram index: few enough to keep it small (16 kB of starts), enough to keep buckets short. */
const TRIGRAM_BUCKETS = 4096;
/** The bucket of the three UTF-16 units of `text` at `at`. */
function trigramBucket(text, at) {
    const h = Math.imul(text.charCodeAt(at), 0x9e3779b1) ^ Math.imul(text.charCodeAt(at + 1), 0x85ebca6b) ^ Math.imul(text.charCodeAt(at + 2), 0xc2b2ae35);
    return (h ^ (h >>> 15)) & (TRIGRAM_BUCKETS - 1);
}
/** Builds the trigram buckets of `texts` (see `FilterIndex`): a count, then a fill, each entry once per bucket. */
function trigramIndex(texts) {
    const counts = new Int32Array(TRIGRAM_BUCKETS + 1);
    // The last entry (plus one) counted in each bucket: an entry is listed once however often its text repeats a sequence.
    const seen = new Int32Array(TRIGRAM_BUCKETS);
    texts.forEach((text, i) => {
        for (let at = 0; at + 3 <= text.length; at++) {
            const b = trigramBucket(text, at);
            if (seen[b] === i + 1)
                continue;
            seen[b] = i + 1;
            counts[b + 1]++;
        }
    });
    for (let b = 0; b < TRIGRAM_BUCKETS; b++)
        counts[b + 1] += counts[b];
    const trigramEntries = new Int32Array(counts[TRIGRAM_BUCKETS]);
    const fill = counts.slice(0, TRIGRAM_BUCKETS);
    seen.fill(0);
    texts.forEach((text, i) => {
        for (let at = 0; at + 3 <= text.length; at++) {
            const b = trigramBucket(text, at);
            if (seen[b] === i + 1)
                continue;
            seen[b] = i + 1;
            trigramEntries[fill[b]++] = i;
        }
    });
    return { trigramStarts: counts, trigramEntries };
}
const SEP = '\u0000';
/** Below this many members a plain scan costs less than keeping an index. */
const MIN_INDEXED = 64;
/** Indexes per first concept (an expansion as of several dates, or with and without activeOnly). */
const INDEXES_PER_KEY = 4;
const FILTER_INDEXES = new WeakMap();
function filterIndexOf(members) {
    if (members.length < MIN_INDEXED)
        return undefined;
    const first = members[0].concept;
    let list = FILTER_INDEXES.get(first);
    // The same concepts in the same order (identity): the list is the one indexed, whatever array holds it.
    if (list) {
        for (const ix of list) {
            if (ix.concepts.length !== members.length)
                continue;
            let i = 0;
            while (i < members.length && ix.concepts[i] === members[i].concept)
                i++;
            if (i === members.length)
                return ix;
        }
    }
    const concepts = members.map((m) => m.concept);
    const entries = concepts.map(searchTextOf);
    const join = (parts) => {
        const starts = new Int32Array(parts.length);
        let at = 0;
        parts.forEach((part, i) => {
            starts[i] = at + 1;
            at += 1 + part.length;
        });
        return { text: SEP + parts.join(SEP), starts };
    };
    const codes = join(entries.map((e) => e.code));
    const texts = join(entries.map((e) => e.text));
    const index = {
        concepts,
        entries,
        codes: codes.text,
        codeStarts: codes.starts,
        texts: texts.text,
        textStarts: texts.starts,
        ...trigramIndex(entries.map((e) => e.text)),
    };
    if (!list)
        FILTER_INDEXES.set(first, (list = []));
    list.unshift(index);
    if (list.length > INDEXES_PER_KEY)
        list.pop();
    return index;
}
/** The entry whose part of a joined string holds position `at` (the last start at or before it). */
function entryAt(starts, at) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= at)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
/**
 * Marks every concept that can match: a code that starts with a filter code (exact or prefix), or a text that
 * holds the filter's longest word (every text match, word start or inner, holds every filter word): for a word
 * of three characters or more, every entry of the word's shortest trigram bucket (a superset, which `rankText`
 * then checks), for a shorter one the texts found by scanning.
 */
function candidates(index, f) {
    const marked = new Uint8Array(index.entries.length);
    for (const code of f.codes) {
        const needle = SEP + code;
        for (let at = index.codes.indexOf(needle); at >= 0; at = index.codes.indexOf(needle, at + 1))
            marked[entryAt(index.codeStarts, at + 1)] = 1;
    }
    if (f.words.length > 0) {
        const longest = f.words.reduce((a, b) => (b.length > a.length ? b : a));
        if (longest.length >= 3) {
            // The shortest bucket of the word's sequences (see `FilterIndex`): its entries hold every text that holds it.
            const { trigramStarts, trigramEntries } = index;
            let from = 0;
            let to = trigramEntries.length + 1;
            for (let at = 0; at + 3 <= longest.length; at++) {
                const b = trigramBucket(longest, at);
                if (trigramStarts[b + 1] - trigramStarts[b] < to - from) {
                    from = trigramStarts[b];
                    to = trigramStarts[b + 1];
                }
            }
            for (let k = from; k < to; k++)
                marked[trigramEntries[k]] = 1;
            return marked;
        }
        const { texts, textStarts } = index;
        for (let at = texts.indexOf(longest); at >= 0;) {
            const i = entryAt(textStarts, at);
            marked[i] = 1;
            // On to the next concept's text: one mark per concept is enough.
            at = i + 1 < textStarts.length ? texts.indexOf(longest, textStarts[i + 1]) : -1;
        }
    }
    return marked;
}
/** Whether a resource string (name, title, …) holds the search text, folded, also inside a compound. */
function textMatches(text, search) {
    return text !== undefined && searchFold(text).includes(searchFold(search));
}
//# sourceMappingURL=text-search.js.map