import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { ImportError } from '../../server/import/import-error';
import { importFile } from '../../server/import/import-file';
import { NCMP, SAERKODER } from '../../server/terminology/code-systems';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * The raw-file importers on small files written by the test (no ../shared needed): each distribution format and
 * encoding of DOMAIN.md §5 lands with the same texts, and a bad file changes nothing.
 */
describe('importing code files of every format (fixtures written by the test)', () => {
  let tdb: TestDatabase;
  let dir: string;
  const texts = ['Elektroencefalografi (EEG) i våken tilstand', 'Måling av blodtrykk, «døgnregistrering»', 'Ærlig øvelse'];
  const codes = ['AAAA00', 'PAAX10', 'WXYZ99'];
  const lines = codes.map((c, i) => `${c}\t${texts[i]}`).join('\n') + '\n';

  beforeAll(async () => {
    tdb = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'ncmp-fixtures-'));
  });
  afterAll(async () => {
    await tdb.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, bytes: string | Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };
  const stored = async (resourceId: string) =>
    (
      await sql<{ code: string; display: string }>`
        select c.code, c.display from concept c join code_system_version v on v.id = c.version_id
        where v.resource_id = ${resourceId} and not c.abstract order by c.code`.execute(tdb.db)
    ).rows;
  const expected = codes.map((code, i) => ({ code, display: texts[i] }));

  const xlsx = async (): Promise<Buffer> => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('NCMP');
    codes.forEach((c, i) => sheet.addRow([c, texts[i]]));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };

  it.each([
    ['KITH txt in ISO-8859-1', 'latin1.txt', () => iconv.encode(lines, 'latin1'), /^iso-8859-1$/, 2101],
    ['KITH txt in UTF-8 with BOM', 'bom.txt', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines, 'utf8')]), /^utf-8-bom$/, 2102],
    ['KITH txt double-encoded (Ã¥ for å)', 'double.txt', () => Buffer.from(iconv.decode(Buffer.from(lines, 'utf8'), 'latin1'), 'utf8'), /^utf-8$/, 2103],
    // cp1252 and ISO-8859-1 agree on every character of these texts, so either name is right.
    ['the ; csv in cp1252, særkode style trailing fields', 'list.csv', () => iconv.encode(codes.map((c, i) => `${c};${texts[i]};;;;`).join('\n'), 'win1252'), /^(windows-1252|iso-8859-1)$/, 2104],
    ['tsv with a header', 'list.tsv', () => Buffer.from(`code\ttext\n${lines}`, 'utf8'), /^utf-8$/, 2105],
    ['xlsx with two columns', 'list.xlsx', xlsx, /^binary$/, 2106],
  ] as const)('loads %s with the right texts', async (_label, name, bytes, encoding, year) => {
    const version = `9${name.replace(/[^a-z0-9]/g, '')}`;
    const result = await importFile(tdb.db, await write(name, await bytes()), { system: NCMP, version, effectiveFrom: `${year}-01-01` });
    expect(result).toMatchObject({ status: 'loaded', resourceId: `ncmp-${version}` });
    expect(await stored(`ncmp-${version}`)).toEqual(expected);
    const source = await tdb.db.selectFrom('code_system_version').select(['source', 'concept_count']).where('resource_id', '=', `ncmp-${version}`).executeTakeFirstOrThrow();
    expect(source.concept_count).toBe(3);
    expect(source.source.encoding).toMatch(encoding);
  });

  it('refuses a bad file naming file and line, and leaves the database as it was', async () => {
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from concept`.execute(tdb.db)).rows[0]?.n;
    const before = await count();
    const bad = await write('bad.txt', 'A0093\tPasientadministrert\nB0014\tPsykoterapi\nB001\tKort kode\n');
    const error: unknown = await importFile(tdb.db, bad, { system: SAERKODER, version: '2099', effectiveFrom: '2099-01-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ file: 'bad.txt', line: 3 });
    expect(await count()).toBe(before);
  });
});
