// $validate-code's `message` joins the texts of the issues, leaving out those built with `inMessage: false`
// (tx.fhir.org leaves them out); the mark is part of the issue, so a copy keeps it and the JSON never shows it.
import { issue } from '../../server/terminology/issues';
import { messageOf, validationParameters } from '../../server/operations/shared/validate-code-parameters';

describe('the not-in-message mark', () => {
  const said = issue({ severity: 'warning', code: 'business-rule', messageId: 'NCMP_CLIENT_ERROR', text: 'said' });
  const unsaid = issue({ severity: 'information', code: 'business-rule', messageId: 'NCMP_CLIENT_ERROR', text: 'unsaid', inMessage: false });
  const error = issue({ severity: 'error', code: 'code-invalid', messageId: 'NCMP_CLIENT_ERROR', text: 'error' });

  it('joins the texts, errors first, without the marked ones', () => {
    expect(messageOf([said, unsaid, error])).toBe('error; said');
    expect(messageOf([unsaid])).toBeUndefined();
  });

  it('survives a copy of the issue', () => {
    const placed = { ...unsaid, expression: ['display'] };
    expect(messageOf([placed, said])).toBe('said');
  });

  it('is not in the answer a client reads', () => {
    const answer = JSON.parse(JSON.stringify(validationParameters(true, [unsaid], undefined, [])));
    expect(answer.parameter).toEqual([
      { name: 'result', valueBoolean: true },
      {
        name: 'issues',
        resource: {
          resourceType: 'OperationOutcome',
          issue: [{ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id', valueString: 'NCMP_CLIENT_ERROR' }], severity: 'information', code: 'business-rule', details: { coding: [{ system: 'http://hl7.org/fhir/tools/CodeSystem/tx-issue-type', code: 'business-rule' }], text: 'unsaid' } }],
        },
      },
    ]);
  });
});
