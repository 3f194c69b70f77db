// NCSP, the Norwegian classification of surgical procedures (NOMESCO's NCSP, Norwegian edition; DOMAIN.md §2–3).
import { PROJECT_BASE } from '../systems';
import { NKPK_URL } from './nkpk';
import { NATIONAL_CODE_LIST_TRAITS, type KnownSystem } from './traits';

/**
 * The 1999 list writes every code with a space after the third character (`AAA 00`, `AA0 27`), and the 2010 file
 * eleven codes (`JXA 00`): the code is the same without the space (a text search tries that compact form already).
 */
const SPACED = /^([A-Z]{2}[A-Z0-9]) ([0-9]{2})$/;

export const NCSP: KnownSystem = {
  ...NATIONAL_CODE_LIST_TRAITS,
  key: 'ncsp',
  url: 'urn:oid:2.16.578.1.12.4.1.1.7210',
  name: 'NCSP',
  title: 'Norsk klassifikasjon av kirurgiske prosedyrer (NCSP)',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description: 'The Norwegian classification of surgical procedures (the Norwegian edition of the NOMESCO Classification of Surgical Procedures).',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7210' }],
  aliases: ['http://helsedir.no/fhir/CodeSystem/no-kodeverk-7210', 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7210'],
  unionMemberOf: NKPK_URL,
  idPrefix: 'ncsp',
  // Three letters and two digits (`JKA21`). The 1999–2007 registers also hold minor-procedure codes of two letters
  // and three digits (`TA510`); the content generator admits those for those years only (see nkpk-sources.json).
  codePattern: /^[A-Z]{3}[0-9]{2}$/,
  valueSetUrl: `${PROJECT_BASE}/ValueSet/ncsp`,
  // The code files give leaf codes only and no source here states NCSP's levels: no hierarchy is derived.
  hierarchyMeaning: undefined,
  normaliseCode: (code) => code.trim().replace(SPACED, '$1$2'),
};
