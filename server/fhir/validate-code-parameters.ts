import type { CodeableConcept, OperationOutcomeIssue, Parameters } from 'fhir/r4';
import { out, parameters } from '../../fhir-resources/parameters';
import { operationOutcome } from './outcome';
import type { CodingValidation } from '../terminology/validate';
import { messageOf } from '../terminology/validate';

/**
 * The `Parameters` answer of $validate-code (CodeSystem and ValueSet alike): `result`, `message`, `display`,
 * the R5 `code`/`system`/`version`, `inactive`, `issues`, and `x-caused-by-unknown-system`.
 */
export function validationParameters(
  result: boolean,
  issues: OperationOutcomeIssue[],
  chosen: CodingValidation | undefined,
  unknownSystems: string[],
  codeableConcept?: CodeableConcept,
  /** Unknown code systems the value set does not name (`x-unknown-system`, as tx.fhir.org). */
  unknownTargets: string[] = [],
): Parameters {
  const message = messageOf(issues);
  const reportCoding = !codeableConcept || (chosen?.found !== undefined && !chosen.membershipUnknown);
  return parameters([
    out.boolean('result', result),
    message !== undefined && out.string('message', message),
    chosen?.display !== undefined && out.string('display', chosen.display),
    // For a CodeableConcept, the coding it was judged by is reported when its concept was found (tx.fhir.org).
    chosen !== undefined && reportCoding && out.code('code', chosen.code),
    chosen?.system !== undefined && reportCoding && out.uri('system', chosen.system),
    !!chosen?.version && reportCoding && out.string('version', chosen.version),
    chosen?.inactive !== undefined && out.boolean('inactive', chosen.inactive),
    chosen?.status !== undefined && out.code('status', chosen.status),
    chosen?.normalizedCode !== undefined && out.code('normalized-code', chosen.normalizedCode),
    codeableConcept !== undefined && { name: 'codeableConcept', valueCodeableConcept: codeableConcept },
    issues.length > 0 && out.outcome('issues', operationOutcome(issues)),
    ...unknownSystems.map((s) => out.canonical('x-caused-by-unknown-system', s)),
    ...unknownTargets.map((s) => out.canonical('x-unknown-system', s)),
  ]);
}

/** The coding whose details a multi-coding answer reports: the first valid one, else the first. */
export function chooseReported(results: CodingValidation[]): CodingValidation | undefined {
  return results.find((r) => r.result) ?? results[0];
}

/**
 * Combines per-coding results of a CodeableConcept: valid when any coding is; then the other codings'
 * errors are reported as information, as tx.fhir.org does (`this-code-not-in-vs`).
 */
export function combineCodings(results: CodingValidation[]): { result: boolean; issues: OperationOutcomeIssue[] } {
  const result = results.some((r) => r.result);
  const issues = results.flatMap((r) =>
    result && !r.result
      ? r.issues.map((i) => (i.severity === 'error' ? { ...i, severity: 'information' as const } : i))
      : r.issues,
  );
  return { result, issues };
}
