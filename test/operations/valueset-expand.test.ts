// The $expand answer builder is pure: given the facts, a clock reading and an id, it writes the expanded
// ValueSet, so its stamp and its members can be checked exactly without a database or a server.
import type { ValueSet } from 'fhir/r4';
import type { Expansion } from '../../server/terminology/compose';
import type { Concept, SystemEntry, VersionEntry } from '../../server/terminology/model';
import { expandedValueSet, type ExpansionFacts } from '../../server/operations/valueset-expand';

const system = { id: 1, url: 'http://example.org/cs', name: 'Example', versions: [] } as unknown as SystemEntry;
const version = { id: 1, system, version: '2', status: 'active', content: 'complete', language: null } as unknown as VersionEntry;
const concept = (code: string, display: string): Concept =>
  ({ code, display, definition: null, parentCode: null, status: 'active', abstract: false, properties: [], designations: [], children: [] }) as Concept;
const vs: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/vs', version: '1', status: 'active', compose: { include: [{ system: system.url }] } };

function facts(over: Partial<ExpansionFacts> = {}): ExpansionFacts {
  const members = [concept('A', 'Alpha'), concept('B', 'Beta')].map((c) => ({ version, concept: c }));
  const expansion: Expansion = {
    members: new Map(members.map((m) => [`${system.url}|${m.concept.code}`, m])),
    entries: members,
    usedVersions: [version],
    wholeFragments: [],
    usedValueSets: [],
    applied: [],
    unresolved: [],
    unresolvedValueSets: [],
    matchedAcrossVersions: false,
  };
  return {
    vs,
    expansion,
    page: members,
    total: members.length,
    language: undefined,
    namedVersions: new Map(),
    includeDesignations: false,
    designations: [],
    properties: [],
    supplements: [],
    echoed: [],
    includeDefinition: false,
    ...over,
  };
}

describe('expandedValueSet (the pure $expand builder)', () => {
  const stamp = { now: new Date('2026-03-04T05:06:07.089Z'), id: '0f8fad5b-d9cb-469f-a165-70867728950e' };

  it('stamps the expansion with the clock and the id it is given', () => {
    const answer = expandedValueSet(facts(), stamp);
    expect(answer.expansion?.timestamp).toBe('2026-03-04T05:06:07.089Z');
    expect(answer.expansion?.identifier).toBe('urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('answers the same facts and stamp with the same value set', () => {
    expect(expandedValueSet(facts(), stamp)).toEqual(expandedValueSet(facts(), stamp));
  });

  it('writes down the members, the total, the versions used and the paging it is told of', () => {
    const answer = expandedValueSet(facts({ page: facts().page.slice(1), offset: 1 }), stamp);
    expect(answer).toEqual({
      resourceType: 'ValueSet',
      url: 'http://example.org/vs',
      version: '1',
      status: 'active',
      expansion: {
        identifier: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e',
        timestamp: '2026-03-04T05:06:07.089Z',
        total: 2,
        offset: 1,
        parameter: [{ name: 'used-codesystem', valueUri: 'http://example.org/cs|2' }],
        contains: [{ system: 'http://example.org/cs', code: 'B', display: 'Beta' }],
      },
    });
  });

  it('keeps the definition only when asked to', () => {
    expect(expandedValueSet(facts(), stamp).compose).toBeUndefined();
    expect(expandedValueSet(facts({ includeDefinition: true }), stamp).compose).toEqual(vs.compose);
  });
});
