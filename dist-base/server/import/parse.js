"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.CODE_FILE_FORMATS = exports.ImportError = void 0;
exports.parseCodeFile = parseCodeFile;
const node_path_1 = require("node:path");
const sync_1 = require("csv-parse/sync");
const decode_1 = require("./decode");
const import_error_1 = require("./import-error");
const dates_1 = require("../terminology/dates");
var import_error_2 = require("./import-error");
Object.defineProperty(exports, "ImportError", { enumerable: true, get: function () { return import_error_2.ImportError; } });
/** The formats, for argument checking. */
exports.CODE_FILE_FORMATS = ['kith-txt', 'csv', 'tsv', 'xlsx', 'fhir-json'];
const BY_EXTENSION = {
    '.txt': 'kith-txt',
    '.csv': 'csv',
    '.tsv': 'tsv',
    '.xlsx': 'xlsx',
    '.json': 'fhir-json',
};
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buffer, magic) => magic.every((b, i) => buffer[i] === b);
/**
 * Reads a code file into codes and texts, or a FHIR JSON file into its resource.
 *
 * Codes are normalised (the 2007 NCMP form `ZWU 40` becomes `ZWUU40`), checked against the system's code
 * shape and for duplicates; texts are decoded whatever the encoding (see `decodeText`) and trimmed.
 * Throws an `ImportError` naming file and line for an unknown format, a wrong encoding, a malformed or
 * duplicate code, or a file without codes.
 *
 * @example
 * const parsed = await parseCodeFile(await readFile('NCMP_2007.txt'), 'NCMP_2007.txt', { system: NCMP });
 */
async function parseCodeFile(buffer, fileName, options) {
    const format = detectFormat(buffer, fileName, options.format);
    if (format === 'xlsx') {
        const rows = await readWorkbookRows(buffer, fileName);
        return { format, encoding: 'binary', repairedDoubleEncoding: false, concepts: checkConcepts(rowsToConcepts(rows, fileName), fileName, options) };
    }
    const decoded = (0, decode_1.decodeText)(buffer, fileName);
    if (format === 'fhir-json') {
        return { format, encoding: decoded.encoding, repairedDoubleEncoding: decoded.repairedDoubleEncoding, resource: parseFhirJson(decoded.text, fileName) };
    }
    const rows = readDelimitedRows(decoded.text, format === 'csv' ? ';' : '\t');
    // CSV has no quoting to protect a `;` inside a text, so everything after the code is the text.
    const concepts = checkConcepts(rowsToConcepts(rows, fileName, format === 'csv' ? ';' : undefined), fileName, options);
    return { format, encoding: decoded.encoding, repairedDoubleEncoding: decoded.repairedDoubleEncoding, concepts };
}
function detectFormat(buffer, fileName, named) {
    const extension = (0, node_path_1.extname)(fileName).toLowerCase();
    // An old binary Excel file is recognisable whatever its name; exceljs cannot read BIFF.
    if (extension === '.xls' || startsWith(buffer, OLE2_MAGIC)) {
        throw new import_error_1.ImportError(fileName, undefined, 'old Excel (.xls, BIFF) workbooks are not supported: open it and save it as .xlsx');
    }
    const format = named ?? BY_EXTENSION[extension];
    if (!format) {
        throw new import_error_1.ImportError(fileName, undefined, `unknown format (extension '${extension || 'none'}'): expected ${Object.keys(BY_EXTENSION).join(', ')}, or name the format (${exports.CODE_FILE_FORMATS.join(', ')})`);
    }
    if (format === 'xlsx' && !startsWith(buffer, ZIP_MAGIC)) {
        throw new import_error_1.ImportError(fileName, undefined, 'not an .xlsx workbook (no zip signature)');
    }
    if (format !== 'xlsx' && startsWith(buffer, ZIP_MAGIC)) {
        throw new import_error_1.ImportError(fileName, undefined, `a zip archive or .xlsx workbook, not ${format} text`);
    }
    return format;
}
/**
 * Splits text into rows. Quoting is off: KITH texts contain bare `"`. Column counts vary (a stray
 * trailing TAB, `code;text;;;;;;;;;`), so the count is relaxed and trailing empty cells mean nothing.
 */
function readDelimitedRows(text, delimiter) {
    const records = (0, sync_1.parse)(text, {
        delimiter,
        quote: false,
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
    });
    return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
}
const COLUMN_NAMES = {
    code: ['kode', 'code'],
    display: ['tekst_uten_lengdebegrensning', 'tekst', 'text', 'text_as_in_source'],
    shortText: ['tekst_med_maksimalt_60_tegn'],
    validFrom: ['gyldig_fra'],
    validTo: ['gyldig_til'],
    parentCode: ['foreldrekode'],
};
/** The column of each known heading, when the first row is a heading row (its first cell names the code column). */
function headerColumns(first) {
    const headings = first?.cells.map((c) => c.trim().toLowerCase()) ?? [];
    if (!headings.some((h) => COLUMN_NAMES.code.includes(h)))
        return undefined;
    const columns = {};
    for (const column of Object.keys(COLUMN_NAMES)) {
        // Names are in order of preference: the full text wins over the short one.
        for (const name of COLUMN_NAMES[column]) {
            const index = headings.indexOf(name);
            if (index >= 0 && columns[column] === undefined)
                columns[column] = index;
        }
    }
    if (columns.display === undefined && columns.shortText !== undefined)
        columns.display = columns.shortText;
    return columns;
}
/**
 * Rows to raw concepts, by heading when there is one, else as code + text. Extra columns are ignored,
 * unless `rejoin` names the delimiter to glue them back into the text with (trailing empty ones dropped).
 */
function rowsToConcepts(rows, fileName, rejoin) {
    const header = headerColumns(rows[0]);
    const body = header ? rows.slice(1) : rows;
    const concepts = [];
    for (const row of body) {
        const cells = row.cells.map((c) => c.trim());
        if (cells.every((c) => c === ''))
            continue;
        if (header) {
            const cell = (column) => {
                const index = header[column];
                const value = index === undefined ? undefined : cells[index];
                return value === '' ? undefined : value;
            };
            const concept = { code: cell('code') ?? '', display: cell('display') ?? '', line: row.line };
            const shortText = header.shortText !== header.display ? cell('shortText') : undefined;
            if (shortText !== undefined)
                concept.shortText = shortText;
            const validFrom = cell('validFrom');
            if (validFrom !== undefined)
                concept.validFrom = isoDate(validFrom, fileName, row.line);
            const validTo = cell('validTo');
            if (validTo !== undefined)
                concept.validTo = isoDate(validTo, fileName, row.line);
            const parentCode = cell('parentCode');
            if (parentCode !== undefined)
                concept.parentCode = parentCode;
            concepts.push(concept);
            continue;
        }
        const [first = '', second = ''] = cells;
        if (rejoin !== undefined && cells.length > 2) {
            const text = row.cells.slice(1).join(rejoin).replace(new RegExp(`[${rejoin}\\s]+$`), '');
            concepts.push({ code: first, display: unquoteCsvField(text), line: row.line });
        }
        else if (rejoin !== undefined) {
            concepts.push({ code: first, display: unquoteCsvField(second), line: row.line });
        }
        else if (cells.length === 1) {
            // The 2010 særkode list separates some codes from their text by spaces instead of a TAB.
            const match = /^(\S+)\s+(.*)$/.exec(first);
            concepts.push({ code: match?.[1] ?? first, display: match?.[2] ?? '', line: row.line });
        }
        else {
            concepts.push({ code: first, display: second, line: row.line });
        }
    }
    return concepts;
}
/**
 * Excel's CSV export (the KITH 2013/2014 `.csv`) wraps a text that holds `"` in quotes and doubles the
 * inner ones. Only a field that is exactly that shape is unquoted: a KITH text such as
 * `"Single-breath" med nitrogentest` has lone inner quotes and stays as written.
 */
function unquoteCsvField(text) {
    const quoted = /^"((?:[^"]|"")*)"$/.exec(text);
    return quoted?.[1] !== undefined ? quoted[1].replace(/""/g, '"') : text;
}
/**
 * The 2017 særkode texts carry the source's own label `SÆRKODE:`, already garbled there to `SoKODE:`;
 * it is not part of the text.
 */
const SAERKODE_LABEL = /^S\S{0,6}KODE:\s*/;
/** Normalises codes and texts, then checks shape, texts and uniqueness. */
function checkConcepts(raw, fileName, options) {
    const { system } = options;
    if (!system)
        throw new import_error_1.ImportError(fileName, undefined, 'no code system named: a code list needs one (ncmp, saerkoder)');
    const allowed = new Set(options.allowCodes ?? []);
    const seen = new Map();
    const concepts = [];
    for (const concept of raw) {
        const code = normaliseCode(concept.code, system);
        if (!system.codePattern.test(code) && !allowed.has(code)) {
            throw new import_error_1.ImportError(fileName, concept.line, `malformed code '${concept.code}': not a ${system.name} code (${system.codePattern.source})`);
        }
        const firstLine = seen.get(code);
        if (firstLine !== undefined) {
            throw new import_error_1.ImportError(fileName, concept.line, `duplicate code ${code} (first on line ${firstLine})`);
        }
        seen.set(code, concept.line);
        const display = concept.display.replace(SAERKODE_LABEL, '').trim();
        if (display === '')
            throw new import_error_1.ImportError(fileName, concept.line, `code ${code} has no text`);
        concepts.push({ ...concept, code, display });
    }
    if (concepts.length === 0)
        throw new import_error_1.ImportError(fileName, undefined, 'empty file: no codes found');
    return concepts;
}
/**
 * The 2007 NCMP file writes five Z codes as three letters, a space and two digits; the 2008 file gives
 * the same codes with the third letter doubled (`ZWU 40` = `ZWUU40`), so merely removing the space is wrong.
 */
function normaliseCode(code, system) {
    const trimmed = code.trim();
    if (system.key !== 'ncmp')
        return trimmed;
    return trimmed.replace(/^([A-Z]{2})([A-Z]) ([0-9]{2})$/, '$1$2$2$3');
}
/** An ISO date from `2021-01-01`, `2021-01-01T…` or `01.01.2021` (read by the one date module). */
function isoDate(value, fileName, line) {
    const day = (0, dates_1.sourceDay)(value);
    if (day === undefined)
        throw new import_error_1.ImportError(fileName, line, `not a date: '${value}'`);
    return day;
}
/** The rows of the first worksheet that has any, as text cells. */
async function readWorkbookRows(buffer, fileName) {
    // Loaded on first use: exceljs is the largest dependency (about 25 MB resident) and only .xlsx needs it.
    const { default: Excel } = await Promise.resolve().then(() => __importStar(require('exceljs')));
    const workbook = new Excel.Workbook();
    try {
        // exceljs declares its own Buffer type; a Node Buffer is what it reads.
        await workbook.xlsx.load(Buffer.from(buffer));
    }
    catch (error) {
        throw new import_error_1.ImportError(fileName, undefined, `not a readable .xlsx workbook: ${error instanceof Error ? error.message : String(error)}`);
    }
    const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
    if (!sheet)
        return [];
    const rows = [];
    sheet.eachRow((row, rowNumber) => {
        const cells = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
            cells[column - 1] = cellText(cell.value);
        });
        rows.push({ line: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
    });
    return rows;
}
/** A cell's value as text: dates as ISO dates (exceljs gives them as UTC midnight), rich text joined. */
function cellText(value) {
    if (value === null || value === undefined)
        return '';
    if (value instanceof Date)
        return value.toISOString().slice(0, 10);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if ('richText' in value)
        return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
        return cellText(value.result);
    if ('text' in value)
        return String(value.text);
    return '';
}
const FHIR_TYPES = ['CodeSystem', 'ValueSet', 'ConceptMap'];
function parseFhirJson(text, fileName) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new import_error_1.ImportError(fileName, undefined, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof value !== 'object' || value === null || !('resourceType' in value) || !FHIR_TYPES.includes(String(value.resourceType))) {
        throw new import_error_1.ImportError(fileName, undefined, `not a FHIR ${FHIR_TYPES.join(', ')} resource`);
    }
    return value;
}
//# sourceMappingURL=parse.js.map