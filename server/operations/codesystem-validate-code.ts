// CodeSystem/$validate-code — https://hl7.org/fhir/R4/codesystem-operation-validate-code.html
// Supported: url (also as `system`), code, version, display, coding, codeableConcept, date, abstract,
// displayLanguage, lenient-display-validation. Not supported (400): codeSystem (inline).
// An invalid code, wrong display or unknown system is 200 with result=false and coded issues.
import type { CodeableConcept, Parameters } from 'fhir/r4';
import { FhirError } from '../fhir/outcome';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from '../fhir/operation';
import { validateCoding, type CodingToCheck, type CodingValidation, type ValidationOptions } from '../terminology/validate';
import { instanceVersion } from '../fhir/coded-input';
import { chooseReported, combineCodings, validationParameters } from '../fhir/validate-code-parameters';

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

/** The codings to check, from exactly one of code(+url), coding or codeableConcept. */
export function codingsToCheck(
  input: OperationInput,
  names: { system: string; version: string },
): { codings: CodingToCheck[]; codeableConcept: CodeableConcept | undefined } {
  const code = input.string('code');
  const coding = input.coding('coding');
  const cc = input.codeableConcept('codeableConcept');
  const forms = [code !== undefined, coding !== undefined, cc !== undefined].filter(Boolean).length;
  if (forms === 0) throw FhirError.invalid('One of code, coding or codeableConcept is required', ['code']);
  if (forms > 1) throw FhirError.invalid('Give only one of code, coding or codeableConcept', ['code', 'coding', 'codeableConcept']);
  if (input.has('display') && code === undefined) {
    throw FhirError.invalid(`'display' goes with 'code'; put the display inside the coding instead`, ['display']);
  }
  if (code !== undefined) {
    return {
      codeableConcept: undefined,
      codings: [
        {
          system: input.string(names.system),
          code,
          version: input.string(names.version),
          display: input.string('display'),
          // tx.fhir.org points at `version` for the code form, whichever parameter carried it.
          paths: { system: names.system, code: 'code', display: 'display', version: 'version' },
        },
      ],
    };
  }
  const list = coding ? [coding] : (cc!.coding ?? []);
  if (list.length === 0) throw FhirError.invalid('codeableConcept has no coding to validate', ['codeableConcept.coding']);
  return {
    codeableConcept: cc,
    codings: list.map((c, i) => {
      const at = coding ? 'Coding' : `CodeableConcept.coding[${i}]`;
      if (c.code === undefined) throw FhirError.invalid(`${at} has no code`, [`${at}.code`]);
      return {
        system: c.system,
        code: c.code,
        version: c.version,
        display: c.display,
        paths: { system: `${at}.system`, code: `${at}.code`, display: `${at}.display`, version: `${at}.version` },
      };
    }),
  };
}

/** Whether a value is a language tag or a list of them (`de`, `de-CH, en; q=0.5`, `*`). */
function isLanguageList(value: string): boolean {
  return value.split(',').every((part) => /^\s*(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)\s*(;\s*q\s*=\s*[01](\.\d{0,3})?\s*)?$/.test(part));
}

/** The options both $validate-code operations read the same way. */
export function validationOptions(input: OperationInput, ctx: OperationContext): ValidationOptions {
  const displayLanguage = input.string('displayLanguage');
  if (displayLanguage !== undefined && !isLanguageList(displayLanguage)) {
    throw new FhirError(400, { severity: 'error', code: 'processing', txType: 'invalid-display', text: `Invalid displayLanguage: '${displayLanguage}'` });
  }
  return {
    date: input.date('date'),
    abstract: input.boolean('abstract'),
    displayLanguage: displayLanguage ?? ctx.acceptLanguage,
    lenientDisplay: input.boolean('lenient-display-validation') ?? false,
  };
}

/** Validates a code against a code system (the one in force on `date`, or the version asked for). */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { snapshot } = ctx;
  const instance = instanceVersion(snapshot, ctx.instanceId);
  const { codings, codeableConcept } = codingsToCheck(input, { system: 'url', version: 'version' });
  const url = input.string('url');
  if (instance && url !== undefined && snapshot.system(url) !== instance.system) {
    throw FhirError.invalid(`url '${url}' does not match CodeSystem/${instance.resourceId}`, ['url']);
  }
  const options = validationOptions(input, ctx);
  const results: CodingValidation[] = [];
  for (const c of codings) {
    const system = instance ? instance.system.url : (c.system ?? url);
    const version = instance ? instance.version : (c.version ?? input.string('version'));
    if (!system) throw FhirError.invalid(`'url' (the code system) is required to validate '${c.code}'`, ['url']);
    if (c.system !== undefined && url !== undefined && snapshot.system(c.system) !== snapshot.system(url)) {
      throw FhirError.invalid(`The coding's system '${c.system}' differs from url '${url}'`, [c.paths.system]);
    }
    results.push(await validateCoding(snapshot, { ...c, system, version }, options));
  }
  const { result, issues } = combineCodings(results);
  const unknown = results.map((r) => r.unknownSystem).filter((s): s is string => s !== undefined);
  return validationParameters(result, issues, chooseReported(results), unknown, codeableConcept);
}

export const codeSystemValidateCode: Operation = { resourceType: 'CodeSystem', code: 'validate-code', definition, handler };
