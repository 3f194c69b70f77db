import type { OperationOutcomeIssue } from 'fhir/r4';
import { issue } from './issues';
import { judgeDisplay, preferredDisplay, type DisplayOption } from './display';
import { isDerivedConcept } from './code-systems';
import { absentText, findConcept, fragmentText, noContentText, retiredText } from './find';
import { isInactive, versionStatusNotes, type Concept, type StatusNote, type VersionEntry } from './model';
import { orList, resolutionFailureText, versionLabel, resolveVersion, type Resolution } from './resolve';
import { completeVersionsBefore } from './history';
import { hasValidity, replaces, successionSentence, successorsOf } from './succession';
import type { Snapshot } from './snapshot';

/** One coding to check, with where each of its parts came from in the request (for `expression`). */
export interface CodingToCheck {
  system: string | undefined;
  code: string;
  version: string | undefined;
  display: string | undefined;
  paths: { system: string; code: string; display: string; version: string };
}

/** Options that apply to the whole validation. */
export interface ValidationOptions {
  date: string | undefined;
  /**
   * The `abstract` parameter: whether abstract (not selectable) concepts are acceptable. Not given, they are
   * (R5's default, which tx.fhir.org applies), except a group the server derived from the code shape (NCMP's
   * chapters, sections and 4-letter groups): no source lists those as codes, so only `abstract=true` accepts them.
   */
  abstract: boolean | undefined;
  displayLanguage: string | undefined;
  /** `lenient-display-validation`: a wrong display is a warning and the result stays true. */
  lenientDisplay: boolean;
}

/** What validating one coding found. */
export interface CodingValidation {
  result: boolean;
  issues: OperationOutcomeIssue[];
  system: string | undefined;
  code: string;
  version: string | undefined;
  display: string | undefined;
  inactive: boolean | undefined;
  /** Set when a fragment (with no complete version before it) lacks the code: neither valid nor invalid. */
  fragmentUnknown?: boolean;
  /** The code as the code system writes it, when the client's differs in case (`normalized-code`). */
  normalizedCode?: string;
  /** The concept's status when it is more than inactive (`retired`), reported as `status`. */
  status?: string;
  /** Set when the code system (or the version asked for) is unknown: `x-caused-by-unknown-system`. */
  unknownSystem: string | undefined;
  /** Set when the value set's own version of the code system cannot be had, so membership is unknown. */
  membershipUnknown?: boolean;
  /** Set when a value set the value set imports is not known, so nothing is said of the coding's membership. */
  importUnknown?: boolean;
  /** The version and concept found, for the value set check. */
  found?: { version: VersionEntry; concept: Concept; fromFragmentFallback: boolean };
}

const hasError = (issues: OperationOutcomeIssue[]): boolean => issues.some((i) => i.severity === 'error' || i.severity === 'fatal');

/**
 * Validates one coding against its code system as of a date or version: the shared core of
 * CodeSystem/$validate-code and ValueSet/$validate-code.
 */
export async function validateCoding(
  snapshot: Snapshot,
  coding: CodingToCheck,
  options: ValidationOptions,
  resolved?: Resolution,
): Promise<CodingValidation> {
  const issues: OperationOutcomeIssue[] = [];
  const base: CodingValidation = {
    result: false,
    issues,
    system: coding.system,
    code: coding.code,
    version: coding.version,
    display: undefined,
    inactive: undefined,
    unknownSystem: undefined,
  };
  if (!coding.system) {
    issues.push(
      issue({
        severity: 'error',
        code: 'invalid',
        txType: 'invalid-data',
        text: `Coding has no system: a code without a system cannot be validated`,
        expression: [coding.paths.system],
      }),
    );
    return base;
  }
  const resolution = resolved ?? resolveVersion(snapshot, { system: coding.system, version: coding.version, date: options.date });
  if (resolution.kind !== 'found') {
    const text = resolutionFailureText(resolution);
    const isSystem = resolution.kind === 'unknown-system';
    issues.push(
      issue({
        severity: 'error',
        code: 'not-found',
        txType: 'not-found',
        text,
        expression: [isSystem ? coding.paths.system : coding.paths.version],
      }),
    );
    if (resolution.kind === 'unknown-system') base.unknownSystem = resolution.system;
    if (resolution.kind === 'unknown-version') base.unknownSystem = `${resolution.system.url}|${resolution.version}`;
    if (resolution.kind !== 'unknown-system') base.system = resolution.system.url;
    return base;
  }
  const { system, version } = resolution;
  base.system = system.url;
  if (version.content === 'supplement') {
    // A supplement adds to another code system; its url names no codes of its own (tx.fhir.org's words).
    const named = version.version ? `${system.url}|${version.version}` : system.url;
    issues.push(issue({ severity: 'error', code: 'invalid', txType: 'invalid-data', text: `CodeSystem ${named} is a supplement, so can't be used as a value in Coding.system`, expression: [coding.paths.system] }));
    return base;
  }
  base.version = version.version;
  for (const note of resolution.notes) {
    issues.push(issue({ severity: 'information', code: 'informational', txType: 'process-note', text: note }));
  }
  if (resolution.checkFailure) {
    issues.push(issue({ severity: 'error', code: 'exception', txType: 'version-error', text: resolution.checkFailure, expression: [coding.paths.version] }));
  }

  if (version.content === 'not-present') {
    issues.push(issue({ severity: 'error', code: 'not-found', txType: 'not-found', text: noContentText(version), expression: [coding.paths.system] }));
    return base;
  }
  const finding = await findConcept(snapshot, version, coding.code);
  if (finding.kind === 'absent' && finding.version.content === 'fragment' && completeVersionsBefore(finding.version).length === 0) {
    // A fragment with nothing complete to fall back on cannot deny a code: a warning, as tx.fhir.org gives it.
    const v = finding.version;
    issues.push(
      unsaid({
        severity: 'warning',
        code: 'code-invalid',
        txType: 'invalid-code',
        text: `Unknown Code '${coding.code}' in the CodeSystem '${system.url}' version '${v.version}' - note that the code system is labeled as a fragment, so the code may be valid in some other fragment`,
        expression: [coding.paths.code],
      }),
    );
    base.version = v.version;
    base.fragmentUnknown = true;
    base.result = true;
    return base;
  }
  if (finding.kind === 'absent') {
    let text = absentText(finding, coding.code);
    const elsewhere = snapshot.conceptMaps.flatMap((m) =>
      m.elements.filter((e) => e.sourceCode === coding.code && hasValidity(e) && snapshot.system(e.sourceSystem) !== system),
    );
    if (elsewhere.length > 0) {
      const other = snapshot.system(elsewhere[0]!.sourceSystem);
      const successions = successorsOf(snapshot, elsewhere[0]!.sourceSystem, coding.code, options.date);
      text += `; ${coding.code} is a code of ${other?.name ?? elsewhere[0]!.sourceSystem} (${other?.url ?? elsewhere[0]!.sourceSystem}), not of ${system.name}`;
      const sentence = successionSentence(snapshot, coding.code, successions);
      if (sentence) text += `; ${sentence}`;
    }
    issues.push(issue({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', text, expression: [coding.paths.code] }));
    return base;
  }
  if (finding.kind === 'retired') {
    let text = retiredText(finding, coding.code);
    const sentence = successionSentence(snapshot, coding.code, successorsOf(snapshot, system.url, coding.code, options.date));
    if (sentence) text += `; ${sentence}`;
    issues.push(issue({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', text, expression: [coding.paths.code] }));
    base.display = finding.concept.display ?? undefined;
    base.inactive = true;
    return base;
  }

  const { concept } = finding;
  base.version = finding.version.version;
  base.display = preferredDisplay(concept, options.displayLanguage, finding.version.language);
  if (concept.status !== 'active' && concept.status !== 'inactive' && isInactive(concept)) base.status = concept.status;
  base.found = { version: finding.version, concept, fromFragmentFallback: finding.fragment !== undefined };
  if (concept.code !== coding.code) {
    base.normalizedCode = concept.code;
    issues.push(
      unsaid({
        severity: 'information',
        code: 'business-rule',
        txType: 'code-rule',
        text: `The code '${coding.code}' differs from the correct code '${concept.code}' by case. Although the code system '${system.url}${finding.version.version ? `|${finding.version.version}` : ''}' is case insensitive, implementers are strongly encouraged to use the correct case anyway`,
        expression: [coding.paths.code],
      }),
    );
  }
  const fragmentNote = fragmentText(finding, coding.code);
  if (fragmentNote) {
    issues.push(issue({ severity: 'warning', code: 'informational', txType: 'process-note', text: fragmentNote, expression: [coding.paths.code] }));
  }
  issues.push(...versionStatusNotes(finding.version).map(statusNoteIssue));
  // A draft that says what it is (NordDRG's preliminary list): the client hears it as a warning, in its words.
  if (finding.version.status === 'draft' && finding.version.description) {
    issues.push(
      issue({
        severity: 'warning',
        code: 'business-rule',
        txType: 'status-check',
        text: `The answer is drawn from ${versionLabel(finding.version)}, a draft version: ${finding.version.description}`,
        expression: [coding.paths.code],
      }),
    );
  }
  const derived = isDerivedConcept(concept);
  if (concept.abstract && (options.abstract === false || (options.abstract === undefined && derived))) {
    issues.push(
      issue({
        severity: 'error',
        code: 'business-rule',
        txType: 'code-rule',
        text: derived
          ? `Code '${coding.code}' is a grouping concept of ${system.name} (derived from the code shape), not a code to record; set abstract=true to accept it`
          : `Code '${system.url}#${coding.code}' is abstract, and not allowed in this context`,
        expression: [coding.paths.code],
      }),
    );
  }
  if (isInactive(concept)) {
    base.inactive = true;
    issues.push(
      issue({
        severity: 'warning',
        code: 'business-rule',
        txType: 'code-comment',
        text: `The concept '${coding.code}' has a status of ${concept.status === 'active' || concept.status === 'inactive' ? 'inactive' : `${concept.status} and inactive`} and its use should be reviewed`,
        // tx.fhir.org points at the coding as a whole (`Coding`), or at `code` for the code form.
        expression: [coding.paths.code.replace(/\.code$/, '')],
      }),
    );
  }
  if (concept.status === 'deprecated') {
    // Valid, with a warning and the status, as tx.fhir.org words it.
    base.status = 'deprecated';
    issues.push(
      issue({
        severity: 'warning',
        code: 'business-rule',
        txType: 'code-comment',
        text: `The concept '${coding.code}' is deprecated and its use should be reviewed`,
        expression: [coding.paths.code],
      }),
    );
  }
  const successions = successorsOf(snapshot, system.url, coding.code, options.date);
  const applying = successions.filter((s) => s.timing === 'applies' && replaces(s));
  if (applying.length > 0) {
    issues.push(
      issue({
        severity: 'error',
        code: 'code-invalid',
        txType: 'invalid-code',
        text: `${coding.code} is no longer valid on ${options.date ?? 'this date'}: ${successionSentence(snapshot, coding.code, applying)}`,
        expression: [coding.paths.code],
      }),
    );
  } else {
    const pending = successions.filter((s) => s.timing !== 'applies' && s.timing !== 'ended' && replaces(s));
    const sentence = successionSentence(snapshot, coding.code, pending);
    if (sentence) {
      issues.push(issue({ severity: 'warning', code: 'business-rule', txType: 'status-check', text: sentence, expression: [coding.paths.code] }));
    }
  }
  if (coding.display !== undefined) {
    const displayIssue = displayJudgement(concept, finding.version, `${system.url}#${coding.code}`, coding.display, options);
    if (displayIssue) {
      const placed = { ...displayIssue, expression: [coding.paths.display], location: [coding.paths.display] };
      if (NOT_IN_MESSAGE.has(displayIssue)) NOT_IN_MESSAGE.add(placed);
      issues.push(placed);
    }
  }
  base.result = !hasError(issues);
  return base;
}

/** Issues that are reported in `issues` but not repeated in `message` (tx.fhir.org leaves them out there). */
export const NOT_IN_MESSAGE = new WeakSet<OperationOutcomeIssue>();

/** An issue that is not repeated in `message`. */
function unsaid(spec: Parameters<typeof issue>[0]): OperationOutcomeIssue {
  const made = issue(spec);
  NOT_IN_MESSAGE.add(made);
  return made;
}

/** Joins issue texts the way tx.fhir.org builds `message`: errors first, then the rest. */
export function messageOf(issues: OperationOutcomeIssue[]): string | undefined {
  const order = { fatal: 0, error: 1, warning: 2, information: 3 } as const;
  const said = issues.filter((i) => !NOT_IN_MESSAGE.has(i));
  if (said.length === 0) return undefined;
  return said
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((i) => i.details?.text ?? '')
    .filter((t) => t !== '')
    .join('; ');
}

/** `'Display 1' (en)`, as tx.fhir.org names a valid display. */
const named = (o: DisplayOption): string => `'${o.value}'${o.language ? ` (${o.language})` : ''}`;

/** The issue about a client's display, in tx.fhir.org's words, or none when the display is right. */
function displayJudgement(concept: Concept, version: VersionEntry, coded: string, given: string, options: ValidationOptions): OperationOutcomeIssue | undefined {
  const verdict = judgeDisplay(concept, given, options.displayLanguage, version.language);
  const languages = options.displayLanguage && options.displayLanguage !== '*' ? options.displayLanguage : '--';
  const severity = options.lenientDisplay ? 'warning' : 'error';
  switch (verdict.kind) {
    case 'match':
      return undefined;
    case 'default-language-ok':
      return issue({
        severity: 'information',
        code: 'invalid',
        txType: 'invalid-display',
        text: `There are no valid display names found for the code ${coded} for language(s) '${languages}'. The display is '${given}' which is a valid display for the default language`,
      });
    case 'none-for-language':
      return issue({
        severity,
        code: 'invalid',
        txType: 'invalid-display',
        text: `Wrong Display Name '${given}' for ${coded}. There are no valid display names found for language(s) '${languages}'. Default display is '${concept.display ?? ''}'`,
      });
    case 'retired':
      // Still valid; tx.fhir.org's words, and not repeated in `message`.
      return unsaid({
        severity: 'warning',
        code: 'invalid',
        txType: 'display-comment',
        text: `'${given}' is no longer considered a correct display for code '${concept.code}' (status = deprecated). The correct display is one of ${verdict.valid.map((o) => `"${o.value}"`).join(', ')}.`,
      });
    case 'case-or-space':
    case 'wrong': {
      const valid =
        verdict.valid.length === 1
          ? `Valid display is ${named(verdict.valid[0]!)}`
          : `Valid display is one of ${verdict.valid.length} choices: ${orList(verdict.valid.map(named))}`;
      const detail = verdict.kind === 'case-or-space' ? ' (the difference is only in case or whitespace)' : '';
      return issue({
        severity,
        code: 'invalid',
        txType: 'invalid-display',
        text: `Wrong Display Name '${given}' for ${coded}. ${valid} (for the language(s) '${languages}')${detail}`,
      });
    }
  }
}

/** tx.fhir.org's information that an answer rests on a draft, experimental, deprecated or withdrawn resource. */
export function statusNoteIssue(note: StatusNote): OperationOutcomeIssue {
  return unsaid({ severity: 'information', code: 'business-rule', txType: 'status-check', text: `Reference to ${note.kind} ${note.resourceType} ${note.canonical}` });
}
