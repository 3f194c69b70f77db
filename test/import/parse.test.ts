import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportError, parseCodeFile, type ParsedCodeList, type ParseOptions } from '../../server/import/parse';
import { NCMP, SAERKODER } from '../../server/terminology/code-systems';
import { describeWithSources, NCMP_SOURCES } from '../support/test-db';

const KITH = join(NCMP_SOURCES, 'norddrg__ncsp');
const SKDE = join(NCMP_SOURCES, 'SKDE-Analyse__sas_codes', 'derived');

async function parseList(bytes: Uint8Array, name: string, options: ParseOptions = { system: NCMP }): Promise<ParsedCodeList> {
  const parsed = await parseCodeFile(bytes, name, options);
  if (parsed.format === 'fhir-json') throw new Error('expected a code list');
  return parsed;
}

async function parseReal(path: string, options: ParseOptions = { system: NCMP }): Promise<ParsedCodeList> {
  return parseList(await readFile(path), path.split('/').pop() ?? path, options);
}

const displayOf = (list: ParsedCodeList, code: string): string | undefined => list.concepts.find((c) => c.code === code)?.display;

/** Expects an ImportError with this file, line and problem. */
async function expectImportError(promise: Promise<unknown>, file: string, line: number | undefined, problem: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  const importError = error as ImportError;
  expect(importError.file).toBe(file);
  expect(importError.line).toBe(line);
  expect(importError.problem).toMatch(problem);
}

describeWithSources('parseCodeFile on the real files', () => {
  it('reads the ISO-8859-1 KITH register of 2007 and normalises ZWU 40 to ZWUU40', async () => {
    const list = await parseReal(join(KITH, 'NCMP_2007.txt'));
    expect(list).toMatchObject({ format: 'kith-txt', encoding: 'iso-8859-1', repairedDoubleEncoding: false });
    expect(list.concepts).toHaveLength(683);
    expect(displayOf(list, 'ZWUU40')).toBe('Bruk av telemedisin');
    expect(displayOf(list, 'ZWNN00')).toBe('To - fire like behandlinger/undersøkelser i samme seanse');
    expect(list.concepts.find((c) => c.code === 'ZWUU40')?.line).toBe(683);
  });

  it('reads UTF-8 with BOM (2014, trailing TAB and a code with a trailing space) and without BOM (2012)', async () => {
    const y2014 = await parseReal(join(KITH, 'NCMP2014_koderegister_250913.txt'));
    expect(y2014).toMatchObject({ encoding: 'utf-8-bom' });
    expect(y2014.concepts).toHaveLength(885);
    expect(displayOf(y2014, 'IAAK00')).toBe('Fullstendig nevropsykologisk utredning utført og tolket av nevropsykolog');
    expect(displayOf(y2014, 'WEOC10')).toBe('Karbonterapi');
    const y2012 = await parseReal(join(KITH, 'NCMP2012_koderegister_180811.txt'));
    expect(y2012).toMatchObject({ encoding: 'utf-8' });
    expect(displayOf(y2012, 'WBGM00')).toBe('Intravenøs injeksjon/infusjon av legemiddel');
  });

  it('reads the ISO-8859-1 CSV, the .xlsx and the .txt of 2014 to the same codes and texts', async () => {
    const txt = await parseReal(join(KITH, 'NCMP2014_koderegister_250913.txt'));
    const csv = await parseReal(join(KITH, 'NCMP2014_koderegister_250913.csv'));
    const xlsx = await parseReal(join(KITH, 'NCMP2014_koderegister_250913.xlsx'));
    expect(csv).toMatchObject({ format: 'csv', encoding: 'iso-8859-1' });
    expect(xlsx).toMatchObject({ format: 'xlsx', encoding: 'binary' });
    const pairs = (l: ParsedCodeList): string[][] => l.concepts.map((c) => [c.code, c.display]);
    expect(pairs(xlsx)).toEqual(pairs(csv));
    // The CSV export quotes texts that hold `"` ("" inside). Two texts have no quotes in the CSV and the
    // workbook, but have them in the .txt: a difference of the sources, not of the reading.
    expect(displayOf(csv, 'DFGX15')).toBe('Samtaleterapi ved øresus, "Tinnitus Retraining Therapy"');
    expect(displayOf(csv, 'GDFX40')).toBe('Single-breath med nitrogentest');
    expect(displayOf(txt, 'GDFX40')).toBe('"Single-breath" med nitrogentest');
    const lostQuotes = new Set(['GDFX35', 'GDFX40']);
    const without = (l: ParsedCodeList): string[][] => pairs(l).filter(([code]) => !lostQuotes.has(code ?? ''));
    expect(without(csv)).toEqual(without(txt));
  });

  it('reads the SKDE TSV files with their header row', async () => {
    const list = await parseReal(join(SKDE, 'NCMP_2016_code_text.tsv'));
    expect(list).toMatchObject({ format: 'tsv', encoding: 'utf-8' });
    expect(list.concepts).toHaveLength(753);
    expect(list.concepts[0]).toMatchObject({ code: 'AAAA00', line: 2 });
  });

  it('reads særkoder: space-separated 2010 lines, code;text;;;;;;;;; CSV, and 2017 texts without the SÆRKODE label', async () => {
    const y2010 = await parseReal(join(KITH, 'Saerkoder 2010.txt'), { system: SAERKODER, allowCodes: ['42KD', '42KJ'] });
    expect(displayOf(y2010, '4AC05')).toBe('Behandling med legemiddel L04AC05 (Ustekinumab)');
    expect(displayOf(y2010, '0XX01')).toBe('Åpen kode 1');
    const y2014 = await parseReal(join(KITH, 'Særkoder 2014 v 4 250913.csv'), { system: SAERKODER });
    // Sold as cp1252, but no byte 0x80–0x9F occurs, so it reads as ISO-8859-1.
    expect(y2014).toMatchObject({ format: 'csv', encoding: 'iso-8859-1' });
    expect(y2014.concepts).toHaveLength(57);
    expect(displayOf(y2014, 'A0093')).toMatch(/^Hjemme/);
    const y2017 = await parseReal(join(SKDE, 'saerkoder_2017_code_text.tsv'), { system: SAERKODER });
    expect(y2017.concepts).toHaveLength(144);
    expect(displayOf(y2017, '1AC01')).toBe('Behandling med legemiddel H01AC01 (Somatropin)');
  });

  it('refuses the særkode 2009 list\'s odd codes unless they are named', async () => {
    await expectImportError(parseReal(join(KITH, 'Saerkoder2009.txt'), { system: SAERKODER }), 'Saerkoder2009.txt', 6, /malformed code '42KD'/);
    const list = await parseReal(join(KITH, 'Saerkoder2009.txt'), { system: SAERKODER, allowCodes: ['42KD', '42KJ', 'WURX00', 'WURX05'] });
    expect(list.concepts).toHaveLength(65);
  });

  it('refuses an old .xls workbook with advice to convert it', async () => {
    await expectImportError(parseReal(join(KITH, 'nasjonale særkoder 2008.xls'), { system: SAERKODER }), 'nasjonale særkoder 2008.xls', undefined, /convert|save it as \.xlsx/);
  });

  it('repairs a double-encoded copy to the same texts', async () => {
    const original = await readFile(join(KITH, 'NCMP2013_koderegister_140613.txt'));
    const copy = Buffer.from(iconv.decode(original, 'win1252'), 'utf8');
    expect(copy.toString('utf8')).toContain('Ã¸');
    const repaired = await parseList(copy, 'copy.txt');
    expect(repaired.repairedDoubleEncoding).toBe(true);
    expect(repaired.concepts).toEqual((await parseList(original, 'copy.txt')).concepts);
  });
});

describe('parseCodeFile on made-up files', () => {
  const ncmp = (text: string, name = 'x.txt'): Promise<ParsedCodeList> => parseList(Buffer.from(text, 'utf8'), name);

  it('reads an .xlsx with the Helsedirektoratet column set by header name', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Koder');
    sheet.addRow(['Kode', 'Tekst_med_maksimalt_60_tegn', 'Tekst_uten_lengdebegrensning', 'Gyldig_fra', 'Gyldig_til', 'Foreldrekode', 'Foreldrekodetekst']);
    sheet.addRow(['JAGD50', 'Oppstart av peritonealdialyse', 'Oppstart av peritonealdialyse (PD) i hjemmet', new Date(Date.UTC(2021, 0, 1)), '31.12.2030', 'JAGD', 'Dialyse']);
    sheet.addRow(['ZWUU40', 'Bruk av telemedisin', 'Bruk av telemedisin', '2007-01-01', null, null, null]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const list = await parseList(bytes, 'alle.xlsx');
    expect(list.concepts).toEqual([
      {
        code: 'JAGD50',
        display: 'Oppstart av peritonealdialyse (PD) i hjemmet',
        shortText: 'Oppstart av peritonealdialyse',
        validFrom: '2021-01-01',
        validTo: '2030-12-31',
        parentCode: 'JAGD',
        line: 2,
      },
      { code: 'ZWUU40', display: 'Bruk av telemedisin', shortText: 'Bruk av telemedisin', validFrom: '2007-01-01', line: 3 },
    ]);
  });

  it('keeps bare quotes in texts', async () => {
    const list = await ncmp('WBGM00\tMed "anførsel\n', 'q.txt');
    expect(list.concepts[0]?.display).toBe('Med "anførsel');
    const csv = await ncmp('WBGM00;Med "anførsel; og semikolon;;;;\nWBGM05;"Sitat: ""x""; slutt";;;\nWBGM10;"x" og "y"\n', 'q.csv');
    expect(csv.concepts.map((c) => c.display)).toEqual(['Med "anførsel; og semikolon', 'Sitat: "x"; slutt', '"x" og "y"']);
  });

  it('names file, line and problem for each kind of bad file', async () => {
    await expectImportError(ncmp('AAAA00\tEEG\n', 'codes.dat'), 'codes.dat', undefined, /unknown format/);
    await expectImportError(ncmp('AAAA00\tEEG\nAAAA05\tEEG overv\ufffdking\n'), 'x.txt', 2, /wrong encoding/);
    await expectImportError(ncmp('AAAA00\tEEG\nAAAA5\tEEG\n'), 'x.txt', 2, /malformed code 'AAAA5'/);
    await expectImportError(ncmp('AAAA00\tEEG\n\nAAAA00\tEEG igjen\n'), 'x.txt', 3, /duplicate code AAAA00 \(first on line 1\)/);
    await expectImportError(ncmp('\n\n'), 'x.txt', undefined, /empty file/);
    await expectImportError(ncmp('code\ttext\n', 'x.tsv'), 'x.tsv', undefined, /empty file/);
    await expectImportError(ncmp('AAAA00\t\n'), 'x.txt', 1, /no text/);
    await expectImportError(ncmp('not a workbook', 'x.xlsx'), 'x.xlsx', undefined, /not an \.xlsx/);
  });

  it('reads a FHIR JSON resource', async () => {
    const parsed = await parseCodeFile(Buffer.from(JSON.stringify({ resourceType: 'ValueSet', url: 'http://x', status: 'active' })), 'vs.json', {});
    expect(parsed).toMatchObject({ format: 'fhir-json', resource: { resourceType: 'ValueSet' } });
    await expectImportError(parseCodeFile(Buffer.from('{"resourceType":"Patient"}'), 'p.json', {}), 'p.json', undefined, /not a FHIR/);
  });
});
