// The særkoder: temporary national special procedure codes, many of them later replaced by NCMP codes (DOMAIN.md §1, §7).
import { PROJECT_BASE } from '../systems';
import { NATIONAL_CODE_LIST_TRAITS, type KnownSystem } from './traits';

export const SAERKODER: KnownSystem = {
  ...NATIONAL_CODE_LIST_TRAITS,
  key: 'saerkoder',
  url: 'urn:oid:2.16.578.1.12.4.1.1.7020',
  name: 'Saerkoder',
  title: 'Nasjonale særkoder for prosedyrer',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description: 'Temporary national special procedure codes used for reporting and financing (ISF/DRG).',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7020' }],
  aliases: ['http://helsedir.no/fhir/CodeSystem/no-kodeverk-7020'],
  idPrefix: 'saerkoder',
  // Five characters, letters and digits, at least one digit (A0093, 1XX01, 4AA27, WL000).
  codePattern: /^(?=.*[0-9])[A-Z0-9]{5}$/,
  valueSetUrl: `${PROJECT_BASE}/ValueSet/saerkoder`,
  hierarchyMeaning: undefined,
};
