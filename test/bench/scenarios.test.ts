import { NCMP_URL, buildScenarios, pathCycler, type Catalogue, type LoadedVersion } from '../../scripts/bench/scenarios';

/** A catalogue of two small NCMP versions, enough for every scenario to draw from. */
function catalogue(): Catalogue {
  const version = (year: string): LoadedVersion => ({
    system: NCMP_URL,
    version: year,
    codeSystemId: `ncmp-${year}`,
    valueSetId: `ncmp-${year}`,
    valueSetUrl: `urn:test:vs:${year}`,
    codes: Array.from({ length: 300 }, (_, i) => ({ code: `AB${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}${String(i % 100).padStart(2, '0')}`, display: `Prosedyre nummer ${i}`, abstract: false })),
  });
  return { versions: [version('2014'), version('2015')], conceptMapUrl: 'urn:test:map', mappings: [] };
}

describe('benchmark scenarios', () => {
  it('the uncached scenario sends only distinct URLs, in order', () => {
    const uncached = buildScenarios(catalogue()).find((s) => s.id === 'cs-validate-uncached');
    expect(uncached?.inOrder).toBe(true);
    const paths = uncached!.paths;
    expect(paths.length).toBeGreaterThan(20_000);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.every((p) => p.startsWith('/fhir/CodeSystem/$validate-code?') && /&date=\d{4}-\d{2}-\d{2}$/.test(p))).toBe(true);
  });

  it('a cycler gives each path in turn and wraps around', () => {
    const next = pathCycler(['a', 'b', 'c'], 4);
    expect([next(), next(), next(), next()]).toEqual(['b', 'c', 'a', 'b']);
  });

  it('the same seed gives the same requests', () => {
    expect(buildScenarios(catalogue(), 7).map((s) => s.paths.slice(0, 50))).toEqual(buildScenarios(catalogue(), 7).map((s) => s.paths.slice(0, 50)));
  });
});
