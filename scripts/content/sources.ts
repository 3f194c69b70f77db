/**
 * What the project knows about each folder of raw sources in `../shared/data/ncmp-sources`, transcribed from the
 * folder's SOURCE.md: where the files come from and how far to trust them. The generator cites this in every
 * resource it writes (see `SOURCE_FILE_EXT`).
 */

/** How a source file relates to the official publication. */
export type SourceNature =
  /** The official register file, byte for byte. */
  | 'official-register'
  /** Code/text pairs extracted from another program's files (not the official file itself). */
  | 'derived-extraction'
  /** Another organisation's working table: evidence, not an official register. */
  | 'secondary'
  /** A transcription of an official document (the yearly change document). */
  | 'transcription';

/** One folder of raw sources. */
export interface SourceFolder {
  /** The folder name under `ncmp-sources/`. */
  readonly folder: string;
  /** Where the folder's files were taken from (repository and commit, as SOURCE.md gives them). */
  readonly repository: string;
  readonly nature: SourceNature;
  /** What SOURCE.md says about trusting it, in one sentence. */
  readonly note: string;
}

export const SOURCE_FOLDERS: Readonly<Record<string, SourceFolder>> = {
  'norddrg__ncsp': {
    folder: 'norddrg__ncsp',
    repository: 'GitHub norddrg/ncsp, folder norja/, commit 0056df3e37e2c0dd48e9b064cc7027154f5c8373',
    nature: 'official-register',
    note: 'The KITH / Helsedirektoratet code register files, copied byte for byte.',
  },
  'SKDE-Analyse__sas_codes': {
    folder: 'SKDE-Analyse__sas_codes',
    repository: 'GitHub SKDE-Analyse/sas_codes, formater/Prosedyrekoder/NCMP_<year>.sas, commit 4289da1ef560584115a30ca1afa780b980f46565',
    nature: 'derived-extraction',
    note:
      'Code/text pairs read out of SAS PROC FORMAT files (not the official register file); in the særkode list some ' +
      'letters were already lost as "?" in the source.',
  },
  'norddrg-ai-benchmark__Combined2024PL': {
    folder: 'norddrg-ai-benchmark__Combined2024PL',
    repository: 'GitHub longshoreforrest/norddrg-ai-benchmark, NordDRG_Combined2024PL/CSV/proc.csv, commit 4f1dc4dccca742acd517d6385c2bdd4eae93cac1',
    nature: 'secondary',
    note:
      "NordDRG's preliminary Norwegian procedure list for 2024 (June 2023): secondary evidence, not an official " +
      'register; texts cut at 140 characters; its inactivation dates are not used.',
  },
};

/**
 * The repository a file of a folder was taken from. The SKDE folder's entry names the NCMP files' path; its NCSP and
 * NCRP extractions come from the files of the same name pattern beside them (SOURCE.md).
 */
export function repositoryOf(folder: SourceFolder, file: string): string {
  const kind = /^(NCSP|NCRP)_\d{4}_/.exec(file)?.[1];
  return kind && folder.folder === 'SKDE-Analyse__sas_codes' ? folder.repository.replace('NCMP_<year>.sas', `${kind}_<year>.sas`) : folder.repository;
}

/** The yearly change document 2020→2021 (seed 000), transcribed into `ncmp-2021-facts.ts`. */
export const CHANGE_DOCUMENT_2021_FILE = '000_9974d782a03d38a1.txt';

/** Licence statement required by Helsedirektoratet's open-data terms: name the source, do not alter the content. */
export const NLOD = 'Norsk lisens for offentlige data (NLOD) 2.0';

/**
 * Who issued the code file of a version's year. KITH distributed the registers for the directorate and issued
 * the files up to the 2012 register (dated 18.08.2011); KITH was transferred to Helsedirektoratet on 1 January
 * 2012 (seed 002). Direktoratet for e-helse, which holds the code systems since 2016, issued the 2021 change
 * document (seed 000).
 */
export function publisherFor(year: number): string {
  // The NCSP lists before Sosial- og helsedirektoratet was set up (2002) name KITH only.
  if (year < 2002) return 'KITH';
  if (year <= 2012) return 'KITH (for Helsedirektoratet)';
  if (year <= 2015) return 'Helsedirektoratet';
  return 'Direktoratet for e-helse';
}

/** The `copyright` of a resource generated from `file` of `publisher`. */
export function copyrightFor(publisher: string, file: string, repository: string | undefined): string {
  const from = repository ? ` (${repository})` : '';
  return (
    `Content: ${publisher}, published under ${NLOD}. Source: ${file}${from}. ` +
    'Code texts are given as the source has them, decoded to Unicode and otherwise unaltered.'
  );
}
