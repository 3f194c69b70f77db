import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4';
import Client from 'fhir-kit-client';
import { NCMP_URL, SAERKODE_URL, startTestApp, type TestApp } from '../support/test-app';

type Params = { resourceType: string; parameter?: { name: string; valueBoolean?: boolean; valueString?: string; valueCode?: string }[] };
const value = (p: Params, name: string) => {
  const x = p.parameter?.find((q) => q.name === name);
  return x?.valueBoolean ?? x?.valueString ?? x?.valueCode;
};

describe('real FHIR client libraries against the running server', () => {
  let t: TestApp;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const evaluate = (resource: object, expression: string) =>
    fhirpath.evaluate(resource, expression, {}, r4model, { async: true, terminologyUrl: base }) as Promise<unknown[]>;

  describe('fhirpath with terminologyUrl', () => {
    const procedure = {
      resourceType: 'Procedure',
      status: 'completed',
      subject: { reference: 'Patient/1' },
      code: { coding: [{ system: NCMP_URL, code: 'WBGM00' }] },
    };

    it('memberOf() is true for a code in the NCMP value set and false for one outside it', async () => {
      const yes = await evaluate(procedure, "Procedure.code.coding.memberOf('https://ncmp-terminology.example/fhir/ValueSet/ncmp')");
      expect(yes).toEqual([true]);
      const other = { ...procedure, code: { coding: [{ system: NCMP_URL, code: 'XXXX99' }] } };
      const no = await evaluate(other, "Procedure.code.coding.memberOf('https://ncmp-terminology.example/fhir/ValueSet/ncmp')");
      expect(no).toEqual([false]);
    });

    it('%terminologies.lookup returns the display', async () => {
      const result = (await evaluate(procedure, '%terminologies.lookup(Procedure.code.coding.first())')) as Params[];
      expect(result[0]?.resourceType).toBe('Parameters');
      expect(value(result[0]!, 'name')).toBe('NCMP');
      expect(String(value(result[0]!, 'display'))).toMatch(/Intravenøs injeksjon/);
    });

    it('%terminologies.validateCS validates against NCMP', async () => {
      const ok = (await evaluate(procedure, `%terminologies.validateCS('${NCMP_URL}', Procedure.code.coding.first())`)) as Params[];
      expect(value(ok[0]!, 'result')).toBe(true);
      const bad = { ...procedure, code: { coding: [{ system: NCMP_URL, code: 'ZWUU40' }] } };
      const no = (await evaluate(bad, `%terminologies.validateCS('${NCMP_URL}', Procedure.code.coding.first(), 'date=2021-06-01')`)) as Params[];
      expect(value(no[0]!, 'result')).toBe(false);
      expect(String(value(no[0]!, 'message'))).toMatch(/retired from 2021-01-01/);
    });

    it('%terminologies.subsumes follows the NCMP hierarchy', async () => {
      // fhirpath.js does not implement the subsumes() function; its %terminologies.subsumes calls $subsumes.
      const cs = { resourceType: 'Parameters', parameter: [{ name: 'a', valueCoding: { system: NCMP_URL, code: 'WBGM' } }, { name: 'b', valueCoding: { system: NCMP_URL, code: 'WBGM00' } }] };
      const a = "Parameters.parameter.where(name='a').value";
      const b = "Parameters.parameter.where(name='b').value";
      expect(await evaluate(cs, `%terminologies.subsumes('${NCMP_URL}', ${a}, ${b})`)).toEqual(['subsumes']);
      expect(await evaluate(cs, `%terminologies.subsumes('${NCMP_URL}', ${b}, ${a})`)).toEqual(['subsumed-by']);
    });

    it('%terminologies.translate gives the successors of a særkode', async () => {
      const coding = { resourceType: 'Parameters', parameter: [{ name: 'c', valueCoding: { system: SAERKODE_URL, code: 'B0014' } }] };
      const result = (await evaluate(
        coding,
        "%terminologies.translate('https://ncmp-terminology.example/fhir/ConceptMap/saerkode-to-ncmp', Parameters.parameter.value)",
      )) as Params[];
      expect(value(result[0]!, 'result')).toBe(true);
      expect(result[0]!.parameter!.filter((p) => p.name === 'match')).toHaveLength(4);
    });
  });

  describe('fhir-kit-client operations', () => {
    const client = () => new Client({ baseUrl: base });

    it('GET $lookup and POST $validate-code', async () => {
      const lookup = (await client().operation({ resourceType: 'CodeSystem', name: '$lookup', method: 'GET', input: { system: NCMP_URL, code: 'OAEA00', date: '2021-06-01' } })) as Params;
      expect(value(lookup, 'version')).toBe('2021');
      const validated = (await client().operation({
        resourceType: 'ValueSet',
        name: '$validate-code',
        input: { resourceType: 'Parameters', parameter: [{ name: 'url', valueUri: 'https://ncmp-terminology.example/fhir/ValueSet/ncmp' }, { name: 'coding', valueCoding: { system: NCMP_URL, code: 'WBGM00' } }, { name: 'date', valueDateTime: '2016-06-01' }] },
      })) as Params;
      expect(value(validated, 'result')).toBe(true);
    });

    it('instance-level $expand, $translate and a search', async () => {
      const expansion = (await client().operation({ resourceType: 'ValueSet', id: 'ncmp-2013', name: '$expand', method: 'GET', input: { filter: 'telemedisin' } })) as { expansion: { total: number; contains: { code: string }[] } };
      expect(expansion.expansion.contains.map((c) => c.code)).toContain('ZWUU40');
      const translated = (await client().operation({ resourceType: 'ConceptMap', id: 'saerkode-to-ncmp', name: '$translate', method: 'GET', input: { system: SAERKODE_URL, code: 'A0094', date: '2021-02-01' } })) as Params;
      expect(value(translated, 'result')).toBe(true);
      const bundle = (await client().search({ resourceType: 'CodeSystem', searchParams: { url: NCMP_URL, version: '2017' } })) as unknown as { total: number };
      expect(bundle.total).toBe(1);
    });

    it('a 404 surfaces as an error carrying an OperationOutcome', async () => {
      await expect(client().operation({ resourceType: 'CodeSystem', name: '$lookup', method: 'GET', input: { system: NCMP_URL, code: 'XXXX99' } })).rejects.toMatchObject({
        response: { status: 404, data: { resourceType: 'OperationOutcome' } },
      });
    });
  });
});
