import { NCMP_URL, SCENARIO_IDS, buildScenarios, pathCycler, steppedDateCycler, withSteppedDate, type Catalogue, type LoadedVersion } from '../../scripts/bench/scenarios';

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

  it('every operation has an every-URL-new twin that steps a date by a second on the day the path means', () => {
    const scenarios = buildScenarios(catalogue());
    expect(scenarios.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    for (const id of ['lookup', 'vs-validate', 'translate', 'expand-all', 'expand-filter']) {
      const plain = scenarios.find((s) => s.id === id)!;
      const twin = scenarios.find((s) => s.id === `${id}-uncached`)!;
      expect({ id, stepDate: twin.stepDate, inOrder: twin.inOrder, same: twin.paths === plain.paths }).toEqual({ id, stepDate: true, inOrder: true, same: true });
      // No URL repeats over more requests than a run sends (at 10 connections, ~10,000 req/s at most, 11 s).
      const next = steppedDateCycler(twin.paths, 0, '2026-12-03');
      const urls = Array.from({ length: 79_200 }, next);
      expect({ id, distinct: new Set(urls).size }).toEqual({ id, distinct: urls.length });
    }
    expect(withSteppedDate('/fhir/CodeSystem/$lookup?system=s&code=A&date=2014-03-05', 3661, '2026-12-03')).toBe('/fhir/CodeSystem/$lookup?system=s&code=A&date=2014-03-05T01:01:01Z');
    expect(withSteppedDate('/fhir/CodeSystem/$lookup?date=2014-03-05&code=A', 1, 'x')).toBe('/fhir/CodeSystem/$lookup?date=2014-03-05T00:00:01Z&code=A');
    expect(withSteppedDate('/fhir/ValueSet/ncmp-2014/$expand', 79_199, '2026-12-03')).toBe('/fhir/ValueSet/ncmp-2014/$expand?date=2026-12-03T21:59:59Z');
    // After 22 hours' worth of seconds it wraps: the time stays on the same day in Norway (UTC+1/+2).
    expect(withSteppedDate('/x?a=1', 79_200, '2026-12-03')).toBe('/x?a=1&date=2026-12-03T00:00:00Z');
  });

  it('a cycler gives each path in turn and wraps around', () => {
    const next = pathCycler(['a', 'b', 'c'], 4);
    expect([next(), next(), next(), next()]).toEqual(['b', 'c', 'a', 'b']);
  });

  it('the same seed gives the same requests', () => {
    expect(buildScenarios(catalogue(), 7).map((s) => s.paths.slice(0, 50))).toEqual(buildScenarios(catalogue(), 7).map((s) => s.paths.slice(0, 50)));
  });
});
