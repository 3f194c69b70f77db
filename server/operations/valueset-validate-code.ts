// ValueSet/$validate-code — https://hl7.org/fhir/R4/valueset-operation-validate-code.html
// Supported: url, valueSet (inline), valueSetVersion, code, system, systemVersion, display, coding,
// codeableConcept, date, abstract, displayLanguage, activeOnly, lenient-display-validation.
// Not supported (400): context. A code outside the value set is 200 with result=false and `not-in-vs`.
import type { Parameters } from 'fhir/r4';
import { FhirError, issue } from '../fhir/outcome';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from '../fhir/operation';
import { computeExpansion, expansionOf } from '../terminology/compose';
import { isInactive } from '../terminology/model';
import { isVersionPattern, versionMatches } from '../terminology/resolve';
import { validateCoding, type CodingValidation } from '../terminology/validate';
import { codingsToCheck, validationOptions } from './codesystem-validate-code';
import { chooseReported, combineCodings, validationParameters } from '../fhir/validate-code-parameters';
import { valueSetFor } from '../fhir/value-set-input';

export const definition: OperationDefinitionSpec = {
  name: 'ValueSet/$validate-code',
  definitionUrl: 'http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code',
  parameters: [
    { name: 'url', type: 'uri' },
    { name: 'valueSet', type: 'Resource' },
    { name: 'valueSetVersion', type: 'string' },
    { name: 'code', type: 'code' },
    { name: 'system', type: 'uri' },
    { name: 'systemVersion', type: 'string' },
    { name: 'display', type: 'string' },
    { name: 'coding', type: 'Coding' },
    { name: 'codeableConcept', type: 'CodeableConcept' },
    { name: 'date', type: 'dateTime' },
    { name: 'abstract', type: 'boolean' },
    { name: 'displayLanguage', type: 'code' },
    { name: 'activeOnly', type: 'boolean' },
    { name: 'lenient-display-validation', type: 'boolean' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

/** Validates a code's membership in a value set (and the code itself, in its code system). */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { snapshot } = ctx;
  const date = input.date('date');
  const entry = valueSetFor(input, snapshot, ctx.instanceId, date);
  const expansion = entry.id < 0 ? await computeExpansion(snapshot, entry.resource, date) : await expansionOf(snapshot, entry, date);
  const vsName = entry.version ? `${entry.url}|${entry.version}` : entry.url;
  const { codings, codeableConcept } = codingsToCheck(input, { system: 'system', version: 'systemVersion' });
  const options = validationOptions(input, ctx);
  const activeOnly = input.boolean('activeOnly') ?? false;
  const results: CodingValidation[] = [];
  for (const c of codings) {
    let system = c.system;
    if (system === undefined) {
      const systems = new Set([...expansion.members.values()].filter((m) => m.concept.code === c.code).map((m) => m.version.system.url));
      if (systems.size !== 1) {
        throw new FhirError(400, {
          severity: 'error',
          code: 'not-found',
          txType: 'cannot-infer',
          text: `The code '${c.code}' has no system, and the system cannot be inferred from the value set '${vsName}'`,
          expression: [c.paths.system],
        });
      }
      system = [...systems][0]!;
    }
    const codeSystem = snapshot.system(system);
    const pinned = expansion.usedVersions.find((v) => v.system === codeSystem);
    const preIssues = [];
    // A coding version the include's pattern (`1.x`) admits is validated as given; another version is a
    // mismatch, judged against the version the value set uses (tx.fhir.org: VALUESET_VALUE_MISMATCH).
    const includeVersions = (entry.resource.compose?.include ?? [])
      .filter((inc) => inc.system !== undefined && snapshot.system(inc.system) === codeSystem)
      .map((inc) => inc.version);
    const admitted = c.version !== undefined && includeVersions.some((v) => v !== undefined && isVersionPattern(v) && versionMatches(v, c.version!));
    let judgedVersion = c.version ?? pinned?.version;
    if (pinned && c.version !== undefined && c.version !== pinned.version && !admitted) {
      preIssues.push(
        issue({
          severity: 'error',
          code: 'invalid',
          txType: 'vs-invalid',
          text: `The code system '${pinned.system.url}' version '${pinned.version}' in the ValueSet include is different to the one in the value ('${c.version}')`,
          expression: [c.paths.version],
        }),
      );
      judgedVersion = pinned.version;
    }
    const validation = await validateCoding(snapshot, { ...c, system, version: judgedVersion }, options);
    validation.issues.unshift(...preIssues);
    if (preIssues.length > 0) validation.result = false;
    const found = validation.found;
    const member = found && expansion.members.get(`${found.version.system.url}|${c.code}`);
    const viaFragment = found?.fromFragmentFallback && expansion.wholeFragments.some((f) => f.system === found.version.system);
    if (validation.unknownSystem === undefined && !member && !viaFragment) {
      validation.result = false;
      validation.issues.push(
        issue({
          severity: 'error',
          code: 'code-invalid',
          txType: 'not-in-vs',
          text: `The provided code '${system}#${c.code}${c.display !== undefined ? ` ('${c.display}')` : ''}' was not found in the value set '${vsName}'`,
          expression: [c.paths.code],
        }),
      );
    } else if (member && activeOnly && isInactive(member.concept)) {
      validation.result = false;
      validation.issues.push(
        issue({
          severity: 'error',
          code: 'business-rule',
          txType: 'code-rule',
          text: `The code '${system}#${c.code}' is inactive, and activeOnly was requested`,
          expression: [c.paths.code],
        }),
      );
    }
    results.push(validation);
  }
  const { result, issues } = combineCodings(results);
  const unknown = results.map((r) => r.unknownSystem).filter((s): s is string => s !== undefined);
  return validationParameters(result, issues, chooseReported(results), unknown, codeableConcept);
}

export const valueSetValidateCode: Operation = { resourceType: 'ValueSet', code: 'validate-code', definition, handler };
