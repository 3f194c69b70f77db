import { loadFhirResource } from '../../../server/import/load';
import { include, valueSet, useColoursApp } from '../../support/colours';
import { request } from '../../support/test-app';

// Moved from test/server/general.int.test.ts (split by operation); the fixture is test/support/colours.ts.
describe('ValueSet/$expand of a general code system: filters, exclusions and imports', () => {
  const { t, post } = useColoursApp();
  type Contains = { code: string; contains?: Contains[] };
  const flatten = (list: Contains[]): string[] => list.flatMap((c) => [c.code, ...flatten(c.contains ?? [])]);
  const codesOf = (vs: { expansion: { contains?: Contains[] } }) => flatten(vs.expansion.contains ?? []).sort();
  const expand = async (id: string) => (await request(t.app).get(`/fhir/ValueSet/${id}/$expand`).expect(200)).body;

  describe('ValueSet filters, exclusions and imports', () => {
    it.each([
      ['warm', ['orange', 'red', 'warm']],
      ['below-cool', ['blue', 'green', 'teal']],
      ['not-warm', ['blue', 'cool', 'green', 'purple', 'teal']],
      ['hex-red', ['red']],
      ['in-list', ['blue', 'red']],
      ['b-codes', ['blue']],
      ['has-hex', ['blue', 'red']],
      ['all-but-warm', ['blue', 'cool', 'green', 'purple', 'teal']],
      ['imports', ['orange', 'red', 'warm']],
    ])('%s expands to %j (withdrawn codes never appear; retired ones without a date are inactive members)', async (id, codes) => {
      expect(codesOf(await expand(id))).toEqual(codes);
    });

    it('runs a regex filter the old backtracking guard refused, in linear time (RE2), and refuses invalid syntax', async () => {
      await loadFhirResource(t.db.db, valueSet('nested-star', include([{ property: 'display', op: 'regex', value: '(.*)*e' }])));
      await loadFhirResource(t.db.db, valueSet('back-ref', include([{ property: 'code', op: 'regex', value: '(r)\\1' }])));
      t.terminology.invalidate();
      const started = Date.now();
      // Displays ending in 'e': Orange, Blue, Purple (version 2.0.0).
      expect(codesOf(await expand('nested-star'))).toEqual(['blue', 'orange', 'purple']);
      expect(Date.now() - started).toBeLessThan(2000);
      const bad = await request(t.app).get('/fhir/ValueSet/back-ref/$expand').expect(400);
      expect(bad.body.issue[0].details.text).toMatch(/regex filter '\(r\)\\1'.*not a valid regular expression/);
    });

    it('child-of selects the direct children only', async () => {
      const res = await post('/fhir/ValueSet/$expand', {
        resourceType: 'Parameters',
        parameter: [{ name: 'valueSet', resource: valueSet('children', include([{ property: 'concept', op: 'child-of' as 'is-a', value: 'cool' }])) }],
      }).expect(200);
      expect(codesOf(res.body)).toEqual(['blue', 'green', 'teal']);
      // A stated status other than active is shown unasked (tx.fhir.org); an active concept shows none.
      const teal = res.body.expansion.contains.find((c: { code: string }) => c.code === 'teal');
      expect(teal.extension).toEqual([{ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property', extension: [{ url: 'code', valueCode: 'status' }, { url: 'value', valueCode: 'retired' }] }]);
      expect(res.body.expansion.contains.find((c: { code: string }) => c.code === 'blue').extension).toBeUndefined();
    });

    it('an unpinned include follows the version in force, a pinned one stays', async () => {
      expect(codesOf(await expand('listed'))).toEqual(['purple', 'red']);
      expect(codesOf(await expand('old-version'))).not.toContain('purple');
      const dated = (await request(t.app).get('/fhir/ValueSet/listed/$expand?date=2021-06-01').expect(200)).body;
      expect(codesOf(dated)).toEqual(['red']);
    });

    it('flags abstract and inactive members of an expansion, and activeOnly drops the inactive', async () => {
      const all = (await expand('below-cool')).expansion.contains as { code: string; inactive?: boolean }[];
      expect(all.find((c) => c.code === 'green')?.inactive).toBe(true);
      const active = (await request(t.app).get('/fhir/ValueSet/below-cool/$expand?activeOnly=true').expect(200)).body;
      expect(codesOf(active)).toEqual(['blue']);
      const warm = (await expand('warm')).expansion.contains as { code: string; abstract?: boolean }[];
      expect(warm.find((c) => c.code === 'warm')?.abstract).toBe(true);
    });
  });
});
