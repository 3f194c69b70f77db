import type { CodeableConcept, OperationOutcomeIssue, Parameters } from 'fhir/r4';
import { out, parameters } from '../../builders/parameters';
import { isInMessage, issue, issueMessage, operationOutcome } from '../../terminology/issues';
import { msg } from '../../terminology/messages';
import type { CodingValidation } from '../../terminology/validate';

/** Joins issue texts the way tx.fhir.org builds `message`: errors first, then the rest; issues marked `inMessage: false` are left out. */
export function messageOf(issues: OperationOutcomeIssue[]): string | undefined {
  const order = { fatal: 0, error: 1, warning: 2, information: 3 } as const;
  const said = issues.filter(isInMessage);
  if (said.length === 0) return undefined;
  return said
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((i) => i.details?.text ?? '')
    .filter((t) => t !== '')
    .join('; ');
}

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

const txTypeOf = (i: OperationOutcomeIssue): string | undefined => i.details?.coding?.[0]?.code;

/**
 * Combines the per-coding results of a CodeableConcept checked against a value set, as tx.fhir.org does:
 * a coding outside the value set is reported as information (`this-code-not-in-vs`), while its own errors
 * (an unknown code, a wrong display) stay errors; when no coding is in the value set an error without a
 * location says so first. Valid when a coding is in the value set and no error remains. The coding reported
 * is the first one in the value set (none when no coding is).
 */
export function combineValueSetCodings(
  results: CodingValidation[],
  vsName: string,
): { result: boolean; issues: OperationOutcomeIssue[]; reported: CodingValidation | undefined } {
  const outside = (r: CodingValidation): boolean => r.issues.some((i) => txTypeOf(i) === 'not-in-vs');
  const issues = results.flatMap((r) =>
    r.issues.map((i) => {
      if (txTypeOf(i) !== 'not-in-vs') return i;
      return issue({ severity: 'information', code: i.code, txType: 'this-code-not-in-vs', ...issueMessage(i), expression: i.expression, inMessage: false });
    }),
  );
  const inside = results.filter((r) => !outside(r));
  // A value set it imports is not known: nothing can be said of the codings either way.
  if (inside.length > 0 && inside.every((r) => r.importUnknown)) return { result: false, issues, reported: undefined };
  if (inside.length === 0) {
    issues.unshift(issue({ severity: 'error', code: 'code-invalid', txType: 'not-in-vs', ...msg('TX_GENERAL_CC_ERROR_MESSAGE', vsName) }));
    return { result: false, issues, reported: undefined };
  }
  const result = inside.some((r) => r.result) && !issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
  return { result, issues, reported: inside.find((r) => r.result) ?? inside[0] };
}

