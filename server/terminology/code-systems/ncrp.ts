// NCRP, the Norwegian classification of radiological procedures (DOMAIN.md §2–3).
import { PROJECT_BASE } from '../systems';
import { NKPK_URL } from './nkpk';
import { NATIONAL_CODE_LIST_TRAITS, type KnownSystem } from './traits';

export const NCRP: KnownSystem = {
  ...NATIONAL_CODE_LIST_TRAITS,
  key: 'ncrp',
  url: 'urn:oid:2.16.578.1.12.4.1.1.7270',
  name: 'NCRP',
  title: 'Norsk klassifikasjon av radiologiske prosedyrer (NCRP)',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description: 'The Norwegian classification of radiological procedures.',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7270' }],
  aliases: [
    'http://helsedir.no/fhir/CodeSystem/no-kodeverk-7270',
    'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270',
    // HL7 Norway's kodeverk IG (DOMAIN.md §2).
    'http://helsedir.no/fhir/CodeSystem/no-kodeverk-7270-ncrp',
  ],
  unionMemberOf: NKPK_URL,
  idPrefix: 'ncrp',
  // Three letters, a digit, then two letters (`SAA0AA`) or a digit and a letter (image-guided variants of NCSP
  // codes, `AAB06K`). The SKDE lists also hold `ZTX6W9`, admitted by the content generator by name.
  codePattern: /^[A-Z]{3}[0-9](?:[A-Z]{2}|[0-9][A-Z])$/,
  valueSetUrl: `${PROJECT_BASE}/ValueSet/ncrp`,
  // The code files give leaf codes only and no source here states NCRP's levels: no hierarchy is derived.
  hierarchyMeaning: undefined,
};
