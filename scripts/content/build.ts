import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { CodeSystem, ConceptMap, FhirResource, ValueSet } from 'fhir/r4';
import { readManifest } from '../../server/import/manifest';
import { parseCodeFile } from '../../server/import/parse';
import { versionValueSet } from '../../server/import/load-code-system';
import { knownSystem, NCMP, SAERKODER, type KnownSystem } from '../../server/terminology/code-systems';
import { buildCodeListCodeSystem, type CodeListEntry, type Provenance } from './code-list-code-system';
import { NCMP_2021_CHANGES, NCMP_CHANGE_DOCUMENT_2021, PROJECT_PUBLISHER, SAERKODE_SUCCESSION_2021 } from './ncmp-2021-facts';
import { buildNcmpFragmentCodeSystem } from './ncmp-fragment-code-system';
import { NORDDRG_2024_VERSION, readNordDrg2024 } from './nordrg-2024';
import { buildSaerkodeSuccessionConceptMap } from './saerkode-succession-concept-map';
import { repairLostCharacters, type EarlierList } from './saerkode-repair';
import { readRegister, readRegisterManifest, registerNote } from './procedure-registers';
import { CHANGE_DOCUMENT_2021_FILE, copyrightFor, publisherFor, repositoryOf, SOURCE_FOLDERS, type SourceFolder } from './sources';

/** Where the generator reads from. */
export interface ContentSources {
  /** The manifest naming the raw code files (paths relative to it). */
  manifest: string;
  /** `../shared/seeds`: the change document. */
  seedsDir: string;
  /** NordDRG's preliminary 2024 list (`proc_nor.csv`). */
  nordDrg2024: string;
  /** The manifest naming the NCSP and NCRP registers (`scripts/manifests/nkpk-sources.json`). */
  registers: string;
}

/** The default sources: the team's copy beside the clone. */
export function defaultSources(root: string): ContentSources {
  const shared = resolve(root, '../shared');
  return {
    manifest: resolve(root, 'scripts/manifests/ncmp-sources.json'),
    seedsDir: resolve(shared, 'seeds'),
    nordDrg2024: resolve(shared, 'data/ncmp-sources/norddrg-ai-benchmark__Combined2024PL/proc_nor.csv'),
    registers: resolve(root, 'scripts/manifests/nkpk-sources.json'),
  };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The source folder a file lies in (its parent, or its grandparent for `derived/`). */
function folderOf(file: string): SourceFolder | undefined {
  const parent = basename(dirname(file));
  return SOURCE_FOLDERS[parent] ?? SOURCE_FOLDERS[basename(dirname(dirname(file)))];
}

function provenanceOf(file: string, bytes: Uint8Array, note?: string): Provenance {
  const folder = folderOf(file);
  const noteText = [folder?.note, note].filter(Boolean).join(' ');
  return {
    file: basename(file),
    sha256: sha256(bytes),
    ...(folder ? { repository: repositoryOf(folder, basename(file)) } : {}),
    nature: folder?.nature ?? 'official-register',
    ...(noteText ? { note: noteText } : {}),
  };
}

/**
 * Every resource the project publishes, generated from the raw sources: one CodeSystem (and its ValueSet) per
 * NCMP register and særkode list of the manifest, the særkode 2017 texts repaired where an earlier official list
 * gives them, NordDRG's preliminary 2024 list as a draft NCMP version, the NCMP 2021 change document as a
 * fragment, and the særkode → NCMP ConceptMap. Deterministic: no clock, no randomness, sources in manifest order.
 */
export async function buildContent(sources: ContentSources): Promise<FhirResource[]> {
  const entries = await readManifest(sources.manifest);
  const base = dirname(sources.manifest);
  const codeSystems: CodeSystem[] = [];
  /** Særkode lists read so far, newest first: the evidence for repairing a later list's texts. */
  const saerkodeLists: EarlierList[] = [];
  for (const entry of entries) {
    const file = resolve(base, entry.file);
    const system = entry.system ? knownSystem(entry.system) : undefined;
    if (!system || !entry.version || !entry.effectiveFrom) throw new Error(`${entry.file}: a manifest entry needs system, version and effectiveFrom`);
    const bytes = await readFile(file);
    const parsed = await parseCodeFile(bytes, basename(file), {
      system,
      ...(entry.format ? { format: entry.format } : {}),
      ...(entry.allowCodes ? { allowCodes: entry.allowCodes } : {}),
    });
    if (parsed.format === 'fhir-json') throw new Error(`${entry.file}: expected a code list`);
    let concepts: CodeListEntry[] = parsed.concepts.map((c) => ({ code: c.code, display: c.display }));
    let note: string | undefined;
    if (system === SAERKODER) {
      concepts = concepts.map((c) => repairLostCharacters(c, saerkodeLists));
      const repaired = concepts.filter((c) => c.property?.some((p) => p.code === 'textRepairedFrom')).map((c) => c.code);
      const damaged = concepts.filter((c) => c.property?.some((p) => p.code === 'textDamaged')).map((c) => c.code);
      if (repaired.length) note = `Texts with characters lost in the source repaired from an earlier official list: ${repaired.join(', ')}.`;
      if (damaged.length) note = `${note ? `${note} ` : ''}Texts with characters lost in the source and no earlier text: ${damaged.join(', ')}.`;
      saerkodeLists.unshift({ file: basename(file), texts: new Map(parsed.concepts.map((c) => [c.code, c.display])) });
    }
    codeSystems.push(codeListVersion(system, entry.version, entry.effectiveFrom, 'active', concepts, provenanceOf(file, bytes, note)));
  }

  // NCSP and NCRP: one version per register of their manifest.
  const registerManifest = sources.registers;
  for (const entry of await readRegisterManifest(registerManifest)) {
    const read = await readRegister(registerManifest, entry);
    codeSystems.push(
      codeListVersion(read.system, entry.version, entry.effectiveFrom, 'active', read.concepts, provenanceOf(read.path, read.bytes, registerNote(read))),
    );
  }

  const prelimBytes = await readFile(sources.nordDrg2024);
  codeSystems.push(
    codeListVersion(
      NCMP,
      NORDDRG_2024_VERSION,
      '2024-01-01',
      'draft',
      readNordDrg2024(prelimBytes.toString('utf8'), NCMP.codePattern),
      provenanceOf(sources.nordDrg2024, prelimBytes, 'Only rows with an NCMP code that are not marked inactivated.'),
    ),
  );

  const seed = resolve(sources.seedsDir, CHANGE_DOCUMENT_2021_FILE);
  const seedBytes = await readFile(seed);
  const documentProvenance: Provenance = {
    file: CHANGE_DOCUMENT_2021_FILE,
    sha256: sha256(seedBytes),
    nature: 'transcription',
    note: `Text extraction of "${NCMP_CHANGE_DOCUMENT_2021.title}" (${NCMP_CHANGE_DOCUMENT_2021.publisher}, ${NCMP_CHANGE_DOCUMENT_2021.date}), transcribed into data.`,
  };
  const documentCopyright = copyrightFor(NCMP_CHANGE_DOCUMENT_2021.publisher, `${NCMP_CHANGE_DOCUMENT_2021.title} (${NCMP_CHANGE_DOCUMENT_2021.date})`, undefined);
  const fragment = buildNcmpFragmentCodeSystem({
    version: '2021',
    changes: NCMP_2021_CHANGES,
    source: NCMP_CHANGE_DOCUMENT_2021,
    provenance: documentProvenance,
    copyright: documentCopyright,
  });
  codeSystems.push(fragment);

  const map: ConceptMap = buildSaerkodeSuccessionConceptMap({
    version: '2021',
    successions: SAERKODE_SUCCESSION_2021,
    ncmpConcepts: NCMP_2021_CHANGES,
    source: NCMP_CHANGE_DOCUMENT_2021,
    publisher: PROJECT_PUBLISHER,
    provenance: documentProvenance,
    copyright: documentCopyright,
  });

  const valueSets: ValueSet[] = codeSystems.map((cs) => {
    const system = knownSystem(cs.url ?? '') as KnownSystem;
    return versionValueSet(system, cs.version ?? '', cs.id ?? '', {
      status: cs.status,
      ...(cs.publisher ? { publisher: cs.publisher } : {}),
      ...(cs.copyright ? { copyright: cs.copyright } : {}),
    });
  });
  return [...codeSystems, ...valueSets, map];
}

function codeListVersion(
  system: KnownSystem,
  version: string,
  effectiveFrom: string,
  status: 'active' | 'draft',
  concepts: CodeListEntry[],
  provenance: Provenance,
): CodeSystem {
  const year = Number(effectiveFrom.slice(0, 4));
  const secondary = provenance.nature === 'secondary';
  const publisher = secondary ? 'NordDRG (secondary source)' : publisherFor(year);
  const what = system === SAERKODER ? 'særkode list' : system.name;
  const description = secondary
    ? `${system.description} Version ${version}: NordDRG's preliminary Norwegian procedure list for 2024 (June 2023), ` +
      `${concepts.length} active NCMP codes. Secondary evidence, not an official register: published so that codes in use ` +
      'after 2017 are not reported invalid; texts are cut at 140 characters in the source.'
    : `${system.description} Version ${version}, in force from ${effectiveFrom}: the ${concepts.length} codes of the ${year} ${what} (${provenance.file}).`;
  return buildCodeListCodeSystem({
    system,
    version,
    effectiveFrom,
    status,
    publisher,
    copyright: copyrightFor(secondary ? 'Helsedirektoratet (codes and texts), as listed by NordDRG' : publisher, provenance.file, provenance.repository),
    description,
    provenance,
    concepts,
  });
}

/** The file name of a resource in the package: `CodeSystem-ncmp-2014.json`. */
export function resourceFileName(resource: FhirResource): string {
  return `${resource.resourceType}-${resource.id ?? 'unnamed'}.json`;
}

/** JSON as the package stores it: two-space indent, a final newline. */
export function packageJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
