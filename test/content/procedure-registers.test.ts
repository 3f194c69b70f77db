import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseCodeFile } from '../../server/import/parse';
import { NCSP } from '../../server/terminology/code-systems';
import { readRegister, readRegisterManifest, type RegisterEntry } from '../../scripts/content/procedure-registers';
import { describeWithSources } from '../support/test-db';

const MANIFEST = resolve(__dirname, '../../scripts/manifests/nkpk-sources.json');
const SOURCES = resolve(dirname(MANIFEST), '../../../shared/data/ncmp-sources');
const SKDE = (kind: string, year: string): string => resolve(SOURCES, `SKDE-Analyse__sas_codes/derived/${kind}_${year}_code_text.tsv`);

async function entry(system: string, version: string): Promise<RegisterEntry> {
  const found = (await readRegisterManifest(MANIFEST)).find((e) => e.system === system && e.version === version);
  if (!found) throw new Error(`no ${system} ${version} in the manifest`);
  return found;
}

async function codesAndTexts(path: string): Promise<Map<string, string>> {
  const parsed = await parseCodeFile(readFileSync(path), basename(path), { system: NCSP });
  if (parsed.format === 'fhir-json') throw new Error('not a code list');
  return new Map(parsed.concepts.map((c) => [c.code, c.display]));
}

describeWithSources('the NCSP and NCRP registers (scripts/manifests/nkpk-sources.json)', () => {
  it('publishes NCSP 1999, 2005, 2007–2017 and NCRP 2016–2017, the KITH file wherever one gives the year', async () => {
    const entries = await readRegisterManifest(MANIFEST);
    expect(entries.filter((e) => e.system === 'ncsp').map((e) => e.version)).toEqual(['1999', '2005', ...Array.from({ length: 11 }, (_, i) => String(2007 + i))]);
    expect(entries.filter((e) => e.system === 'ncrp').map((e) => e.version)).toEqual(['2016', '2017']);
    for (const e of entries.filter((x) => x.system === 'ncsp' && Number(x.version) <= 2014 && x.version !== '2013')) expect(e.file).toContain('norddrg__ncsp/');
    // NCSP 2013 is only in the SKDE extraction: the KITH file with "2013" in its name is the 2014 register.
    expect((await entry('ncsp', '2013')).file).toContain('NCSP_2013_code_text.tsv');
  });

  it('counts as the sources say: NCSP 2014 6655, NCSP 2017 6538 (særkoder left out), NCRP 2016 1298, NCRP 2017 1345', async () => {
    const count = async (s: string, v: string): Promise<number> => (await readRegister(MANIFEST, await entry(s, v))).concepts.length;
    expect(await count('ncsp', '1999')).toBe(6375);
    expect(await count('ncsp', '2014')).toBe(6655);
    const ncsp2017 = await readRegister(MANIFEST, await entry('ncsp', '2017'));
    expect(ncsp2017.concepts).toHaveLength(6538);
    expect(ncsp2017.omitted).toHaveLength(144);
    expect(ncsp2017.omitted).toEqual(expect.arrayContaining(['A0093', 'WL000', '1AC01']));
    expect(await count('ncrp', '2016')).toBe(1298);
    const ncrp2017 = await readRegister(MANIFEST, await entry('ncrp', '2017'));
    expect(ncrp2017.concepts).toHaveLength(1345);
    expect(ncrp2017.omitted).toContain('TSJWM');
  });

  it('the SKDE extraction agrees with the KITH register where both give a year (2011, 2012, 2014 exactly; 2010 but for four doubled spaces)', async () => {
    for (const year of ['2011', '2012', '2014']) {
      const kith = new Map((await readRegister(MANIFEST, await entry('ncsp', year))).concepts.map((c) => [c.code, c.display]));
      expect({ year, same: [...(await codesAndTexts(SKDE('NCSP', year))).entries()] }).toEqual({ year, same: [...kith.entries()] });
    }
    const kith2010 = new Map((await readRegister(MANIFEST, await entry('ncsp', '2010'))).concepts.map((c) => [c.code, c.display]));
    const skde2010 = await codesAndTexts(SKDE('NCSP', '2010'));
    expect([...skde2010.keys()]).toEqual([...kith2010.keys()]);
    const differing = [...kith2010].filter(([code, text]) => skde2010.get(code) !== text);
    // SOURCE.md speaks of two texts differing in a dash; what differs is four texts where the KITH file has a doubled
    // space that the SKDE extraction has single. The KITH text is published.
    expect(differing.map(([code]) => code)).toEqual(['KXK00', 'KXK03', 'KXK06', 'ZCG50']);
    for (const [code, text] of differing) expect(skde2010.get(code)).toBe(text.replace(/ {2}/g, ' '));
  });

  it('the KITH file misnamed "2013" is the 2014 register, code for code and text for text', async () => {
    const misnamed = await codesAndTexts(resolve(SOURCES, 'norddrg__ncsp/NCSP-KoderegisterFullTekst2013_25_juni_2013.txt'));
    const published = (await readRegister(MANIFEST, await entry('ncsp', '2014'))).concepts.map((c) => [c.code, c.display]);
    expect([...misnamed.entries()]).toEqual(published);
  });
});
