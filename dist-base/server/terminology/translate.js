"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.translate = translate;
const dates_1 = require("./dates");
const resolve_1 = require("./resolve");
const concept_map_mappings_1 = require("./concept-map-mappings");
const succession_1 = require("./succession");
const systems_1 = require("./systems");
/** Seen from the target: `narrower` (target narrower than source) reads `wider` in reverse, and so on. */
const REVERSED = {
    narrower: 'wider',
    wider: 'narrower',
    subsumes: 'specializes',
    specializes: 'subsumes',
};
async function displayInForce(snapshot, system, code, date, fallback) {
    const r = (0, resolve_1.resolveVersion)(snapshot, { system, date });
    if (r.kind === 'found') {
        const concept = (await snapshot.content(r.version)).byCode.get(code);
        if (concept?.display)
            return concept.display;
    }
    return fallback ?? undefined;
}
function otherSide(element, reverse) {
    return reverse
        ? { system: element.sourceSystem, code: element.sourceCode, display: element.sourceDisplay }
        : { system: element.targetSystem, code: element.targetCode, display: element.targetDisplay };
}
/**
 * Translates a code through concept maps, forward (what replaced it) or in reverse (what it replaced),
 * honouring each mapping's validity on `date` (default today).
 */
async function translate(snapshot, req) {
    const date = req.date ?? (0, dates_1.todayInNorway)();
    const found = req.reverse
        ? (0, succession_1.predecessorsOf)(snapshot, req.system, req.code, date, req.maps)
        : (0, succession_1.successorsOf)(snapshot, req.system, req.code, date, req.maps);
    const targetSystem = req.targetSystem === undefined ? undefined : snapshot.system(req.targetSystem)?.url ?? req.targetSystem;
    const matches = [];
    const notes = [];
    for (const s of found) {
        const other = otherSide(s.element, req.reverse);
        const otherUrl = other.system === null ? null : snapshot.system(other.system)?.url ?? other.system;
        if (targetSystem !== undefined && otherUrl !== targetSystem)
            continue;
        if (s.timing === 'not-yet' || s.timing === 'ended') {
            const relation = req.reverse ? `${req.code} replaces ${other.code}` : `${req.code} is replaced by ${other.code ?? '(nothing)'}`;
            notes.push(`${[relation, (0, succession_1.validityText)(s.element)].filter(Boolean).join(' ')}; that mapping does not apply on ${date}`);
            continue;
        }
        const equivalence = req.reverse ? (REVERSED[s.element.equivalence] ?? s.element.equivalence) : s.element.equivalence;
        const validity = (0, succession_1.validityText)(s.element) ?? '';
        const comment = s.timing === 'unknown-start' && !(s.element.comment ?? '').includes(validity)
            ? [s.element.comment, `Start of validity not recorded: ${validity}`].filter(Boolean).join(' ')
            : (s.element.comment ?? undefined);
        const concept = {};
        if (otherUrl !== null)
            concept.system = otherUrl;
        if (other.code !== null) {
            concept.code = other.code;
            // The display the map gives; for a system the server knows (NCMP, særkoder) the text in force on the date,
            // which a coder reading a successor needs. Other systems' displays are not added (as tx.fhir.org).
            const display = otherUrl !== null && (0, systems_1.knownSystem)(otherUrl) !== undefined ? await displayInForce(snapshot, otherUrl, other.code, date, other.display) : (other.display ?? undefined);
            if (display !== undefined)
                concept.display = display;
        }
        matches.push({ equivalence, concept, map: s.map, comment, unknownStart: s.timing === 'unknown-start' });
    }
    const result = matches.some((m) => (0, concept_map_mappings_1.isTranslation)(m.equivalence));
    return { result, matches, notes };
}
//# sourceMappingURL=translate.js.map