// UCUM (http://unitsofmeasure.org): a grammar of unit expressions, checked by the NLM's @lhncbc/ucum-lhc.
import { UcumLhcUtils } from '@lhncbc/ucum-lhc';
import type { CodeSystemProvider } from './provider';

const ucum = UcumLhcUtils.getInstance();

/**
 * UCUM. Any expression the grammar accepts is a code (`mg/dL`, `10*3/uL`, `mmol/L`, `mg/dL{milligram per
 * deciliter}`); its display is the expression itself, as tx.fhir.org and the UCUM guidance for FHIR give it, and
 * the unit's name from ucum-lhc is an English designation.
 */
export const UCUM: CodeSystemProvider = {
  url: 'http://unitsofmeasure.org',
  aliases: [],
  name: 'UCUM',
  title: 'Unified Code for Units of Measure (UCUM)',
  publisher: 'Regenstrief Institute, Inc.',
  description: 'Units of measure as UCUM expressions, validated by @lhncbc/ucum-lhc.',
  // ucum-lhc names no UCUM edition; 2.2 is the current one, and the version tx.fhir.org answers with.
  version: '2.2',
  source: '@lhncbc/ucum-lhc',
  caseSensitive: true,
  lookup(code) {
    // `validateUnitString` also suggests units for a near miss (slow, and never an answer here): not asked for.
    const result = ucum.validateUnitString(code, false);
    if (result.status !== 'valid') return undefined;
    const name = result.unit?.name;
    return { code, display: code, ...(name ? { designations: [{ language: 'en', value: name }] } : {}) };
  },
};
