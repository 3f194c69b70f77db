// ISO 4217 currency codes (urn:iso:std:iso:4217), from currency-codes.
import currencies from 'currency-codes';
import type { CodeSystemProvider, ProvidedConcept } from './provider';

/**
 * The currency with exactly this code. currency-codes also finds `nok` as NOK, but a code is upper case in ISO 4217,
 * so only the exact code is one.
 */
function currency(code: string): ProvidedConcept | undefined {
  const found = currencies.code(code);
  return found?.code === code ? { code, display: found.currency } : undefined;
}

/** ISO 4217 alphabetic currency codes (`NOK` Norwegian Krone). A list: it expands. */
export const ISO_4217: CodeSystemProvider = {
  url: 'urn:iso:std:iso:4217',
  aliases: [],
  name: 'ISO4217',
  title: 'ISO 4217 Currency codes',
  publisher: 'ISO',
  description: 'Alphabetic currency codes with their English names, from currency-codes.',
  // The date of the ISO list the package was made from.
  version: currencies.publishDate,
  source: 'currency-codes',
  caseSensitive: true,
  lookup: currency,
  enumerate: () => currencies.codes().flatMap((code) => currency(code) ?? []),
};
