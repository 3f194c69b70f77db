// The fixture the general-engine tests share: a small code system unlike NCMP (nested, with statuses, designations in
// two languages and a property), value sets over it, and an app with both versions and the value sets loaded.
import type { CodeSystem, ValueSet } from 'fhir/r4';
import { loadFhirResource } from '../../server/import/load';
import { paramValue, request, startTestApp, type TestApp } from './test-app';

export type Body = { parameter?: { name: string; [k: string]: unknown }[]; [k: string]: unknown };
export type Issue = { severity: string; code: string; details: { text: string; coding?: { code: string }[] }; expression?: string[] };
export const issuesOf = (body: Body): Issue[] => ((paramValue(body, 'issues') as { issue?: Issue[] } | undefined)?.issue ?? []);
export const txTypes = (body: Body): string[] => issuesOf(body).flatMap((i) => i.details.coding?.map((c) => c.code) ?? []);

export const COLOURS = 'http://example.org/fhir/CodeSystem/colours';
const prop = (code: string, value: Record<string, unknown>) => ({ code, ...value });

/** A small code system unlike NCMP: nested, with statuses, designations in two languages and a property. */
export function colours(version: string, extra: CodeSystem['concept'] = []): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: `colours-${version}`,
    url: COLOURS,
    version,
    name: 'Colours',
    status: 'active',
    content: 'complete',
    caseSensitive: true,
    hierarchyMeaning: 'is-a',
    property: [
      { code: 'hex', type: 'string' },
      { code: 'notSelectable', type: 'boolean' },
      { code: 'status', type: 'code' },
      { code: 'inactive', type: 'boolean' },
      { code: 'retirementDate', type: 'dateTime' },
    ],
    concept: [
      {
        code: 'warm',
        display: 'Warm colours',
        property: [prop('notSelectable', { valueBoolean: true })],
        concept: [
          { code: 'red', display: 'Red', designation: [{ language: 'nb', value: 'Rød' }, { language: 'en', value: 'Red' }], property: [prop('hex', { valueString: '#ff0000' })] },
          { code: 'orange', display: 'Orange', property: [prop('status', { valueCode: 'deprecated' })] },
        ],
      },
      {
        code: 'cool',
        display: 'Cool colours',
        property: [prop('notSelectable', { valueBoolean: true })],
        concept: [
          { code: 'blue', display: 'Blue', designation: [{ language: 'nb', value: 'Blå' }], property: [prop('hex', { valueString: '#0000ff' })] },
          { code: 'green', display: 'Green', property: [prop('inactive', { valueBoolean: true })] },
          { code: 'teal', display: 'Teal', property: [prop('status', { valueCode: 'retired' })] },
          // Withdrawn: retired with the date it ceased (as NCMP records it); teal is only marked retired.
          { code: 'grey', display: 'Grey', property: [prop('status', { valueCode: 'retired' }), prop('retirementDate', { valueDateTime: '2021-06-01' })] },
        ],
      },
      ...extra,
    ],
  };
}

/** A compose that includes version 2.0.0 of the colours through the given filters. */
export const include = (filter: NonNullable<ValueSet['compose']>['include'][number]['filter']) => ({ include: [{ system: COLOURS, version: '2.0.0', filter }] });

export function valueSet(id: string, compose: ValueSet['compose']): ValueSet {
  return { resourceType: 'ValueSet', id, url: `http://example.org/fhir/ValueSet/${id}`, version: '1', status: 'active', compose };
}

/** An app on a fresh database with colours 1.0.0 (from 2020) and 2.0.0 (from 2022) and the value sets the tests use. */
export async function startColoursApp(): Promise<TestApp> {
  const t = await startTestApp();
  await loadFhirResource(t.db.db, colours('1.0.0'), { effectiveFrom: '2020-01-01' });
  await loadFhirResource(t.db.db, colours('2.0.0', [{ code: 'purple', display: 'Purple' }]), { effectiveFrom: '2022-01-01' });
  for (const vs of [
    valueSet('warm', include([{ property: 'concept', op: 'is-a', value: 'warm' }])),
    valueSet('below-cool', include([{ property: 'concept', op: 'descendent-of', value: 'cool' }])),
    valueSet('not-warm', include([{ property: 'concept', op: 'is-not-a', value: 'warm' }])),
    valueSet('hex-red', include([{ property: 'hex', op: '=', value: '#ff0000' }])),
    valueSet('in-list', include([{ property: 'concept', op: 'in', value: 'red,blue' }])),
    valueSet('b-codes', include([{ property: 'code', op: 'regex', value: 'b.*' }])),
    valueSet('has-hex', include([{ property: 'hex', op: 'exists', value: 'true' }])),
    valueSet('listed', { include: [{ system: COLOURS, concept: [{ code: 'red' }, { code: 'purple' }] }] }),
    valueSet('all-but-warm', { include: [{ system: COLOURS, version: '2.0.0' }], exclude: [{ system: COLOURS, version: '2.0.0', filter: [{ property: 'concept', op: 'is-a', value: 'warm' }] }] }),
    valueSet('imports', { include: [{ valueSet: ['http://example.org/fhir/ValueSet/warm'] }] }),
    valueSet('old-version', { include: [{ system: COLOURS, version: '1.0.0' }] }),
  ]) {
    await loadFhirResource(t.db.db, vs);
  }
  t.terminology.invalidate();
  return t;
}

/**
 * The colours app of one test file: started before its tests, closed after them. The object returned is filled
 * in by `beforeAll`, so the tests use it as a `TestApp` (`t.app`, `t.db`); `post` sends a FHIR JSON body to it.
 */
export function useColoursApp(): { t: TestApp; post: (path: string, body: object, headers?: Record<string, string>) => ReturnType<ReturnType<typeof request>['post']> } {
  const t = {} as TestApp;
  beforeAll(async () => {
    Object.assign(t, await startColoursApp());
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    request(t.app).post(path).set({ 'Content-Type': 'application/fhir+json', ...headers }).send(JSON.stringify(body));
  return { t, post };
}
