// NCMP, the Norwegian classification of medical procedures (DOMAIN.md §1–3).
import { PROJECT_BASE } from '../systems';
import { NKPK_URL } from './nkpk';
import { NATIONAL_CODE_LIST_TRAITS, type KnownSystem } from './traits';

/**
 * The 2007 NCMP file writes five Z codes as three letters, a space and two digits; the 2008 file gives the same
 * codes with the third letter doubled (`ZWU 40` = `ZWUU40`), so merely removing the space is wrong.
 */
const LOST_LETTER = /^([A-Z]{2})([A-Z]) ([0-9]{2})$/;
const LOST_LETTER_FOLDED = /^([a-z]{2})([a-z]) ([0-9]{2})$/;

/** Chapter, section and group: the first 1, 2 and 4 characters of a six-character code (DOMAIN.md §3). */
const LEVELS = [1, 2, 4];

export const NCMP: KnownSystem = {
  ...NATIONAL_CODE_LIST_TRAITS,
  key: 'ncmp',
  url: 'urn:oid:2.16.578.1.12.4.1.1.7220',
  name: 'NCMP',
  title: 'Norsk klassifikasjon av medisinske prosedyrer (NCMP)',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description: 'The Norwegian classification of medical (non-surgical) procedures.',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7220' }],
  aliases: [
    'http://helsedir.no/fhir/CodeSystem/no-kodeverk-7220',
    'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7220',
  ],
  unionMemberOf: NKPK_URL,
  idPrefix: 'ncmp',
  codePattern: /^[A-Z]{4}[0-9]{2}$/,
  valueSetUrl: `${PROJECT_BASE}/ValueSet/ncmp`,
  hierarchyMeaning: 'is-a',
  normaliseCode: (code) => code.trim().replace(LOST_LETTER, '$1$2$2$3'),
  searchSpellings: (folded) => (LOST_LETTER_FOLDED.test(folded) ? [folded.replace(LOST_LETTER_FOLDED, '$1$2$2$3')] : []),
  hierarchy: {
    ancestors: (code) => (code.length === 6 ? LEVELS.map((length) => code.slice(0, length)) : []),
    impliedParent: (code) => code.slice(0, 4),
  },
};
