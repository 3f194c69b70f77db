// ValueSet/$validate-code — https://hl7.org/fhir/R4/valueset-operation-validate-code.html
// Supported: url, valueSet (inline), valueSetVersion, code, system, systemVersion, display, coding,
// codeableConcept, date, abstract, displayLanguage, activeOnly, lenient-display-validation.
// Not implemented, and so ignored like any parameter the server does not know: context. A code outside the value
// set is 200 with result=false and `not-in-vs`.
import type { CodeableConcept, OperationOutcomeIssue, Parameters, ValueSet } from 'fhir/r4';
import { issue } from '../terminology/issues';
import { msg, type Message } from '../terminology/messages';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from './shared/operation';
import { composeParameter, computeExpansion, expansionOf, GrammarExpansionError, type Expansion } from '../terminology/compose';
import { isInactive, STANDARDS_STATUS_EXT, valueSetStatusNotes, type StatusNote, type SystemEntry, type VersionEntry } from '../terminology/model';
import { canonical, compareVersions, isVersionPattern, requestedVersion, resolutionFailure, resolveVersion, versionMatches } from '../terminology/resolve';
import type { Snapshot } from '../terminology/snapshot';
import { validateCoding, type CodingToCheck, type CodingValidation, type ValidationOptions, statusNoteIssue } from '../terminology/validate';
import { chooseReported, combineCodings, combineValueSetCodings, validationParameters } from './shared/validate-code-parameters';
import { valueSetFor } from './shared/value-set-input';
import { codingsToCheck, validationOptions } from './shared/coded-input';
import { valueSetSupplements, withSupplements } from '../terminology/request-scope';

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
    { name: 'valueset-membership-only', type: 'boolean' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

/** Validates a code's membership in a value set (and the code itself, in its code system). */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const date = input.date('date');
  const entry = valueSetFor(input, ctx.snapshot, ctx.instanceId, date);
  // The supplements the value set requires apply to its codes (designations, properties) here.
  const snapshot = await withSupplements(ctx.snapshot, valueSetSupplements(entry.resource));
  // Lenient: an include whose code system version does not exist leaves membership unknown (reported below).
  const mode = { lenient: true };
  const { codings, codeableConcept } = codingsToCheck(input, { system: 'system', version: 'systemVersion' });
  let expansion: Expansion;
  try {
    expansion = entry.id < 0 ? await computeExpansion(snapshot, entry.resource, date, mode) : await expansionOf(snapshot, entry, date, mode);
  } catch (error) {
    if (!(error instanceof GrammarExpansionError)) throw error;
    // A whole grammar (UCUM, BCP-47) is in the value set: its part in the expansion is the codes asked about.
    expansion = await computeExpansion(snapshot, entry.resource, date, { ...mode, codes: new Set(codings.map((c) => c.code)) });
  }
  const options = validationOptions(input, ctx);
  // The value set may name the display language its codes are shown in (`valueset-expansion-parameter`),
  // else its own language does (tx.fhir.org).
  options.displayLanguage ??= composeParameter(entry.resource, 'displayLanguage') ?? entry.resource.language;
  const against: ValueSetAtHand = {
    snapshot,
    vs: entry.resource,
    expansion,
    // A value set sent without a url is '(unidentified)', as tx.fhir.org names it.
    vsName: entry.resource.url === undefined ? '(unidentified)' : canonical(entry.url, entry.version),
    options,
    activeOnly: input.boolean('activeOnly') ?? false,
  };
  const checked: CheckedCoding[] = [];
  for (const c of codings) checked.push(await checkCoding(against, c));
  const statusNotes = [entry.resource, ...expansion.usedValueSets].flatMap(valueSetStatusNotes);
  return valueSetValidationAnswer(checked, {
    vsName: against.vsName,
    codeableConcept,
    statusNotes,
    membershipOnly: input.boolean('valueset-membership-only') === true,
  });
}

/** The value set a request checks codings against, with what checking them needs. */
interface ValueSetAtHand {
  snapshot: Snapshot;
  vs: ValueSet;
  expansion: Expansion;
  /** The value set as the issues name it (`url|version`). */
  vsName: string;
  options: ValidationOptions;
  /** Whether only active codes count as members (`activeOnly`). */
  activeOnly: boolean;
}

/** One coding checked: its validation, the code system versions it named that are unknown, and an unknown system the value set does not name. */
export interface CheckedCoding {
  validation: CodingValidation;
  unknownVersions: string[];
  unknownTarget?: string;
}

/**
 * The Parameters answer of ValueSet/$validate-code from the checked codings: pure, everything it says is
 * given. `membershipOnly` (the HL7 validator's `valueset-membership-only`): whether the codes are in the
 * value set, nothing else.
 */
export function valueSetValidationAnswer(
  checked: CheckedCoding[],
  given: { vsName: string; codeableConcept: CodeableConcept | undefined; statusNotes: StatusNote[]; membershipOnly: boolean },
): Parameters {
  const results = checked.map((c) => (given.membershipOnly ? membershipOnly(c.validation) : c.validation));
  const { result, issues, reported } = given.codeableConcept
    ? combineValueSetCodings(results, given.vsName)
    : { ...combineCodings(results), reported: chooseReported(results) };
  issues.push(...given.statusNotes.map(statusNoteIssue));
  const unknown = [...checked.flatMap((c) => c.unknownVersions), ...results.flatMap((r) => (r.unknownSystem !== undefined ? [r.unknownSystem] : []))];
  const unknownTargets = checked.flatMap((c) => (c.unknownTarget !== undefined ? [c.unknownTarget] : []));
  return validationParameters(result, issues, reported, [...new Set(unknown)], given.codeableConcept, [...new Set(unknownTargets)]);
}

/** A validation reduced to whether the code is in the value set: its `not-in-vs` issues, and valid without them (unless membership is unknown). */
function membershipOnly(validation: CodingValidation): CodingValidation {
  const issues = validation.issues.filter((i) => i.details?.coding?.[0]?.code === 'not-in-vs');
  return { ...validation, issues, result: issues.length === 0 && !validation.membershipUnknown };
}

/** Checks one coding: in its code system (the version the value set settles on), then its membership. */
async function checkCoding(against: ValueSetAtHand, c: CodingToCheck): Promise<CheckedCoding> {
  let system = c.system;
  if (system === undefined) {
    const inferred = inferSystem(against, c);
    if (typeof inferred !== 'string') return { validation: inferred, unknownVersions: [] };
    system = inferred;
  }
  const coding = { ...c, system };
  const codeSystem = against.snapshot.system(system);
  if (!codeSystem) {
    const validation = await validateCoding(against.snapshot, coding, against.options);
    if (!includesSystem(against.vs, system)) return unknownSystemOutside(against, validation, coding);
    judgeMembership(against, validation, coding, system, undefined);
    return { validation, unknownVersions: [] };
  }
  const checked = await validateAgainstInclude(against.snapshot, against.vs, against.expansion, codeSystem, coding, against.options);
  judgeMembership(against, checked.validation, coding, system, codeSystem);
  return checked;
}

/**
 * The system of a coding that names none: the one system of the value set's members that has the code.
 * Otherwise the answer for the coding (not in the value set, and why), as tx.fhir.org gives it.
 */
function inferSystem(against: ValueSetAtHand, c: CodingToCheck): string | CodingValidation {
  const notInVs = issue({
    severity: 'error',
    code: 'code-invalid',
    txType: 'not-in-vs',
    ...msg('None_of_the_provided_codes_are_in_the_value_set_one', `#${c.code}`, against.vsName),
    expression: [c.paths.code],
  });
  if (c.paths.system !== 'system') {
    // A Coding without a system has no meaning (tx.fhir.org): say so, and it is not in the value set.
    const at = c.paths.system.replace(/\.system$/, '');
    return noSystem(c, [notInVs, issue({ severity: 'warning', code: 'invalid', txType: 'invalid-data', ...msg('Coding_has_no_system__cannot_validate'), expression: [at] })]);
  }
  const systems = new Set([...against.expansion.members.values()].filter((m) => m.concept.code === c.code).map((m) => m.version.system.url));
  if (systems.size === 1) return [...systems][0]!;
  const included = [...new Set((against.vs.compose?.include ?? []).map((inc) => inc.system).filter((u): u is string => u !== undefined))];
  const cannotInfer = issue({
    severity: 'error',
    code: 'not-found',
    txType: 'cannot-infer',
    ...(systems.size === 0
      ? msg('UNABLE_TO_INFER_CODESYSTEM', c.code, against.vsName, included.join(', ') || 'none')
      : msg('Unable_to_resolve_system__value_set_has_multiple_matches', c.code, against.vsName, [...systems].join(', '))),
    expression: [c.paths.code],
  });
  return noSystem(c, [notInVs, cannotInfer]);
}

/**
 * An unknown system the value set does not name: the code is simply not in it (tx.fhir.org: `x-unknown-system`),
 * with tx.fhir.org's words for the unknown system (or for a value set's url sent as Coding.system).
 */
function unknownSystemOutside(against: ValueSetAtHand, validation: CodingValidation, c: CodingToCheck & { system: string }): CheckedCoding {
  const { system } = c;
  // tx.fhir.org's words: a version the coding names is quoted with it.
  const local = !system.includes(':');
  const unknown =
    c.version !== undefined
      ? msg('UNKNOWN_CODESYSTEM_VERSION_NONE', system, c.version)
      : local
        ? msg('UNKNOWN_CODESYSTEM', system)
        : // tx.fhir.org's words here do not quote an absolute url.
          { ...msg('UNKNOWN_CODESYSTEM_UNQUOTED', system), messageId: 'UNKNOWN_CODESYSTEM' as const };
  const isValueSet = against.snapshot.valueSets.some((v) => v.url === system);
  validation.issues = validation.issues.map((i) => {
    if (i.details?.coding?.[0]?.code !== 'not-found') return i;
    // A value set's url sent as Coding.system is a mistake of its own (tx.fhir.org's words).
    if (isValueSet) return issue({ severity: 'error', code: 'invalid', txType: 'invalid-data', ...msg('Terminology_TX_System_ValueSet2', system), expression: [c.paths.system] });
    return issue({ severity: 'error', code: 'not-found', txType: 'not-found', ...unknown, expression: i.expression });
  });
  if (local && !isValueSet) {
    validation.issues.push(issue({ severity: 'error', code: 'invalid', txType: 'invalid-data', ...msg('Terminology_TX_System_Relative', c.paths.system), expression: [c.paths.system] }));
  }
  if (isValueSet) validation.unknownSystem = undefined;
  const given = c.version === undefined ? `${system}#${c.code}` : `${system}|${c.version}#${c.code}`;
  validation.issues.unshift(
    issue({ severity: 'error', code: 'code-invalid', txType: 'not-in-vs', ...msg('None_of_the_provided_codes_are_in_the_value_set_one', given, against.vsName), expression: [c.paths.code] }),
  );
  const unknownTarget = validation.unknownSystem;
  validation.unknownSystem = undefined;
  return { validation, unknownVersions: [], ...(unknownTarget !== undefined ? { unknownTarget } : {}) };
}

/**
 * Decides whether a coding validated in its code system is a member of the value set, and adds what
 * tx.fhir.org says about it: not in the value set, an import that is not known, an abstract code where
 * `abstract=false`, a listing marked deprecated, an inactive code where only active ones count.
 */
function judgeMembership(against: ValueSetAtHand, validation: CodingValidation, c: CodingToCheck, system: string, codeSystem: SystemEntry | undefined): void {
  const { expansion, vsName } = against;
  const unresolvedInclude = codeSystem !== undefined && expansion.unresolved.some((u) => u.system === codeSystem.url);
  const found = validation.found;
  const member = found && expansion.members.get(`${found.version.system.url}|${found.concept.code}`);
  const viaFragment = found?.fromFragmentFallback && expansion.wholeFragments.some((f) => f.system === found.version.system);
  const notAMember = validation.unknownSystem === undefined && !unresolvedInclude && !validation.fragmentUnknown && !member && !viaFragment;
  const notInVs = (given: string): OperationOutcomeIssue =>
    issue({ severity: 'error', code: 'code-invalid', txType: 'not-in-vs', ...msg('None_of_the_provided_codes_are_in_the_value_set_one', given, vsName), expression: [c.paths.code] });
  if (notAMember && expansion.unresolvedValueSets.length > 0) {
    // A value set it imports is not known: the code may be in it, so the answer names that instead.
    validation.result = false;
    validation.importUnknown = true;
    for (const u of expansion.unresolvedValueSets) validation.issues.push(issue({ severity: 'error', code: 'not-found', txType: 'not-found', ...u.message }));
  } else if (notAMember) {
    validation.result = false;
    const given = `${system}${c.version !== undefined ? `|${c.version}` : ''}#${c.code}${c.display !== undefined ? ` ('${c.display}')` : ''}`;
    validation.issues.push(notInVs(given));
  } else if (member && against.options.abstract === false && member.concept.abstract) {
    // abstract=false: an abstract code is not a member here either (tx.fhir.org reports both).
    validation.result = false;
    validation.issues.push(notInVs(`${system}#${c.code}`));
  } else if (member && listedAsDeprecated(against.vs, member.version.system.url, c.code)) {
    validation.issues.push(
      issue({
        severity: 'warning',
        code: 'business-rule',
        txType: 'code-comment',
        ...msg('CONCEPT_DEPRECATED_IN_VALUESET', c.code, member.version.system.url, vsName),
        expression: [c.paths.code],
        // Reported as an issue, not repeated in `message` (tx.fhir.org).
        inMessage: false,
      }),
    );
  }
  // An inactive code where only active ones count (activeOnly, or compose.inactive = false): valid, but not in the value set.
  if (found !== undefined && isInactive(found.concept) && (against.activeOnly || against.vs.compose?.inactive === false)) {
    validation.result = false;
    validation.issues.push(issue({ severity: 'error', code: 'business-rule', txType: 'code-rule', ...msg('STATUS_CODE_WARNING_CODE', c.code), expression: [c.paths.code] }));
    if (member) validation.issues.push(notInVs(`${system}#${c.code}`));
  }
}

export const valueSetValidateCode: Operation = { resourceType: 'ValueSet', code: 'validate-code', definition, handler };

/**
 * The version the value set's include gives for a code system. With includes of several versions (as
 * tx.fhir.org chooses): the one the coding names, else the newest whose members hold the code (with the
 * coding's display, when one has it), else the newest. With one: the include that lists the code, else the first.
 */
function includeVersionFor(vs: ValueSet, snapshot: Snapshot, system: SystemEntry, c: CodingToCheck, expansion: Expansion): string | undefined {
  const includes = (vs.compose?.include ?? []).filter((inc) => inc.system !== undefined && snapshot.system(inc.system) === system);
  const versions = [...new Set(includes.map((inc) => inc.version).filter((v): v is string => v !== undefined))].sort((a, b) => compareVersions(b, a));
  if (versions.length > 1) {
    if (c.version !== undefined && versions.includes(c.version)) return c.version;
    const holders = expansion.entries.filter((m) => m.version.system === system && m.concept.code === c.code);
    // A display the client gives picks the version that has it.
    const fitting = holders.filter((m) => c.display !== undefined && (m.concept.display === c.display || m.concept.designations.some((d) => d.value === c.display)));
    const holding = new Set((fitting.length > 0 ? fitting : holders).map((m) => m.version.version));
    return versions.find((v) => holding.has(v)) ?? versions[0];
  }
  return (includes.find((inc) => inc.concept?.some((x) => x.code === c.code)) ?? includes[0])?.version;
}

/** A `vs-invalid` issue; `inMessage: false` for one tx.fhir.org reports but leaves out of `message`. */
const vsInvalid = (severity: 'error' | 'warning', said: Message, at: string, inMessage?: false): OperationOutcomeIssue =>
  issue({ severity, code: 'invalid', txType: 'vs-invalid', ...said, expression: [at], ...(inMessage === false ? { inMessage } : {}) });

/**
 * What tx.fhir.org says when the coding names another version than the one the value set settles on (`inVs`,
 * from `requested`, which the include's `includeVersion` gave): an error against a pinned include, a warning
 * (not in `message`) against a versionless one; and a coding version the code system does not have, as unknown.
 */
function versionMismatch(
  system: SystemEntry,
  c: CodingToCheck,
  inVs: VersionEntry | undefined,
  requested: string | undefined,
  includeVersion: string | undefined,
): { issues: OperationOutcomeIssue[]; unknownVersions: string[] } {
  if (c.version === undefined || c.version === inVs?.version) return { issues: [], unknownVersions: [] };
  const issues: OperationOutcomeIssue[] = [];
  if (inVs && requested === undefined) {
    issues.push(vsInvalid('warning', msg('VALUESET_VALUE_MISMATCH_DEFAULT', system.url, inVs.version, c.version), c.paths.version, false));
  } else if (inVs && requested !== includeVersion) {
    issues.push(vsInvalid('error', msg('VALUESET_VALUE_MISMATCH_CHANGED', system.url, requested ?? '', includeVersion ?? '', c.version), c.paths.version));
  } else {
    issues.push(vsInvalid('error', msg('VALUESET_VALUE_MISMATCH', system.url, String(requested ?? inVs?.version), c.version), c.paths.version));
  }
  if (!inVs || system.versions.some((v) => v.version === c.version)) return { issues, unknownVersions: [] };
  const unknown = resolutionFailure({ kind: 'unknown-version', system, version: c.version, known: system.versions.map((v) => v.version) });
  issues.push(issue({ severity: 'error', code: 'not-found', txType: 'not-found', ...unknown, expression: [c.paths.system] }));
  return { issues, unknownVersions: [`${system.url}|${c.version}`] };
}

/**
 * Validates a coding of a known code system against the version the value set settles on, as tx.fhir.org
 * does: the request's version parameters apply to the include's version; a coding version that a pattern
 * (`1.x`) admits is used as given; any other coding version is a mismatch (an error against a pinned
 * include, a warning against a versionless one), and the code is judged in the value set's version.
 */
async function validateAgainstInclude(
  snapshot: Snapshot,
  vs: ValueSet,
  expansion: Expansion,
  system: SystemEntry,
  c: CodingToCheck,
  options: ValidationOptions,
): Promise<{ validation: CodingValidation; unknownVersions: string[] }> {
  const includeVersion = includeVersionFor(vs, snapshot, system, c, expansion);
  const asked = requestedVersion(snapshot, system, includeVersion);
  let requested = asked.version;
  if (c.version !== undefined && requested !== undefined && isVersionPattern(requested) && versionMatches(requested, c.version)) requested = c.version;
  const resolution = resolveVersion(snapshot, { system: system.url, version: requested, date: options.date }, { version: requested, applied: asked.applied });
  const inVs = resolution.kind === 'found' ? resolution.version : undefined;
  const { issues, unknownVersions } = versionMismatch(system, c, inVs, requested, includeVersion);
  let validation: CodingValidation;
  if (resolution.kind === 'found') {
    validation = await validateCoding(snapshot, c, options, resolution);
  } else {
    // The value set's version cannot be had: say so, and judge the code in the coding's own version.
    if (resolution.kind === 'unknown-version') {
      issues.push(issue({ severity: 'error', code: 'not-found', txType: 'not-found', ...resolutionFailure(resolution), expression: [c.paths.system] }));
      unknownVersions.push(`${system.url}|${resolution.version}`);
    }
    validation = await validateCoding(snapshot, c, options);
    validation.membershipUnknown = true;
    if (validation.unknownSystem !== undefined) unknownVersions.push(validation.unknownSystem);
    validation.unknownSystem = undefined;
  }
  validation.issues.unshift(...issues);
  if (issues.some((i) => i.severity === 'error')) validation.result = false;
  return { validation, unknownVersions };
}

/** Whether the value set lists the code with a deprecated mark (`valueset-deprecated` or a standards status). */
function listedAsDeprecated(vs: ValueSet, system: string, code: string): boolean {
  return (vs.compose?.include ?? []).some(
    (inc) =>
      inc.system === system &&
      inc.concept?.some(
        (c) =>
          c.code === code &&
          c.extension?.some(
            (e) =>
              (e.url === 'http://hl7.org/fhir/StructureDefinition/valueset-deprecated' && (e.valueBoolean === true || String((e as { valueCode?: string }).valueCode) === 'true')) ||
              (e.url === STANDARDS_STATUS_EXT && e.valueCode === 'deprecated'),
          ),
      ),
  );
}

/** The answer for a coding without a system: not validated, with the issues given. */
function noSystem(c: CodingToCheck, issues: OperationOutcomeIssue[]): CodingValidation {
  return { result: false, issues, system: undefined, code: c.code, version: undefined, display: undefined, inactive: undefined, unknownSystem: undefined };
}

/** Whether the value set's compose names the code system (in an include or exclude). */
function includesSystem(vs: ValueSet, system: string): boolean {
  return [...(vs.compose?.include ?? []), ...(vs.compose?.exclude ?? [])].some((inc) => inc.system === system);
}

