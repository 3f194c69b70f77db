"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SAERKODE_TO_NCMP_ID = void 0;
exports.buildSaerkodeSuccessionConceptMap = buildSaerkodeSuccessionConceptMap;
const systems_1 = require("../../server/terminology/systems");
const code_list_code_system_1 = require("./code-list-code-system");
/** The id of the særkode → NCMP succession ConceptMap. */
exports.SAERKODE_TO_NCMP_ID = 'saerkode-to-ncmp';
/**
 * Builds the ConceptMap særkode → NCMP: each særkode to the ordinary NCMP code(s) that replaced it, `equivalent`
 * for one successor and `narrower` for each of several. Every target carries what is known of when the mapping
 * applies: a {@link MAPPING_VALIDITY_EXT} period when the source states the start, otherwise a
 * {@link MAPPING_VALIDITY_NOTE_EXT} note and no date at all. Pure.
 *
 * @throws Error when a successor is not among `ncmpConcepts`, or a succession dated only "before" has no removed
 * reference to the særkode in its successor's text (the claim would have no evidence).
 */
function buildSaerkodeSuccessionConceptMap(input) {
    const { version, successions, ncmpConcepts, source, publisher } = input;
    const byCode = new Map(ncmpConcepts.map((c) => [c.code, c]));
    const pairs = successions.reduce((n, s) => n + s.successors.length, 0);
    return {
        resourceType: 'ConceptMap',
        id: exports.SAERKODE_TO_NCMP_ID,
        extension: [(0, code_list_code_system_1.provenanceExtension)(input.provenance)],
        url: `${systems_1.PROJECT_BASE}/ConceptMap/${exports.SAERKODE_TO_NCMP_ID}`,
        version,
        name: 'SaerkodeToNcmp',
        title: 'Særkoder → NCMP: succession of national special procedure codes',
        status: 'active',
        experimental: false,
        date: source.date,
        publisher,
        description: `Which ordinary NCMP code(s) replaced each national særkode (${pairs} mappings over ${successions.length} ` +
            `særkoder), as stated in "${source.title}" (${source.publisher}, ${source.date}). Where one særkode was ` +
            'replaced by several NCMP codes each target is narrower than the særkode. Each target records when the ' +
            'mapping applies: a validity period where the source states the date, otherwise a note that it took effect ' +
            'earlier on a date the source does not state.',
        purpose: 'Translate særkoder in historical data to their NCMP successors, and NCMP codes back (reverse).',
        jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'NO' }] }],
        copyright: input.copyright,
        sourceUri: systems_1.SAERKODER.valueSetUrl,
        targetUri: systems_1.NCMP.valueSetUrl,
        group: [
            {
                source: systems_1.SAERKODER.url,
                target: systems_1.NCMP.url,
                element: successions.map((s) => element(s, byCode, source)),
            },
        ],
    };
}
function element(succession, byCode, source) {
    const { saerkode, successors } = succession;
    const split = successors.length > 1;
    const target = successors.map((code) => {
        const ncmp = byCode.get(code);
        if (!ncmp)
            throw new Error(`Successor ${code} of ${saerkode} is not among the NCMP concepts`);
        const comment = [];
        if (split) {
            comment.push(`${saerkode} was replaced by ${successors.length} NCMP codes (${successors.join(', ')}); each is narrower.`);
        }
        if (succession.foldedIntoExistingCode) {
            comment.push(`${saerkode} was folded into the existing NCMP code ${code}.`);
        }
        let extension;
        if (succession.inForce.kind === 'from') {
            const { start } = succession.inForce;
            extension = { url: systems_1.MAPPING_VALIDITY_EXT, valuePeriod: { start } };
            comment.push(`Replaced from ${start} (${source.shortName}).`);
        }
        else {
            const { before } = succession.inForce;
            const removed = (ncmp.removedIn2021 ?? []).find((text) => text.includes(saerkode));
            if (removed === undefined) {
                throw new Error(`No removed reference to ${saerkode} in the text of ${code}: the succession has no evidence`);
            }
            const note = `Took effect before ${before}; the exact date is not stated in the source (${source.shortName}).`;
            extension = { url: systems_1.MAPPING_VALIDITY_NOTE_EXT, valueString: note };
            comment.push(`${note} The ${source.shortName} removes "${removed}" from the text of ${code} ` +
                '("Henvisning til tidligere særkoder fjernes fra 2021").');
        }
        return {
            extension: [extension],
            code,
            display: ncmp.display,
            equivalence: split ? 'narrower' : 'equivalent',
            comment: comment.join(' '),
        };
    });
    return { code: saerkode, target };
}
//# sourceMappingURL=saerkode-succession-concept-map.js.map