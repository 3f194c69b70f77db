import type { CodeSystem } from 'fhir/r4';
import { codeSystemVersionFacts } from '../../server/terminology/code-system-facts';
import { GENERIC_TRAITS, knownSystem, NCMP, NCRP, NCSP, SAERKODER, searchSpellings, traitsFor } from '../../server/terminology/code-systems';
import { STANDARDS_STATUS_EXT } from '../../server/terminology/model';
import { EFFECTIVE_PERIOD_EXT } from '../../server/terminology/systems';

describe('traitsFor', () => {
  it('gives a known system its own traits by url or alias, and any other system the generic ones', () => {
    expect(traitsFor(NCMP.url)).toBe(NCMP);
    expect(traitsFor('http://helsedir.no/fhir/CodeSystem/no-kodeverk-7020')).toBe(SAERKODER);
    expect(traitsFor('http://loinc.org')).toBe(GENERIC_TRAITS);
    expect(GENERIC_TRAITS.historyByDefault || GENERIC_TRAITS.caseHint || GENERIC_TRAITS.displayInForce).toBe(false);
  });
});

describe('NCMP traits', () => {
  it('restores the doubled third letter of the 2007 file (ZWU 40 is ZWUU40), for import and for search', () => {
    expect(NCMP.normaliseCode(' ZWU 40 ')).toBe('ZWUU40');
    expect(SAERKODER.normaliseCode(' ZWU 40 ')).toBe('ZWU 40');
    expect(searchSpellings('zwu 40')).toEqual(['zwuu40']);
    expect(searchSpellings('zwu40')).toEqual([]);
  });

  it('derives chapter, section and group from a six-character code', () => {
    expect(NCMP.hierarchy?.ancestors('WBGM00')).toEqual(['W', 'WB', 'WBGM']);
    expect(NCMP.hierarchy?.ancestors('WBGM')).toEqual([]);
    expect(SAERKODER.hierarchy).toBeUndefined();
  });
});

describe('NCSP and NCRP', () => {
  it('are known by their OIDs and the aliases of DOMAIN.md §2, with their code shapes', () => {
    expect(knownSystem('urn:oid:2.16.578.1.12.4.1.1.7210')).toBe(NCSP);
    expect(knownSystem('http://helsedir.no/fhir/CodeSystem/no-kodeverk-7210')).toBe(NCSP);
    expect(knownSystem('urn:oid:2.16.578.1.12.4.1.1.7270')).toBe(NCRP);
    expect(knownSystem('http://helsedir.no/fhir/CodeSystem/no-kodeverk-7270-ncrp')).toBe(NCRP);
    expect(NCSP.codePattern.test('JKA21')).toBe(true);
    expect(NCSP.codePattern.test('JKA2')).toBe(false);
    expect(NCRP.codePattern.test('SAA0AA')).toBe(true);
    expect(NCRP.codePattern.test('AAB06K')).toBe(true);
    expect(NCRP.codePattern.test('JKA21')).toBe(false);
    // The shapes never collide (DOMAIN.md §3).
    for (const code of ['JKA21', 'SAA0AA', 'AAB06K', 'WBGM00']) {
      expect([NCMP, NCSP, NCRP].filter((s) => s.codePattern.test(code))).toHaveLength(1);
    }
  });

  it('reads the 1999 list\'s spaced codes as the codes themselves (AAA 00 is AAA00, AA0 27 is AA027)', () => {
    expect(NCSP.normaliseCode(' AAA 00')).toBe('AAA00');
    expect(NCSP.normaliseCode('AA0 27')).toBe('AA027');
    expect(NCSP.hierarchy).toBeUndefined();
    expect(NCRP.hierarchy).toBeUndefined();
  });
});

describe('codeSystemVersionFacts', () => {
  it('reads the version-level facts of a CodeSystem', () => {
    const cs: CodeSystem = {
      resourceType: 'CodeSystem',
      status: 'draft',
      content: 'fragment',
      date: '2021-02-11T10:00:00+01:00',
      language: 'nb',
      experimental: true,
      valueSet: 'http://example.org/vs',
      extension: [
        { url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: '2021-01-01', end: '2022-01-01' } },
        { url: STANDARDS_STATUS_EXT, valueCode: 'deprecated' },
      ],
      property: [{ code: 'status', type: 'code', uri: 'http://hl7.org/fhir/concept-properties#status' }, { code: 'note', type: 'string' }],
    };
    expect(codeSystemVersionFacts(cs)).toEqual({
      status: 'draft',
      content: 'fragment',
      effectiveFrom: '2021-01-01',
      effectiveTo: '2022-01-01',
      unreadableEffectiveFrom: undefined,
      published: '2021-02-11',
      description: null,
      valueSetUrl: 'http://example.org/vs',
      supplements: null,
      attributes: {
        language: 'nb',
        experimental: true,
        standardsStatus: 'deprecated',
        propertyUris: { status: 'http://hl7.org/fhir/concept-properties#status', note: '' },
      },
    });
  });

  it('gives no attribute the resource does not give, and names an effective start it cannot read', () => {
    const facts = codeSystemVersionFacts({
      resourceType: 'CodeSystem',
      status: 'active',
      content: 'complete',
      extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: '2021-13-01' } }],
    });
    expect(facts.attributes).toEqual({});
    expect(facts.effectiveFrom).toBeNull();
    expect(facts.unreadableEffectiveFrom).toBe('2021-13-01');
  });
});
