"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NORDDRG_2024_VERSION = void 0;
exports.readNordDrg2024 = readNordDrg2024;
const sync_1 = require("csv-parse/sync");
/** The version under which NordDRG's preliminary 2024 list is published. */
exports.NORDDRG_2024_VERSION = '2024-nordDRG-prelim';
/** The length at which the source cuts `text_nat`. */
const TEXT_CAP = 140;
/** Retired rows keep their place with this prefix; their dates disagree with official sources and are not used. */
const INACTIVATED = /^Inactivated at \d{2}\.\d{2}\.\d{4} - /;
/**
 * The active NCMP codes of NordDRG's preliminary Norwegian procedure list for 2024 (`proc_nor.csv`): rows whose
 * `code_nat` has the NCMP shape and whose text is not marked inactivated. A text of exactly 140 characters is
 * marked `textMayBeCut` (the source caps the field there). Texts are kept as the source has them.
 *
 * @throws Error when the header is not the expected one or a code is listed twice.
 */
function readNordDrg2024(text, codePattern) {
    const rows = (0, sync_1.parse)(text, { columns: true, skip_empty_lines: true, relax_quotes: true });
    const first = rows[0];
    if (!first || !('code_nat' in first) || !('text_nat' in first))
        throw new Error('proc_nor.csv: expected the columns code_nat and text_nat');
    const seen = new Set();
    const out = [];
    for (const row of rows) {
        const code = row['code_nat'] ?? '';
        const display = (row['text_nat'] ?? '').trim();
        if (!codePattern.test(code) || INACTIVATED.test(display))
            continue;
        if (seen.has(code))
            throw new Error(`proc_nor.csv: ${code} listed twice`);
        seen.add(code);
        out.push(display.length >= TEXT_CAP ? { code, display, property: [{ code: 'textMayBeCut', valueBoolean: true }] } : { code, display });
    }
    return out;
}
//# sourceMappingURL=nordrg-2024.js.map