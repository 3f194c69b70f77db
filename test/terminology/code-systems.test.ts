import type { CodeSystem } from 'fhir/r4';
import { codeSystemVersionFacts } from '../../server/terminology/code-system-facts';
import { GENERIC_TRAITS, NCMP, SAERKODER, searchSpellings, traitsFor } from '../../server/terminology/code-systems';
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
