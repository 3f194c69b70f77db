// ISO 3166-1 country codes (urn:iso:std:iso:3166): alpha-2, alpha-3 and numeric, from i18n-iso-countries.
import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import bokmal from 'i18n-iso-countries/langs/nb.json';
import type { CodeSystemProvider, ProvidedConcept } from './provider';

countries.registerLocale(english);
countries.registerLocale(bokmal);

const PACKAGE = 'i18n-iso-countries';
const PACKAGE_VERSION = (require(`${PACKAGE}/package.json`) as { version: string }).version;

/** A country by its alpha-2 code, under one of its three codes: English display, Norwegian (bokmål) designation. */
function country(code: string, alpha2: string): ProvidedConcept | undefined {
  const en = countries.getName(alpha2, 'en');
  if (!en) return undefined;
  const nb = countries.getName(alpha2, 'nb');
  return { code, display: en, ...(nb ? { designations: [{ language: 'nb', value: nb }] } : {}) };
}

/** The alpha-2 code of a code in any of the three forms (`NO`, `NOR`, `578`), if it is one. */
function alpha2Of(code: string): string | undefined {
  if (/^[A-Z]{2}$/.test(code)) return countries.isValid(code) ? code : undefined;
  if (/^[A-Z]{3}$/.test(code)) return countries.alpha3ToAlpha2(code);
  if (/^[0-9]{3}$/.test(code)) return countries.numericToAlpha2(code);
  return undefined;
}

/**
 * ISO 3166-1: `NO`, `NOR` and `578` are all Norway. Codes are upper case as the standard writes them (`no` is not a
 * code, as tx.fhir.org answers). A list: it expands.
 */
export const ISO_3166: CodeSystemProvider = {
  url: 'urn:iso:std:iso:3166',
  aliases: [],
  name: 'ISO3166Part1',
  title: 'ISO 3166-1 Codes for the representation of names of countries',
  publisher: 'ISO',
  description: 'Country codes (alpha-2, alpha-3 and numeric) with English and Norwegian names, from i18n-iso-countries.',
  // The package's data is its only edition: the standard is amended continuously, not by editions.
  version: PACKAGE_VERSION,
  source: PACKAGE,
  caseSensitive: true,
  lookup(code) {
    const alpha2 = alpha2Of(code);
    return alpha2 === undefined ? undefined : country(code, alpha2);
  },
  enumerate() {
    const out: ProvidedConcept[] = [];
    for (const [alpha2, alpha3] of Object.entries(countries.getAlpha2Codes() as Record<string, string>).map(([a2]) => [a2, countries.alpha2ToAlpha3(a2)] as const)) {
      const numeric = countries.alpha2ToNumeric(alpha2);
      for (const code of [alpha2, alpha3, numeric]) {
        const concept = code ? country(code, alpha2) : undefined;
        if (concept) out.push(concept);
      }
    }
    return out;
  },
};
