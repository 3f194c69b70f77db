// CodeSystem/$validate-code — https://hl7.org/fhir/R4/codesystem-operation-validate-code.html
// Supported: url (also as `system`), code, version, display, coding, codeableConcept, date, abstract,
// displayLanguage, lenient-display-validation. Not implemented, and so ignored like any parameter the server does
// not know (as tx.fhir.org does): codeSystem; send the code system as `tx-resource` instead.
// An invalid code, wrong display or unknown system is 200 with result=false and coded issues.
import type { Parameters } from 'fhir/r4';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from './shared/operation';
import { validateCoding, type CodingValidation } from '../terminology/validate';
import { codingsToCheck, instanceVersion, validationOptions } from './shared/coded-input';
import { chooseReported, combineCodings, validationParameters } from './shared/validate-code-parameters';

export const definition: OperationDefinitionSpec = {
  name: 'CodeSystem/$validate-code',
  definitionUrl: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code',
  parameters: [
    { name: 'url', type: 'uri', aliases: ['system'] },
    { name: 'code', type: 'code' },
    { name: 'version', type: 'string' },
    { name: 'display', type: 'string' },
    { name: 'coding', type: 'Coding' },
    { name: 'codeableConcept', type: 'CodeableConcept' },
    { name: 'date', type: 'dateTime' },
    { name: 'abstract', type: 'boolean' },
    { name: 'displayLanguage', type: 'code' },
    { name: 'lenient-display-validation', type: 'boolean' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

/** Validates a code against a code system (the one in force on `date`, or the version asked for). */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { snapshot } = ctx;
  const instance = instanceVersion(snapshot, ctx.instanceId);
  const { codings, codeableConcept } = codingsToCheck(input, { system: 'url', version: 'version' });
  const url = input.string('url');
  if (instance && url !== undefined && snapshot.system(url) !== instance.system) {
    throw FhirError.invalid(msg('NCMP_URL_NOT_THE_INSTANCE', url, instance.resourceId), ['url']);
  }
  const options = validationOptions(input, ctx);
  const results: CodingValidation[] = [];
  for (const c of codings) {
    const system = instance ? instance.system.url : (c.system ?? url);
    const version = instance ? instance.version : (c.version ?? input.string('version'));
    if (!system) throw FhirError.invalid(msg('NCMP_URL_REQUIRED', c.code), ['url']);
    if (c.system !== undefined && url !== undefined && snapshot.system(c.system) !== snapshot.system(url)) {
      throw FhirError.invalid(msg('NCMP_SYSTEM_DIFFERS_FROM_URL', c.system, url), [c.paths.system]);
    }
    results.push(await validateCoding(snapshot, { ...c, system, version }, options));
  }
  const { result, issues } = combineCodings(results);
  const unknown = results.map((r) => r.unknownSystem).filter((s): s is string => s !== undefined);
  return validationParameters(result, issues, chooseReported(results), unknown, codeableConcept);
}

export const codeSystemValidateCode: Operation = { resourceType: 'CodeSystem', code: 'validate-code', definition, handler };
