"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PREFERRED_FOR_LANGUAGE = void 0;
exports.requestedLanguages = requestedLanguages;
exports.languageMatches = languageMatches;
exports.othersRefused = othersRefused;
exports.displayIn = displayIn;
exports.preferredDisplay = preferredDisplay;
exports.displayOptions = displayOptions;
exports.acceptableDisplays = acceptableDisplays;
exports.judgeDisplay = judgeDisplay;
exports.checkDisplay = checkDisplay;
const fold = (s) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nb');
/** The languages of a request, in order: `de,de-DE` or `nb-NO, en;q=0.5` (quality values dropped). */
function requestedLanguages(requested) {
    return requested
        .split(',')
        .map((part) => part.split(';')[0].trim().toLowerCase())
        .filter((tag) => tag !== '');
}
/**
 * Whether a designation's language serves a requested one (`nb` serves `nb-NO` and the reverse); a list
 * (`de,de-DE`) is served when any of its languages is.
 */
function languageMatches(tag, requested) {
    const a = tag.toLowerCase();
    return requestedLanguages(requested).some((b) => a === b || a.split('-')[0] === b.split('-')[0]);
}
/** The designation use of a display shown in its code system's language when another was asked for. */
exports.PREFERRED_FOR_LANGUAGE = { system: 'http://terminology.hl7.org/CodeSystem/hl7TermMaintInfra', code: 'preferredForLanguage', display: 'Preferred For Language' };
/** Whether a language list refuses every language it does not name (`de, *; q=0`). */
function othersRefused(requested) {
    return requested.split(',').some((part) => {
        const [tag, ...params] = part.split(';').map((x) => x.trim());
        return tag === '*' && params.some((p) => /^q\s*=\s*0(\.0*)?$/i.test(p));
    });
}
/**
 * The display to show in a requested language, and the designation it came from (if not the display
 * itself). A list that refuses other languages (`de, *; q=0`) gets no display when none is in its languages.
 */
function displayIn(concept, language, systemLanguage) {
    if (language && language !== '*') {
        for (const one of requestedLanguages(language)) {
            if (one === '*')
                break;
            // The concept's own display is in the code system's language: it serves that language first.
            if (systemLanguage && concept.display && languageMatches(systemLanguage, one))
                return { value: concept.display };
            const inLanguage = concept.designations.filter((d) => d.language && languageMatches(d.language, one));
            const pick = inLanguage.find((d) => !d.use || d.use.code === 'display') ?? inLanguage[0];
            if (pick)
                return { value: pick.value, from: pick };
        }
        if (othersRefused(language))
            return { value: undefined };
    }
    return { value: concept.display ?? undefined };
}
/**
 * The display to show in a requested language: the concept's display when the code system is in that
 * language, else a designation in it (a `display`-use one first), else the concept's own display. `*` or
 * no language means the concept's display.
 */
function preferredDisplay(concept, language, systemLanguage) {
    return displayIn(concept, language, systemLanguage).value ?? concept.display ?? undefined;
}
/** Every display the concept has: its own (in the code system's language, if it has one), then its designations. */
function displayOptions(concept, systemLanguage) {
    const out = [];
    if (concept.display)
        out.push({ value: concept.display, language: systemLanguage ?? undefined });
    for (const d of concept.designations) {
        if (d.use && d.use.code !== 'display' && d.use.code !== 'preferredForLanguage')
            continue;
        const retired = d.status === 'deprecated' || d.status === 'withdrawn';
        if (!out.some((o) => o.value === d.value && o.language === d.language))
            out.push({ value: d.value, language: d.language, ...(retired ? { retired } : {}) });
    }
    return out;
}
/** The designations (and display) acceptable in the requested language; `*` or none means any. */
function acceptableDisplays(concept, language) {
    const out = [];
    if (concept.display)
        out.push(concept.display);
    for (const d of concept.designations) {
        if (!language || language === '*' || !d.language || languageMatches(d.language, language)) {
            out.push(d.value);
        }
    }
    return out;
}
const flag = (concept, code) => concept.properties.some((p) => p.code === code && p.valueBoolean === true);
/**
 * Whether `given` is the concept's display as far as its source kept it: where the source lost characters
 * (`textDamaged`, each run shown as `?`) any characters may stand in their place, and where the source cut texts
 * (`textMayBeCut`) a longer text that begins with the stored one fits. A display is not refused for what the
 * source lost.
 */
function fitsDamagedText(concept, given) {
    const stored = concept.display;
    if (!stored)
        return false;
    if (flag(concept, 'textMayBeCut') && fold(given).startsWith(fold(stored)))
        return true;
    if (!flag(concept, 'textDamaged'))
        return false;
    const escaped = fold(stored)
        .split(/\?+/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${escaped.join('.{1,6}?')}$`, 'u').test(fold(given));
}
const noLanguage = (language) => !language || requestedLanguages(language).every((l) => l === '*');
/**
 * Compares a given display with what the concept accepts, as tx.fhir.org judges it: displays in the
 * requested languages (a display without a language serves any), exact; a display that differs only in
 * case or whitespace is named as such.
 */
function judgeDisplay(concept, given, language, systemLanguage) {
    if (fitsDamagedText(concept, given))
        return { kind: 'match' };
    const all = displayOptions(concept, systemLanguage);
    const valid = noLanguage(language) ? all : all.filter((o) => !o.language || languageMatches(o.language, language));
    if (valid.some((o) => o.value === given && !o.retired))
        return { kind: 'match' };
    if (valid.some((o) => o.value === given))
        return { kind: 'retired', valid: all.filter((o) => !o.retired) };
    if (valid.length === 0) {
        // Nothing in the requested language: a display in the code system's own language is still right.
        const inDefault = concept.display === given || concept.designations.some((d) => d.value === given && (!d.language || (systemLanguage && languageMatches(d.language, systemLanguage))));
        return inDefault ? { kind: 'default-language-ok' } : { kind: 'none-for-language' };
    }
    if (valid.some((o) => fold(o.value) === fold(given)))
        return { kind: 'case-or-space', valid };
    return { kind: 'wrong', valid };
}
/** Compares a given display with what the concept accepts: exact, differing only in case/space, or wrong. */
function checkDisplay(concept, given, language) {
    const candidates = acceptableDisplays(concept, language);
    if (candidates.includes(given) || fitsDamagedText(concept, given))
        return { kind: 'match' };
    const expected = concept.display ?? candidates[0] ?? '';
    if (candidates.some((c) => fold(c) === fold(given)))
        return { kind: 'case-or-space', expected };
    return { kind: 'wrong', expected };
}
//# sourceMappingURL=display.js.map