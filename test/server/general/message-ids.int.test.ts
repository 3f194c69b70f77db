// Every OperationOutcome issue the server answers with carries its message key (`operationoutcome-message-id`),
// refusals of the HTTP layer and of the operations alike: tx.fhir.org's key where it has the message, else NCMP_….
import { startColoursApp, COLOURS } from '../../support/colours';
import { request, type TestApp } from '../../support/test-app';

const MESSAGE_ID = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id';
type Outcome = { resourceType: string; issue: { extension?: { url: string; valueString?: string }[] }[] };
const keysOf = (body: Outcome): (string | undefined)[] => body.issue.map((i) => i.extension?.find((e) => e.url === MESSAGE_ID)?.valueString);

describe('message keys on refusals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startColoursApp();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['an unknown route', '/fhir/Patient/1', 404, 'NCMP_RESOURCE_TYPE_NOT_SERVED'],
    ['a malformed parameter', `/fhir/ValueSet/$expand?url=x&count=abc`, 400, 'NCMP_PARAM_NOT_INTEGER_TEXT'],
    ['an unknown value set', '/fhir/ValueSet/$expand?url=http://example.org/fhir/ValueSet/nowhere', 404, 'Unable_to_resolve_value_Set_'],
    ['an unknown code system in $lookup', `/fhir/CodeSystem/$lookup?system=http://example.org/nowhere&code=x`, 404, 'UNKNOWN_CODESYSTEM'],
    ['an unknown code in $lookup', `/fhir/CodeSystem/$lookup?system=${COLOURS}&code=no-such-code`, 404, 'NCMP_UNKNOWN_CODE'],
    ['a format it does not answer in', '/fhir/metadata?_format=xml', 406, 'NCMP_FORMAT_UNSUPPORTED'],
  ])('%s', async (_what, path, status, key) => {
    const res = await request(t.app).get(path).expect(status);
    const body = res.body as Outcome;
    expect(body.resourceType).toBe('OperationOutcome');
    expect(keysOf(body)).toEqual(body.issue.map(() => expect.any(String)));
    expect(keysOf(body)).toContain(key);
  });

  it('a body that is not JSON', async () => {
    const res = await request(t.app).post('/fhir/ValueSet/$expand').set('Content-Type', 'application/fhir+json').send('{not json').expect(400);
    expect(keysOf(res.body as Outcome)).toEqual(['NCMP_BODY_NOT_JSON']);
  });
});
