// ValueSet/$batch-validate-code (HL7 terminology ecosystem, as tx.fhir.org and the HL7 validator use it):
// the parameters of ValueSet/$validate-code shared by the batch, and one `validation` Parameters resource per
// item with that item's own (a coding, a code, …). The answer has one `validation` per item, in order: the
// item's $validate-code answer, or the OperationOutcome that refused it.
import type { FhirResource, Parameters } from 'fhir/r4';
import { FhirError, operationOutcome } from '../terminology/issues';
import { msg } from '../terminology/messages';
import type { Operation, OperationContext, OperationDefinitionSpec, OperationInput } from './shared/operation';
import { valueSetValidateCode } from './valueset-validate-code';

/** The most items one batch may hold. */
export const MAX_BATCH_ITEMS = 100;

export const definition: OperationDefinitionSpec = {
  name: 'ValueSet/$batch-validate-code',
  definitionUrl: 'http://hl7.org/fhir/uv/tx-ecosystem/OperationDefinition/ValueSet-batch-validate-code',
  parameters: [...valueSetValidateCode.definition.parameters, { name: 'validation', type: 'Resource', max: '*' }],
};

export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const items = input.resources('validation');
  if (items.length === 0) throw FhirError.invalid(msg('NCMP_BATCH_EMPTY'), ['validation']);
  if (items.length > MAX_BATCH_ITEMS) throw FhirError.invalid(msg('NCMP_BATCH_TOO_LARGE', MAX_BATCH_ITEMS, items.length), ['validation']);
  if (!ctx.readParameters) throw new Error('batch-validate-code needs a Parameters reader');
  const answers: FhirResource[] = [];
  for (const item of items) {
    try {
      const own = ctx.readParameters(valueSetValidateCode.definition, item);
      answers.push((await valueSetValidateCode.handler(input.overlaidWith(own, ['validation']), ctx)) as FhirResource);
    } catch (error) {
      if (!(error instanceof FhirError) || error.status >= 500) throw error;
      // As tx.fhir.org answers a refused item: the refusal's words alone (no coded reason, key or expression).
      answers.push(operationOutcome(error.issues.map((i) => ({ severity: i.severity, code: i.code, details: { text: i.details?.text ?? '' } }))));
    }
  }
  return { resourceType: 'Parameters', parameter: answers.map((resource) => ({ name: 'validation', resource })) };
}

export const valueSetBatchValidateCode: Operation = { resourceType: 'ValueSet', code: 'batch-validate-code', definition, handler };
