// Every issue the server builds from a message carries the message's key as `operationoutcome-message-id`
// (tx.fhir.org, HL7 validator); the table fills its templates in order.
import { issue } from '../../server/terminology/issues';
import { MESSAGE_ID_EXTENSION, msg } from '../../server/terminology/messages';

describe('the message table', () => {
  it('fills a template and names its key', () => {
    expect(msg('None_of_the_provided_codes_are_in_the_value_set_one', 'http://s#c', 'http://vs|1')).toEqual({
      messageId: 'None_of_the_provided_codes_are_in_the_value_set_one',
      text: "The provided code 'http://s#c' was not found in the value set 'http://vs|1'",
    });
  });

  it('puts the key on the issue as operationoutcome-message-id, and no location', () => {
    const built = issue({ severity: 'warning', code: 'business-rule', txType: 'code-comment', ...msg('INACTIVE_CONCEPT_FOUND', 'X', 'inactive'), expression: ['code'] });
    expect(built).toEqual({
      extension: [{ url: MESSAGE_ID_EXTENSION, valueString: 'INACTIVE_CONCEPT_FOUND' }],
      severity: 'warning',
      code: 'business-rule',
      details: { coding: [{ system: 'http://hl7.org/fhir/tools/CodeSystem/tx-issue-type', code: 'code-comment' }], text: "The concept 'X' has a status of inactive and its use should be reviewed" },
      expression: ['code'],
    });
  });
});
