import { extname } from 'node:path';
import { parse as parseDelimited } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import type { KnownSystem } from '../terminology/code-systems';
import { decodeText, type TextEncoding } from './decode';
import { ImportError } from './import-error';
import { sourceDay } from '../terminology/dates';

export { ImportError } from './import-error';

/** The file formats the importer reads (DOMAIN.md §5). */
export type CodeFileFormat = 'kith-txt' | 'csv' | 'tsv' | 'xlsx' | 'fhir-json';

/** The formats, for argument checking. */
export const CODE_FILE_FORMATS: readonly CodeFileFormat[] = ['kith-txt', 'csv', 'tsv', 'xlsx', 'fhir-json'];

/** One code read from a code file, with the line (or worksheet row) it came from. */
export interface ParsedConcept {
  code: string;
  display: string;
  line: number;
  /** The 60-character text of the Helsedirektoratet export column set, when the file has one. */
  shortText?: string;
  /** `Gyldig_fra` (ISO date), when the file has it. */
  validFrom?: string;
  /** `Gyldig_til` (ISO date), when the file has it. */
  validTo?: string;
  /** `Foreldrekode`, when the file has it. */
  parentCode?: string;
}

/** A code list read from a file. `encoding` is `binary` for workbooks. */
export interface ParsedCodeList {
  format: Exclude<CodeFileFormat, 'fhir-json'>;
  encoding: TextEncoding | 'binary';
  repairedDoubleEncoding: boolean;
  concepts: ParsedConcept[];
}

/** A FHIR resource read from a JSON file. */
export interface ParsedFhirResource {
  format: 'fhir-json';
  encoding: TextEncoding;
  repairedDoubleEncoding: boolean;
  resource: CodeSystem | ValueSet | ConceptMap;
}

/** What `parseCodeFile` reads. */
export type ParsedFile = ParsedCodeList | ParsedFhirResource;

/** Options of `parseCodeFile`. */
export interface ParseOptions {
  /** The code system the codes belong to: gives the code shape and the normalisation rules. Not needed for FHIR JSON. */
  system?: KnownSystem;
  /** The format; detected from the file name and content when absent. */
  format?: CodeFileFormat;
  /**
   * Codes accepted although they do not have the system's shape. For real lists that hold a few
   * odd codes (the 2009/2010 særkode lists have `42KD`, `WURX00`): named one by one, so nothing else slips in.
   */
  allowCodes?: readonly string[];
}

const BY_EXTENSION: Readonly<Record<string, CodeFileFormat>> = {
  '.txt': 'kith-txt',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.xlsx': 'xlsx',
  '.json': 'fhir-json',
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (buffer: Uint8Array, magic: number[]): boolean => magic.every((b, i) => buffer[i] === b);

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
export async function parseCodeFile(buffer: Uint8Array, fileName: string, options: ParseOptions): Promise<ParsedFile> {
  const format = detectFormat(buffer, fileName, options.format);
  if (format === 'xlsx') {
    const rows = await readWorkbookRows(buffer, fileName);
    return { format, encoding: 'binary', repairedDoubleEncoding: false, concepts: checkConcepts(rowsToConcepts(rows, fileName), fileName, options) };
  }
  const decoded = decodeText(buffer, fileName);
  if (format === 'fhir-json') {
    return { format, encoding: decoded.encoding, repairedDoubleEncoding: decoded.repairedDoubleEncoding, resource: parseFhirJson(decoded.text, fileName) };
  }
  const rows = readDelimitedRows(decoded.text, format === 'csv' ? ';' : '\t');
  // CSV has no quoting to protect a `;` inside a text, so everything after the code is the text.
  const concepts = checkConcepts(rowsToConcepts(rows, fileName, format === 'csv' ? ';' : undefined), fileName, options);
  return { format, encoding: decoded.encoding, repairedDoubleEncoding: decoded.repairedDoubleEncoding, concepts };
}

function detectFormat(buffer: Uint8Array, fileName: string, named: CodeFileFormat | undefined): CodeFileFormat {
  const extension = extname(fileName).toLowerCase();
  // An old binary Excel file is recognisable whatever its name; exceljs cannot read BIFF.
  if (extension === '.xls' || startsWith(buffer, OLE2_MAGIC)) {
    throw new ImportError(fileName, undefined, 'old Excel (.xls, BIFF) workbooks are not supported: open it and save it as .xlsx');
  }
  const format = named ?? BY_EXTENSION[extension];
  if (!format) {
    throw new ImportError(
      fileName,
      undefined,
      `unknown format (extension '${extension || 'none'}'): expected ${Object.keys(BY_EXTENSION).join(', ')}, or name the format (${CODE_FILE_FORMATS.join(', ')})`,
    );
  }
  if (format === 'xlsx' && !startsWith(buffer, ZIP_MAGIC)) {
    throw new ImportError(fileName, undefined, 'not an .xlsx workbook (no zip signature)');
  }
  if (format !== 'xlsx' && startsWith(buffer, ZIP_MAGIC)) {
    throw new ImportError(fileName, undefined, `a zip archive or .xlsx workbook, not ${format} text`);
  }
  return format;
}

/** One row of cells with the line (or worksheet row) it came from. */
interface Row {
  line: number;
  cells: string[];
}

/**
 * Splits text into rows. Quoting is off: KITH texts contain bare `"`. Column counts vary (a stray
 * trailing TAB, `code;text;;;;;;;;;`), so the count is relaxed and trailing empty cells mean nothing.
 */
function readDelimitedRows(text: string, delimiter: string): Row[] {
  const records = parseDelimited(text, {
    delimiter,
    quote: false,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
}

const COLUMN_NAMES = {
  code: ['kode', 'code'],
  display: ['tekst_uten_lengdebegrensning', 'tekst', 'text', 'text_as_in_source'],
  shortText: ['tekst_med_maksimalt_60_tegn'],
  validFrom: ['gyldig_fra'],
  validTo: ['gyldig_til'],
  parentCode: ['foreldrekode'],
} as const;

type Column = keyof typeof COLUMN_NAMES;

/** The column of each known heading, when the first row is a heading row (its first cell names the code column). */
function headerColumns(first: Row | undefined): Partial<Record<Column, number>> | undefined {
  const headings = first?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  if (!headings.some((h) => (COLUMN_NAMES.code as readonly string[]).includes(h))) return undefined;
  const columns: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMN_NAMES) as Column[]) {
    // Names are in order of preference: the full text wins over the short one.
    for (const name of COLUMN_NAMES[column]) {
      const index = headings.indexOf(name);
      if (index >= 0 && columns[column] === undefined) columns[column] = index;
    }
  }
  if (columns.display === undefined && columns.shortText !== undefined) columns.display = columns.shortText;
  return columns;
}

/**
 * Rows to raw concepts, by heading when there is one, else as code + text. Extra columns are ignored,
 * unless `rejoin` names the delimiter to glue them back into the text with (trailing empty ones dropped).
 */
function rowsToConcepts(rows: Row[], fileName: string, rejoin?: string): ParsedConcept[] {
  const header = headerColumns(rows[0]);
  const body = header ? rows.slice(1) : rows;
  const concepts: ParsedConcept[] = [];
  for (const row of body) {
    const cells = row.cells.map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    if (header) {
      const cell = (column: Column): string | undefined => {
        const index = header[column];
        const value = index === undefined ? undefined : cells[index];
        return value === '' ? undefined : value;
      };
      const concept: ParsedConcept = { code: cell('code') ?? '', display: cell('display') ?? '', line: row.line };
      const shortText = header.shortText !== header.display ? cell('shortText') : undefined;
      if (shortText !== undefined) concept.shortText = shortText;
      const validFrom = cell('validFrom');
      if (validFrom !== undefined) concept.validFrom = isoDate(validFrom, fileName, row.line);
      const validTo = cell('validTo');
      if (validTo !== undefined) concept.validTo = isoDate(validTo, fileName, row.line);
      const parentCode = cell('parentCode');
      if (parentCode !== undefined) concept.parentCode = parentCode;
      concepts.push(concept);
      continue;
    }
    const [first = '', second = ''] = cells;
    if (rejoin !== undefined && cells.length > 2) {
      const text = row.cells.slice(1).join(rejoin).replace(new RegExp(`[${rejoin}\\s]+$`), '');
      concepts.push({ code: first, display: unquoteCsvField(text), line: row.line });
    } else if (rejoin !== undefined) {
      concepts.push({ code: first, display: unquoteCsvField(second), line: row.line });
    } else if (cells.length === 1) {
      // The 2010 særkode list separates some codes from their text by spaces instead of a TAB.
      const match = /^(\S+)\s+(.*)$/.exec(first);
      concepts.push({ code: match?.[1] ?? first, display: match?.[2] ?? '', line: row.line });
    } else {
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
function unquoteCsvField(text: string): string {
  const quoted = /^"((?:[^"]|"")*)"$/.exec(text);
  return quoted?.[1] !== undefined ? quoted[1].replace(/""/g, '"') : text;
}

/** Normalises codes and texts, then checks shape, texts and uniqueness. */
function checkConcepts(raw: ParsedConcept[], fileName: string, options: ParseOptions): ParsedConcept[] {
  const { system } = options;
  if (!system) throw new ImportError(fileName, undefined, 'no code system named: a code list needs one (ncmp, saerkoder)');
  const allowed = new Set(options.allowCodes ?? []);
  const seen = new Map<string, number>();
  const concepts: ParsedConcept[] = [];
  for (const concept of raw) {
    const code = system.normaliseCode(concept.code);
    if (!system.codePattern.test(code) && !allowed.has(code)) {
      throw new ImportError(fileName, concept.line, `malformed code '${concept.code}': not a ${system.name} code (${system.codePattern.source})`);
    }
    const firstLine = seen.get(code);
    if (firstLine !== undefined) {
      throw new ImportError(fileName, concept.line, `duplicate code ${code} (first on line ${firstLine})`);
    }
    seen.set(code, concept.line);
    const display = system.displayFromSource(concept.display);
    if (display === '') throw new ImportError(fileName, concept.line, `code ${code} has no text`);
    concepts.push({ ...concept, code, display });
  }
  if (concepts.length === 0) throw new ImportError(fileName, undefined, 'empty file: no codes found');
  return concepts;
}

/** An ISO date from `2021-01-01`, `2021-01-01T…` or `01.01.2021` (read by the one date module). */
function isoDate(value: string, fileName: string, line: number): string {
  const day = sourceDay(value);
  if (day === undefined) throw new ImportError(fileName, line, `not a date: '${value}'`);
  return day;
}

/** The rows of the first worksheet that has any, as text cells. */
async function readWorkbookRows(buffer: Uint8Array, fileName: string): Promise<Row[]> {
  // Loaded on first use: exceljs is the largest dependency (about 25 MB resident) and only .xlsx needs it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(buffer) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ImportError(fileName, undefined, `not a readable .xlsx workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const rows: Row[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push({ line: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

/** A cell's value as text: dates as ISO dates (exceljs gives them as UTC midnight), rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

const FHIR_TYPES = ['CodeSystem', 'ValueSet', 'ConceptMap'];

function parseFhirJson(text: string, fileName: string): CodeSystem | ValueSet | ConceptMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportError(fileName, undefined, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || !('resourceType' in value) || !FHIR_TYPES.includes(String(value.resourceType))) {
    throw new ImportError(fileName, undefined, `not a FHIR ${FHIR_TYPES.join(', ')} resource`);
  }
  return value as CodeSystem | ValueSet | ConceptMap;
}
