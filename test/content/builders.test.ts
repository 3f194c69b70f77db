import { NCMP_CHANGE_DOCUMENT_2021, type NcmpCodeChangeFact } from '../../scripts/content/ncmp-2021-facts';
import { buildNcmpFragmentCodeSystem } from '../../scripts/content/ncmp-fragment-code-system';
import { buildSaerkodeSuccessionConceptMap } from '../../scripts/content/saerkode-succession-concept-map';
import type { Provenance } from '../../scripts/content/code-list-code-system';

const provenance: Provenance = { file: 'change.txt', sha256: '0'.repeat(64), nature: 'transcription' };

const ibba15: NcmpCodeChangeFact = {
  code: 'IBBA15',
  changeType: 'text-changed',
  display: 'Psykoterapi, familiebehandling',
  note: 'Henvisning til tidligere særkoder fjernes fra 2021.',
  removedIn2021: ['Erstatter tidligere særkode B0014.'],
};

function map(ncmpConcepts: readonly NcmpCodeChangeFact[], saerkode = 'B0014') {
  return buildSaerkodeSuccessionConceptMap({
    version: '2021',
    successions: [{ saerkode, successors: ['IBBA15'], inForce: { kind: 'before', before: '2021-01-01' } }],
    ncmpConcepts,
    source: NCMP_CHANGE_DOCUMENT_2021,
    publisher: 'test',
    provenance,
    copyright: 'test',
  });
}

describe('buildNcmpFragmentCodeSystem', () => {
  const build = (changes: readonly NcmpCodeChangeFact[]) =>
    buildNcmpFragmentCodeSystem({ version: '2021', changes, source: NCMP_CHANGE_DOCUMENT_2021, provenance, copyright: 'test' });

  it('refuses a code listed twice or not shaped like NCMP', () => {
    expect(() => build([ibba15, ibba15])).toThrow(/twice/);
    expect(() => build([{ ...ibba15, code: 'B0014' }])).toThrow(/Not an NCMP code/);
  });

  it('counts the concepts in the description and emits properties in a fixed order', () => {
    const cs = build([{ ...ibba15, exclusions: ['x (IBBC00)'], inclusions: ['y'], subTexts: ['z'] }]);
    expect(cs.description).toContain('only the 1 codes named');
    expect(cs.concept?.[0]?.property?.map((p) => p.code)).toEqual([
      'subText',
      'inclusion',
      'exclusion',
      'note',
      'changeType',
    ]);
  });
});

describe('buildSaerkodeSuccessionConceptMap', () => {
  it('refuses a successor it has no text for', () => {
    expect(() => map([])).toThrow(/not among the NCMP concepts/);
  });

  it('refuses an undated succession without evidence in the successor text', () => {
    expect(() => map([ibba15], 'B0013')).toThrow(/no evidence/);
    expect(map([ibba15]).group?.[0]?.element?.[0]?.target?.[0]?.equivalence).toBe('equivalent');
  });
});
