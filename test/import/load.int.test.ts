import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4';
import type { Db } from '../../db/schema';
import { ImportError } from '../../server/import/import-error';
import { importFile } from '../../server/import/import-file';
import { loadFhirResource } from '../../server/import/load';
import { loadCodeSystemVersion, SHORT_TEXT_USE } from '../../server/import/load-code-system';
import { loadManifest, readManifest } from '../../server/import/manifest';
import { resolveVersion } from '../../server/terminology/resolve';
import { SnapshotCache } from '../../server/terminology/snapshot-cache';
import { NCMP, SAERKODER } from '../../server/terminology/code-systems';
import { EFFECTIVE_PERIOD_EXT, MAPPING_VALIDITY_EXT, MAPPING_VALIDITY_NOTE_EXT, PROJECT_BASE } from '../../server/terminology/systems';
import { createTestDatabase, describeWithSources, NCMP_SOURCES, type TestDatabase } from '../support/test-db';

const MANIFEST = resolve(__dirname, '../../scripts/manifests/ncmp-sources.json');
const KITH = join(NCMP_SOURCES, 'norddrg__ncsp');

const EXPECTED_NCMP_COUNTS: Record<string, number> = {
  '2007': 683,
  '2008': 689,
  '2009': 682,
  '2010': 829,
  '2011': 848,
  '2012': 854,
  '2013': 880,
  '2014': 885,
  '2015': 887,
  '2016': 753,
  '2017': 756,
};

/** Everything a failed load must leave as it was: row counts, the revision, and every version's period. */
async function snapshot(db: Db): Promise<unknown> {
  const counts = await sql<Record<string, string>>`
    select (select count(*) from code_system) as code_system,
           (select count(*) from code_system_alias) as code_system_alias,
           (select count(*) from code_system_version) as code_system_version,
           (select count(*) from concept) as concept,
           (select count(*) from value_set) as value_set,
           (select count(*) from concept_map) as concept_map,
           (select count(*) from concept_map_element) as concept_map_element,
           (select revision from content_revision where id = 1) as revision`.execute(db);
  const versions = await db
    .selectFrom('code_system_version')
    .select(['code_system_id', 'version', 'effective_from', 'effective_to', 'source'])
    .orderBy('id')
    .execute();
  return { counts: counts.rows[0], versions };
}

/** Leaf (selectable) concept counts per version of a system. */
async function leafCounts(db: Db, url: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('concept')
    .innerJoin('code_system_version as v', 'v.id', 'concept.version_id')
    .innerJoin('code_system as s', 's.id', 'v.code_system_id')
    .select(['v.version', sql<string>`count(*)`.as('n')])
    .where('s.url', '=', url)
    .where('concept.abstract', '=', false)
    .groupBy('v.version')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.version, Number(r.n)]));
}

async function conceptIn(db: Db, resourceId: string, code: string) {
  return db
    .selectFrom('concept')
    .innerJoin('code_system_version as v', 'v.id', 'concept.version_id')
    .select(['concept.code', 'concept.display', 'concept.parent_code', 'concept.abstract', 'concept.properties', 'concept.designations', 'concept.status'])
    .where('v.resource_id', '=', resourceId)
    .where('concept.code', '=', code)
    .executeTakeFirst();
}

async function rejection(promise: Promise<unknown>): Promise<ImportError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describeWithSources('loading the real NCMP and særkode files', () => {
  let tdb: TestDatabase;
  let tmp: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    tmp = await mkdtemp(join(tmpdir(), 'ncmp-import-'));
    await loadManifest(tdb.db, MANIFEST);
  });
  afterAll(async () => {
    await tdb.destroy();
    await rm(tmp, { recursive: true, force: true });
  });

  it('covers NCMP 2007–2017 and særkoder 2009–2012, 2014, 2017 in the manifest', async () => {
    const entries = await readManifest(MANIFEST);
    expect(entries.filter((e) => e.system === 'ncmp').map((e) => e.version)).toEqual(Object.keys(EXPECTED_NCMP_COUNTS));
    expect(entries.filter((e) => e.system === 'saerkoder').map((e) => e.version)).toEqual(['2009', '2010', '2011', '2012', '2014', '2017']);
    expect(entries.every((e) => e.effectiveFrom === `${e.version}-01-01`)).toBe(true);
  });

  it('stores every version with its number of codes', async () => {
    expect(await leafCounts(tdb.db, NCMP.url)).toEqual(EXPECTED_NCMP_COUNTS);
    expect(await leafCounts(tdb.db, SAERKODER.url)).toEqual({ '2009': 65, '2010': 79, '2011': 34, '2012': 46, '2014': 57, '2017': 144 });
  });

  it('decodes every text: no mojibake, no replacement character', async () => {
    const bad = await db()
      .selectFrom('concept')
      .select(['code', 'display'])
      .where((eb) => eb.or([eb('display', 'like', '%Ã%'), eb('display', 'like', '%\ufffd%')]))
      .execute();
    expect(bad).toEqual([]);
    expect(await conceptIn(db(), 'ncmp-2012', 'WBGM00')).toMatchObject({ display: 'Intravenøs injeksjon/infusjon av legemiddel' });
  });

  it('normalises the 2007 form ZWU 40 to ZWUU40', async () => {
    expect(await conceptIn(db(), 'ncmp-2007', 'ZWUU40')).toMatchObject({ display: 'Bruk av telemedisin', parent_code: 'ZWUU' });
    expect(await conceptIn(db(), 'ncmp-2007', 'ZWU 40')).toBeUndefined();
  });

  it('derives chapter, section and group concepts for NCMP only, with no made-up display, and does not count them', async () => {
    expect(await conceptIn(db(), 'ncmp-2012', 'WBGM00')).toMatchObject({ parent_code: 'WBGM', abstract: false });
    expect(await conceptIn(db(), 'ncmp-2012', 'WBGM')).toMatchObject({
      display: null,
      parent_code: 'WB',
      abstract: true,
      properties: [
        { code: 'notSelectable', valueBoolean: true },
        { code: 'derived', valueBoolean: true },
      ],
    });
    expect(await conceptIn(db(), 'ncmp-2012', 'WB')).toMatchObject({ display: null, parent_code: 'W', abstract: true });
    expect(await conceptIn(db(), 'ncmp-2012', 'W')).toMatchObject({ display: null, parent_code: null, abstract: true });
    const counts = await db().selectFrom('code_system_version').select(['version', 'concept_count']).where('resource_id', 'like', 'ncmp-%').execute();
    expect(Object.fromEntries(counts.map((c) => [c.version, c.concept_count]))).toEqual(EXPECTED_NCMP_COUNTS);
    const saerkodeParents = await db()
      .selectFrom('concept')
      .innerJoin('code_system_version as v', 'v.id', 'concept.version_id')
      .select('concept.code')
      .where('v.resource_id', 'like', 'saerkoder-%')
      .where((eb) => eb.or([eb('concept.parent_code', 'is not', null), eb('concept.abstract', '=', true)]))
      .execute();
    expect(saerkodeParents).toEqual([]);
  });

  it('chains the effective periods: each version ends where the next begins, the newest is open', async () => {
    const versions = await storedPeriods('ncmp-%');
    expect(versions.find((v) => v.version === '2016')).toEqual({ version: '2016', effective_from: '2016-01-01', effective_to: '2017-01-01' });
    expect(versions.at(-1)).toEqual({ version: '2017', effective_from: '2017-01-01', effective_to: null });
    for (const [i, v] of versions.slice(0, -1).entries()) expect(v.effective_to).toBe(versions[i + 1]?.effective_from);
  });

  it('stores a ValueSet of the selectable codes of each version, and the aliases', async () => {
    const vs = await db().selectFrom('value_set').selectAll().where('resource_id', '=', 'ncmp-2014').executeTakeFirstOrThrow();
    expect(vs).toMatchObject({ url: NCMP.valueSetUrl, version: '2014', status: 'active' });
    expect(vs.resource.compose?.include).toEqual([
      { system: NCMP.url, version: '2014', filter: [{ property: 'notSelectable', op: '=', value: 'false' }] },
    ]);
    const aliases = await db().selectFrom('code_system_alias').select('alias').execute();
    expect(aliases.map((a) => a.alias).sort()).toEqual([...NCMP.aliases, ...SAERKODER.aliases].sort());
  });

  it('answers which NCMP version was in force on a date, and in which versions a code existed', async () => {
    const snapshot = await new SnapshotCache(db()).snapshot();
    expect(inForce(snapshot, NCMP.url, '2010-10-01')).toBe('2010');
    expect(inForce(snapshot, NCMP.aliases[0] ?? '', '2030-06-01')).toBe('2017');
    expect(inForce(snapshot, NCMP.url, '2006-12-31')).toBeUndefined();
    const holding = async (code: string) => {
      const versions = snapshot.system(NCMP.url)?.versions ?? [];
      const found = await Promise.all(versions.map(async (v) => ((await snapshot.content(v)).byCode.has(code) ? v.version : undefined)));
      return found.filter((v) => v !== undefined);
    };
    expect(await holding('OAEA00')).toEqual(['2013', '2014', '2015', '2016', '2017']);
    expect((await holding('ZWUU35'))[0]).toBe('2008');
  });

  it('leaves the same version loaded twice unchanged, and does not bump the revision', async () => {
    const before = await snapshot(db());
    const results = await loadManifest(db(), MANIFEST);
    expect(results.every((r) => r.result.status === 'unchanged')).toBe(true);
    expect(await snapshot(db())).toEqual(before);
    // Unchanged files are not parsed again, yet report the rows their version holds.
    for (const r of results.filter((x) => x.result.resourceType === 'CodeSystem')) {
      const stored = await db()
        .selectFrom('concept')
        .innerJoin('code_system_version', 'code_system_version.id', 'concept.version_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('code_system_version.resource_id', '=', r.result.resourceId)
        .executeTakeFirstOrThrow();
      expect(r.result.rowCount).toBe(Number(stored.n));
      expect(r.result.rowCount).toBeGreaterThan(0);
    }
  });

  it('does not parse a file again whose bytes are stored already, and parses it when its format is named otherwise', async () => {
    const file = join(KITH, 'Saerkoder2009.txt');
    const options = { system: SAERKODER, version: '2009', effectiveFrom: '2009-01-01' };
    // Parsed, this file fails without allowCodes ('42KD' is malformed): an 'unchanged' answer shows it was not parsed.
    const again = await importFile(db(), file, options);
    expect(again).toMatchObject({ status: 'unchanged', resourceId: 'saerkoder-2009' });
    expect(again.rowCount).toBeGreaterThan(0);
    // A different format than the stored one's is not the same load: the file is parsed, and refused.
    const error = await rejection(importFile(db(), file, { ...options, format: 'csv' }));
    expect(error.file).toBe('Saerkoder2009.txt');
  });

  it('refuses other content for a loaded version unless asked to replace it', async () => {
    const before = await snapshot(db());
    const csv = join(KITH, 'NCMP2014_koderegister_250913.csv');
    const error = await rejection(importFile(db(), csv, { system: NCMP, version: '2014', effectiveFrom: '2014-01-01' }));
    expect(error.file).toBe('NCMP2014_koderegister_250913.csv');
    expect(error.problem).toMatch(/already loaded.*--replace/);
    const moved = await rejection(importFile(db(), join(KITH, 'NCMP2014_koderegister_250913.txt'), { system: NCMP, version: '2014', effectiveFrom: '2014-02-01' }));
    expect(moved.problem).toMatch(/another effective date/);
    expect(await snapshot(db())).toEqual(before);

    const replaced = await importFile(db(), csv, { system: NCMP, version: '2014', effectiveFrom: '2014-01-01', replace: true });
    expect(replaced.status).toBe('replaced');
    expect(await conceptIn(db(), 'ncmp-2014', 'GDFX40')).toMatchObject({ display: 'Single-breath med nitrogentest' });
    const source = await db().selectFrom('code_system_version').select('source').where('resource_id', '=', 'ncmp-2014').executeTakeFirstOrThrow();
    expect(source.source).toMatchObject({ file: 'NCMP2014_koderegister_250913.csv', format: 'csv', encoding: 'iso-8859-1' });
    expect((await leafCounts(db(), NCMP.url))['2014']).toBe(885);

    const back = await importFile(db(), join(KITH, 'NCMP2014_koderegister_250913.txt'), { system: NCMP, version: '2014', effectiveFrom: '2014-01-01', replace: true });
    expect(back.status).toBe('replaced');
    expect(await conceptIn(db(), 'ncmp-2014', 'GDFX40')).toMatchObject({ display: '"Single-breath" med nitrogentest' });
  });

  it('loads the real .xlsx and a double-encoded copy with the same texts', async () => {
    const txt = await conceptIn(db(), 'ncmp-2013', 'ZWUU15');
    const original = await readFile(join(KITH, 'NCMP2013_koderegister_140613.txt'));
    const copy = join(tmp, 'NCMP2013-double.txt');
    await writeFile(copy, Buffer.from(iconv.decode(original, 'win1252'), 'utf8'));
    await importFile(db(), copy, { system: NCMP, version: '2013-double', effectiveFrom: '2013-06-01' });
    expect(await conceptIn(db(), 'ncmp-2013-double', 'ZWUU15')).toEqual(txt);
    expect(await leafCounts(db(), NCMP.url)).toMatchObject({ '2013-double': 880 });

    await importFile(db(), join(KITH, 'NCMP2014_koderegister_250913.xlsx'), { system: NCMP, version: '2014-xlsx', effectiveFrom: '2014-06-01' });
    expect(await conceptIn(db(), 'ncmp-2014-xlsx', 'ZWUU40')).toMatchObject({ display: 'Bruk av telemedisin' });
    // The extra versions sit inside the chain without breaking it.
    expect(await periodInForce(NCMP.url, '2013-07-01')).toEqual({ version: '2013-double', effectiveTo: '2014-01-01' });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Prosedyrekoder');
    sheet.addRow(['Kode', 'Tekst_med_maksimalt_60_tegn', 'Tekst_uten_lengdebegrensning', 'Gyldig_fra', 'Gyldig_til', 'Foreldrekode']);
    sheet.addRow(['JAGD50', 'Oppstart av peritonealdialyse', 'Oppstart av peritonealdialyse i hjemmet', new Date(Date.UTC(2021, 0, 1)), null, 'JAGD']);
    sheet.addRow(['OAEA00', 'Kort tekst', 'Lang tekst', '01.01.2021', '31.12.2030', 'XXXX']);
    const xlsx = join(tmp, 'alle-prosedyrekoder.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    await importFile(db(), xlsx, { system: NCMP, version: '2021-sample', effectiveFrom: '2021-01-01', content: 'fragment' });
    expect(await conceptIn(db(), 'ncmp-2021-sample', 'JAGD50')).toMatchObject({
      display: 'Oppstart av peritonealdialyse i hjemmet',
      parent_code: 'JAGD',
      designations: [{ language: 'nb', use: SHORT_TEXT_USE, value: 'Oppstart av peritonealdialyse' }],
      properties: [{ code: 'effectiveDate', valueDateTime: '2021-01-01' }],
    });
    expect(await conceptIn(db(), 'ncmp-2021-sample', 'OAEA00')).toMatchObject({
      parent_code: 'OAEA',
      properties: [
        { code: 'effectiveDate', valueDateTime: '2021-01-01' },
        { code: 'retirementDate', valueDateTime: '2030-12-31' },
        { code: 'foreldrekode', valueCode: 'XXXX' },
      ],
    });
    const version = await db().selectFrom('code_system_version').select(['content', 'effective_to']).where('resource_id', '=', 'ncmp-2021-sample').executeTakeFirstOrThrow();
    expect(version).toEqual({ content: 'fragment', effective_to: null });
    expect(await periodInForce(NCMP.url, '2020-01-01')).toEqual({ version: '2017', effectiveTo: '2021-01-01' });
  });

  it('refuses bad files naming file and line, and leaves the database exactly as it was', async () => {
    const write = async (name: string, content: string | Buffer): Promise<string> => {
      const path = join(tmp, name);
      await writeFile(path, content);
      return path;
    };
    const cases: [string, number | undefined, RegExp][] = [
      [await write('codes.dat', 'AAAA00\tEEG\n'), undefined, /unknown format/],
      [await write('fffd.txt', 'AAAA00\tEEG\nAAAA05\tEEG overv\ufffdking\n'), 2, /wrong encoding/],
      [await write('malformed.txt', 'AAAA00\tEEG\nAAAA05\tEEG\nAAA10\tCorticografi\n'), 3, /malformed code 'AAA10'/],
      [await write('duplicate.csv', iconv.encode('AAAA00;EEG\nAAAA05;Måling\nAAAA00;EEG\n', 'latin1')), 3, /duplicate code AAAA00/],
      [await write('empty.tsv', 'code\ttext\n\n'), undefined, /empty file/],
      [join(KITH, 'nasjonale særkoder 2008.xls'), undefined, /xlsx/],
    ];
    const before = await snapshot(db());
    for (const [path, line, problem] of cases) {
      const error = await rejection(importFile(db(), path, { system: NCMP, version: '2099', effectiveFrom: '2099-01-01' }));
      expect({ file: error.file, line: error.line }).toEqual({ file: path.split('/').pop(), line });
      expect(error.problem).toMatch(problem);
    }
    // A failure inside the transaction, after the version and its concepts were written: two versions
    // may not start on the same day, which only the period chaining at the end finds.
    const clash = await rejection(
      importFile(db(), join(KITH, 'NCMP2014_koderegister_250913.txt'), { system: NCMP, version: '2014-clash', effectiveFrom: '2014-01-01' }),
    );
    expect(clash.problem).toMatch(/version 2014 of .* is already in force from 2014-01-01; two versions cannot start on the same day/);
    // And a failed replace keeps the version it was to replace.
    await rejection(
      loadCodeSystemVersion(db(), {
        system: NCMP,
        version: '2015',
        effectiveFrom: '2016-01-01',
        content: 'complete',
        concepts: [{ code: 'AAAA00', display: 'x' }],
        source: { file: 'x.txt', sha256: 'other', format: 'kith-txt', encoding: 'utf-8' },
        replace: true,
      }),
    );
    expect(await snapshot(db())).toEqual(before);
    expect(await conceptIn(db(), 'ncmp-2015', 'AAAA00')).toBeDefined();
  });

  it('loads a FHIR ConceptMap with validity extensions into concept_map_element, idempotently', async () => {
    const map: ConceptMap = {
      resourceType: 'ConceptMap',
      id: 'saerkoder-to-ncmp',
      url: `${PROJECT_BASE}/ConceptMap/saerkoder-to-ncmp`,
      version: '1',
      name: 'SaerkoderToNcmp',
      status: 'active',
      sourceUri: SAERKODER.valueSetUrl,
      targetUri: NCMP.valueSetUrl,
      group: [
        {
          source: SAERKODER.url,
          target: NCMP.url,
          element: [
            {
              code: 'A0093',
              target: [{ code: 'JAGD55', equivalence: 'equivalent', extension: [{ url: MAPPING_VALIDITY_EXT, valuePeriod: { start: '2021-01-01' } }] }],
            },
            {
              code: 'B0009',
              target: [
                { code: 'WPBA10', equivalence: 'narrower', extension: [{ url: MAPPING_VALIDITY_NOTE_EXT, valueString: 'before 2021' }] },
                { code: 'WPBA15', equivalence: 'narrower', extension: [{ url: MAPPING_VALIDITY_EXT, valuePeriod: { start: '2019-01-01T00:00:00Z', end: '2030-01-01' } }] },
              ],
            },
            { code: 'B0025' },
          ],
        },
      ],
    };
    const loaded = await loadFhirResource(db(), map, { file: 'map.json' });
    expect(loaded).toMatchObject({ status: 'loaded', resourceId: 'saerkoder-to-ncmp', rowCount: 4 });
    const header = await db().selectFrom('concept_map').selectAll().executeTakeFirstOrThrow();
    expect(header).toMatchObject({ url: map.url, version: '1', source_scope: SAERKODER.valueSetUrl, target_scope: NCMP.valueSetUrl });
    expect(header.resource.group).toBeUndefined();
    const rows = await db()
      .selectFrom('concept_map_element')
      .select(['source_code', 'target_code', 'equivalence', 'valid_from', 'valid_to', 'validity_note'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { source_code: 'A0093', target_code: 'JAGD55', equivalence: 'equivalent', valid_from: '2021-01-01', valid_to: null, validity_note: null },
      { source_code: 'B0009', target_code: 'WPBA10', equivalence: 'narrower', valid_from: null, valid_to: null, validity_note: 'before 2021' },
      { source_code: 'B0009', target_code: 'WPBA15', equivalence: 'narrower', valid_from: '2019-01-01', valid_to: '2030-01-01', validity_note: null },
      { source_code: 'B0025', target_code: null, equivalence: 'unmatched', valid_from: null, valid_to: null, validity_note: null },
    ]);

    const before = await snapshot(db());
    expect((await loadFhirResource(db(), map, { file: 'map.json' })).status).toBe('unchanged');
    expect(await snapshot(db())).toEqual(before);
    const changed: ConceptMap = { ...map, group: [{ ...map.group![0]!, element: map.group![0]!.element.slice(0, 1) }] };
    expect((await rejection(loadFhirResource(db(), changed, { file: 'map.json' }))).problem).toMatch(/already loaded/);
    expect(await snapshot(db())).toEqual(before);
    expect(await loadFhirResource(db(), changed, { file: 'map.json', replace: true })).toMatchObject({ status: 'replaced', rowCount: 1 });
    expect(await db().selectFrom('concept_map_element').select('source_code').execute()).toEqual([{ source_code: 'A0093' }]);
  });

  it('loads a FHIR CodeSystem with nested concepts, and a ValueSet', async () => {
    const cs: CodeSystem = {
      resourceType: 'CodeSystem',
      url: 'http://example.org/fhir/CodeSystem/demo',
      version: '1.0',
      name: 'Demo',
      status: 'active',
      content: 'complete',
      extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: '2020-01-01' } }],
      concept: [
        {
          code: 'A',
          display: 'Gruppe A',
          property: [{ code: 'notSelectable', valueBoolean: true }],
          concept: [
            { code: 'A1', display: 'Første', designation: [{ language: 'en', value: 'First' }] },
            { code: 'A2', display: 'Andre', property: [{ code: 'status', valueCode: 'retired' }] },
            { code: 'A3', display: 'Tredje', property: [{ code: 'inactive', valueBoolean: true }] },
          ],
        },
      ],
    };
    const file = join(tmp, 'demo.json');
    await writeFile(file, JSON.stringify(cs));
    expect(await importFile(db(), file, {})).toMatchObject({ status: 'loaded', resourceType: 'CodeSystem', resourceId: 'Demo-1.0', rowCount: 4 });
    expect(await conceptIn(db(), 'Demo-1.0', 'A')).toMatchObject({ abstract: true, parent_code: null });
    expect(await conceptIn(db(), 'Demo-1.0', 'A1')).toMatchObject({ parent_code: 'A', status: 'active', designations: [{ language: 'en', value: 'First' }] });
    expect(await conceptIn(db(), 'Demo-1.0', 'A2')).toMatchObject({ parent_code: 'A', status: 'retired' });
    expect(await conceptIn(db(), 'Demo-1.0', 'A3')).toMatchObject({ status: 'inactive' });
    const stored = await new SnapshotCache(db()).snapshot();
    expect(inForce(stored, cs.url ?? '', '2024-01-01')).toBe('1.0');
    expect(stored.system(cs.url ?? '')?.versions[0]?.effectiveFrom).toBe('2020-01-01');
    expect((await importFile(db(), file, {})).status).toBe('unchanged');

    // Without an effective period (most CodeSystems carry none): stored without a date, not refused or dated.
    const undated = { ...cs, url: 'http://example.org/fhir/CodeSystem/undated', name: 'Undated', version: '2.0', extension: [] };
    expect(await loadFhirResource(db(), undated)).toMatchObject({ status: 'loaded', resourceId: 'Undated-2.0' });
    expect((await loadFhirResource(db(), undated)).status).toBe('unchanged');
    // A version an older server stored (before versions kept their attributes) is stored again from the same
    // bytes, so an upgraded server answers as a fresh one; after that it is unchanged again.
    const withLanguage = { ...undated, version: '2.5', language: 'nb' };
    expect((await loadFhirResource(db(), withLanguage)).status).toBe('loaded');
    await sql`update code_system_version set attributes = '{}'::jsonb, source = source - 'storeFormat' where resource_id = 'Undated-2.5'`.execute(db());
    expect(await loadFhirResource(db(), withLanguage)).toMatchObject({ status: 'replaced', resourceId: 'Undated-2.5' });
    const refreshed = await sql<{ attributes: { language?: string } }>`select attributes from code_system_version where resource_id = 'Undated-2.5'`.execute(db());
    expect(refreshed.rows[0]?.attributes.language).toBe('nb');
    expect((await loadFhirResource(db(), withLanguage)).status).toBe('unchanged');
    await sql`delete from code_system_version where resource_id = 'Undated-2.5'`.execute(db());
    expect(await loadFhirResource(db(), { ...undated, version: '3.0' })).toMatchObject({ status: 'loaded', resourceId: 'Undated-3.0' });
    expect(await storedPeriods('Undated-%')).toEqual([
      { version: '2.0', effective_from: null, effective_to: null },
      { version: '3.0', effective_from: null, effective_to: null },
    ]);

    const vs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/fhir/ValueSet/demo', version: '1', status: 'draft', compose: { include: [{ system: cs.url }] } };
    expect(await loadFhirResource(db(), vs)).toMatchObject({ status: 'loaded', resourceId: 'valueset-1' });
    expect((await loadFhirResource(db(), vs)).status).toBe('unchanged');
  });

  /** The version the server resolves for a date, as every operation does. */
  function inForce(snapshot: Awaited<ReturnType<SnapshotCache['snapshot']>>, system: string, date: string): string | undefined {
    const r = resolveVersion(snapshot, { system, date });
    return r.kind === 'found' ? r.version.version : undefined;
  }

  /** The stored effective periods of the versions whose resource id is like the pattern, oldest first. */
  function storedPeriods(resourceIdLike: string) {
    return db()
      .selectFrom('code_system_version')
      .select(['version', 'effective_from', 'effective_to'])
      .where('resource_id', 'like', resourceIdLike)
      .orderBy('effective_from')
      .orderBy('version')
      .execute();
  }

  /** The version in force on a date as the store holds it now, with the end of its period. */
  async function periodInForce(system: string, date: string): Promise<{ version: string; effectiveTo: string | null } | undefined> {
    const r = resolveVersion(await new SnapshotCache(db()).snapshot(), { system, date });
    return r.kind === 'found' ? { version: r.version.version, effectiveTo: r.version.effectiveTo } : undefined;
  }

  function db(): TestDatabase['db'] {
    return tdb.db;
  }
});
