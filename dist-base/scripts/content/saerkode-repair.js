"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.repairLostCharacters = repairLostCharacters;
/** A run of characters the source lost, as it shows them. */
const LOST = /\?+/g;
/**
 * Repairs texts in which the source lost characters (each run shown as `?`, standing for one or more characters):
 * from the same code's text in the newest earlier official list whose text matches everywhere else. The source's
 * own text is kept as the `sourceText` property and the list used as `textRepairedFrom`; a text no earlier list
 * explains keeps its `?` and is marked `textDamaged`. Texts without `?` are returned unchanged. Pure.
 *
 * @param earlier the earlier official lists, newest first
 * @example
 * repairLostCharacters({ code: '1XX01', display: 'Intraven??rombolysebehandling ved akutt hjerneinfarkt' }, lists)
 * // → display 'Intravenøs trombolysebehandling ved akutt hjerneinfarkt', textRepairedFrom 'Saerkoder 2011.txt'
 */
function repairLostCharacters(entry, earlier) {
    if (!entry.display.includes('?'))
        return entry;
    const pattern = new RegExp(`^${entry.display.split(LOST).map(escapeRegExp).join('[^?]{1,6}?')}$`, 'u');
    const sourceText = { code: 'sourceText', valueString: entry.display };
    for (const list of earlier) {
        const text = list.texts.get(entry.code);
        if (text !== undefined && !text.includes('?') && pattern.test(text)) {
            return { ...entry, display: text, property: [...(entry.property ?? []), sourceText, { code: 'textRepairedFrom', valueString: list.file }] };
        }
    }
    return { ...entry, property: [...(entry.property ?? []), { code: 'textDamaged', valueBoolean: true }] };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
//# sourceMappingURL=saerkode-repair.js.map