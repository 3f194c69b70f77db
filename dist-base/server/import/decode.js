"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.decodeText = decodeText;
const iconv_lite_1 = __importDefault(require("iconv-lite"));
const import_error_1 = require("./import-error");
const UTF8_BOM = [0xef, 0xbb, 0xbf];
/**
 * The characters cp1252 puts at bytes 0x80–0x9F, keyed by character, so mojibake can be turned back into
 * the bytes it came from. Latin-1 maps those bytes to U+0080–U+009F itself, which the byte range covers.
 */
const CP1252_HIGH = (() => {
    const map = new Map();
    for (let byte = 0x80; byte <= 0x9f; byte++) {
        const char = iconv_lite_1.default.decode(Buffer.from([byte]), 'win1252');
        if (char !== '\ufffd')
            map.set(char, byte);
    }
    return map;
})();
const CONTINUATION = `\\u0080-\\u00bf${[...CP1252_HIGH.keys()].join('')}`;
/**
 * A UTF-8 sequence that was read as single-byte text: lead byte C2/C3 (`Â`, `Ã`: every Latin-1 letter)
 * or E2 (`â`: dashes, quotes, `€`, `™`) followed by continuation bytes 80–BF. Other lead bytes are left
 * alone on purpose: `Å`, `Æ`, `Ø` are lead bytes too, and real Norwegian text must never be "repaired".
 */
const MOJIBAKE = new RegExp(`[\\u00c2\\u00c3][${CONTINUATION}]|\\u00e2[${CONTINUATION}]{2}`, 'g');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function byteOf(char) {
    const code = char.charCodeAt(0);
    return code <= 0xff ? code : CP1252_HIGH.get(char);
}
/** Repairs each double-encoded sequence that decodes as valid UTF-8; others are left as they were. */
function repairDoubleEncoding(text) {
    let repaired = false;
    const fixed = text.replace(MOJIBAKE, (match) => {
        const bytes = [];
        for (const char of match) {
            const byte = byteOf(char);
            if (byte === undefined)
                return match;
            bytes.push(byte);
        }
        try {
            const decoded = strictUtf8.decode(Uint8Array.from(bytes));
            repaired = true;
            return decoded;
        }
        catch {
            return match;
        }
    });
    return { text: fixed, repaired };
}
/**
 * Decodes a text file whose encoding is not declared: UTF-8 with or without a byte-order mark when the
 * bytes are valid UTF-8, otherwise cp1252 (reported as ISO-8859-1 when no byte 0x80–0x9F occurs, the two
 * being equal then). Double-encoded UTF-8 is then repaired. A replacement character (U+FFFD) in the
 * result means the bytes were not text in any of these encodings, and is refused.
 *
 * @example
 * decodeText(Buffer.from('WBGM00\tIntraven\u00c3\u00b8s', 'utf8'), 'x.txt').text // 'WBGM00\tIntravenøs'
 */
function decodeText(buffer, fileName) {
    let text;
    let encoding;
    const hasBom = UTF8_BOM.every((b, i) => buffer[i] === b);
    try {
        text = strictUtf8.decode(hasBom ? buffer.subarray(3) : buffer);
        encoding = hasBom ? 'utf-8-bom' : 'utf-8';
    }
    catch {
        if (hasBom)
            throw new import_error_1.ImportError(fileName, lineOfInvalidUtf8(buffer), 'wrong encoding: starts with a UTF-8 byte-order mark but is not valid UTF-8');
        text = iconv_lite_1.default.decode(Buffer.from(buffer), 'win1252');
        encoding = buffer.some((b) => b >= 0x80 && b <= 0x9f) ? 'windows-1252' : 'iso-8859-1';
    }
    let bomRepaired = false;
    // A byte-order mark that went through the same double encoding as the text arrives as `ï»¿`.
    if (text.startsWith('\u00ef\u00bb\u00bf')) {
        text = text.slice(3);
        bomRepaired = true;
    }
    const { text: repairedText, repaired: textRepaired } = repairDoubleEncoding(text);
    const repaired = bomRepaired || textRepaired;
    const bad = repairedText.indexOf('\ufffd');
    if (bad >= 0) {
        throw new import_error_1.ImportError(fileName, lineAt(repairedText, bad), `wrong encoding: replacement character U+FFFD (decoded as ${encoding})`);
    }
    return { text: repairedText, encoding, repairedDoubleEncoding: repaired };
}
function lineAt(text, index) {
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1))
        line++;
    return line;
}
/** The line of the first byte sequence that is not UTF-8, found by decoding line by line. */
function lineOfInvalidUtf8(buffer) {
    let start = 0;
    let line = 1;
    for (let i = 0; i <= buffer.length; i++) {
        if (i === buffer.length || buffer[i] === 0x0a) {
            try {
                strictUtf8.decode(buffer.subarray(start, i));
            }
            catch {
                return line;
            }
            start = i + 1;
            line++;
        }
    }
    return undefined;
}
//# sourceMappingURL=decode.js.map