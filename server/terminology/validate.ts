import type { OperationOutcomeIssue } from 'fhir/r4';
import { issue } from './issues';
import { msg } from './messages';
import { judgeDisplay, preferredDisplay, type DisplayOption } from './display';
import { isDerivedConcept, traitsFor, unionSiblings } from './code-systems';
import { absentText, findConcept, fragmentText, noContentText, retiredText, type ConceptFinding } from './find';
import { isInactive, versionStatusNotes, type Concept, type StatusNote, type SystemEntry, type VersionEntry } from './model';
import { canonical, orList, resolutionFailure, versionLabel, resolveVersion, type Resolution } from './resolve';
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

type Found = Extract<Resolution, { kind: 'found' }>;
type FoundConcept = Extract<ConceptFinding, { kind: 'found' }>;

/**
 * Validates one coding against its code system as of a date or version: the shared core of
 * CodeSystem/$validate-code and ValueSet/$validate-code. The decisions are made in the steps below, each of
 * which adds its issues to the answer; the order of the steps is the order tx.fhir.org reports issues in.
 */
export async function validateCoding(
  snapshot: Snapshot,
  coding: CodingToCheck,
  options: ValidationOptions,
  resolved?: Resolution,
): Promise<CodingValidation> {
  const answer = emptyValidation(coding);
  if (!coding.system) {
    answer.issues.push(
      issue({ severity: 'error', code: 'invalid', txType: 'invalid-data', ...msg('NCMP_CODING_HAS_NO_SYSTEM'), expression: [coding.paths.system] }),
    );
    return answer;
  }
  const resolution = resolved ?? resolveVersion(snapshot, { system: coding.system, version: coding.version, date: options.date });
  if (resolution.kind !== 'found') return unresolved(answer, resolution, coding);
  const { system, version } = resolution;
  answer.system = system.url;
  if (version.content === 'supplement') {
    // A supplement adds to another code system; its url names no codes of its own (tx.fhir.org's words).
    const said = msg('CODESYSTEM_CS_NO_SUPPLEMENT', canonical(system.url, version.version));
    answer.issues.push(issue({ severity: 'error', code: 'invalid', txType: 'invalid-data', ...said, expression: [coding.paths.system] }));
    return answer;
  }
  answer.version = version.version;
  answer.issues.push(...resolutionNotes(resolution, coding));
  if (version.content === 'not-present') {
    answer.issues.push(issue({ severity: 'error', code: 'not-found', txType: 'not-found', messageId: 'NCMP_CODESYSTEM_NOT_PRESENT', text: noContentText(version), expression: [coding.paths.system] }));
    return answer;
  }
  const finding = await findConcept(snapshot, version, coding.code);
  if (finding.kind === 'absent') return absent(snapshot, answer, finding, system, coding, options, await siblingText(snapshot, system, coding.code, options.date));
  if (finding.kind === 'retired') return retired(snapshot, answer, finding, system, coding, options);
  return judgeFound(snapshot, answer, finding, system, coding, options);
}

/** The answer before anything is known: not valid, nothing found, the coding's own system and version. */
function emptyValidation(coding: CodingToCheck): CodingValidation {
  return {
    result: false,
    issues: [],
    system: coding.system,
    code: coding.code,
    version: coding.version,
    display: undefined,
    inactive: undefined,
    unknownSystem: undefined,
  };
}

/** The answer when no version of the code system can be had: the reason, and the unknown `url|version`. */
function unresolved(answer: CodingValidation, resolution: Exclude<Resolution, Found>, coding: CodingToCheck): CodingValidation {
  const isSystem = resolution.kind === 'unknown-system';
  answer.issues.push(
    issue({ severity: 'error', code: 'not-found', txType: 'not-found', ...resolutionFailure(resolution), expression: [isSystem ? coding.paths.system : coding.paths.version] }),
  );
  if (resolution.kind === 'unknown-system') answer.unknownSystem = resolution.system;
  if (resolution.kind === 'unknown-version') answer.unknownSystem = `${resolution.system.url}|${resolution.version}`;
  if (resolution.kind !== 'unknown-system') answer.system = resolution.system.url;
  return answer;
}

/** What the resolution of the version has to say: how it was chosen, and a failed `check-system-version`. */
function resolutionNotes(resolution: Found, coding: CodingToCheck): OperationOutcomeIssue[] {
  const notes = resolution.notes.map((note) => issue({ severity: 'information', code: 'informational', txType: 'process-note', ...note }));
  if (resolution.checkFailure) {
    notes.push(issue({ severity: 'error', code: 'exception', txType: 'version-error', ...resolution.checkFailure, expression: [coding.paths.version] }));
  }
  return notes;
}

/**
 * The answer for a code the version lacks. A fragment with nothing complete to fall back on cannot deny a
 * code: a warning, and valid, as tx.fhir.org gives it. Otherwise an error naming, where a concept map knows
 * the code from another system, that system and the code's successors.
 */
function absent(
  snapshot: Snapshot,
  answer: CodingValidation,
  finding: Extract<ConceptFinding, { kind: 'absent' }>,
  system: SystemEntry,
  coding: CodingToCheck,
  options: ValidationOptions,
  sibling?: string,
): CodingValidation {
  const v = finding.version;
  if (v.content === 'fragment' && completeVersionsBefore(v).length === 0) {
    answer.issues.push(
      issue({
        severity: 'warning',
        code: 'code-invalid',
        txType: 'invalid-code',
        ...msg('UNKNOWN_CODE_IN_FRAGMENT', coding.code, system.url, v.version),
        expression: [coding.paths.code],
        inMessage: false,
      }),
    );
    answer.version = v.version;
    answer.fragmentUnknown = true;
    answer.result = true;
    return answer;
  }
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
  if (sibling) text += `; ${sibling}`;
  // The key of what the text begins with: its words after that are the server's own (history, successors).
  const key = v.content === 'fragment' ? 'UNKNOWN_CODE_IN_FRAGMENT' : 'Unknown_Code_in_Version';
  answer.issues.push(issue({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', messageId: key, text, expression: [coding.paths.code] }));
  return answer;
}

/**
 * For a code absent from a member of a union (NCMP, of NKPK): which other member it belongs to, by its code shape and,
 * where that member holds it on the date, by its version ("JKA21 is not an NCMP code: it is an NCSP code (NCSP 2014,
 * urn:oid:…7210|2014); …"). The members' shapes never collide, so at most one answers.
 */
async function siblingText(snapshot: Snapshot, system: SystemEntry, code: string, date: string | undefined): Promise<string | undefined> {
  const sibling = unionSiblings(system.url).find((s) => s.codePattern.test(code));
  if (!sibling) return undefined;
  const union = snapshot.systems.find((s) => s.url === sibling.unionMemberOf);
  const send = `send it under ${sibling.url}${union ? `, or under ${union.name} (${union.url}), which holds ${[system.name, ...unionSiblings(system.url).map((s) => s.name)].join(', ')}` : ''}`;
  const resolved = resolveVersion(snapshot, { system: sibling.url, ...(date ? { date } : {}) });
  if (resolved.kind === 'found') {
    const found = await findConcept(snapshot, resolved.version, code);
    if (found.kind === 'found') {
      return `${code} is not an ${system.name} code: it is an ${sibling.name} code (${versionLabel(found.version)}, ${canonical(sibling.url, found.version.version)}); ${send}`;
    }
  }
  return `${code} is not an ${system.name} code: it has the shape of an ${sibling.name} code (${sibling.url}); ${send}`;
}

/** The answer for a withdrawn code: an error with its history and successors; its display and inactive are reported. */
function retired(
  snapshot: Snapshot,
  answer: CodingValidation,
  finding: Extract<ConceptFinding, { kind: 'retired' }>,
  system: SystemEntry,
  coding: CodingToCheck,
  options: ValidationOptions,
): CodingValidation {
  let text = retiredText(finding, coding.code);
  const sentence = successionSentence(snapshot, coding.code, successorsOf(snapshot, system.url, coding.code, options.date));
  if (sentence) text += `; ${sentence}`;
  answer.issues.push(issue({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', ...msg('NCMP_CODE_RETIRED', text), expression: [coding.paths.code] }));
  answer.display = finding.concept.display ?? undefined;
  answer.inactive = true;
  return answer;
}

/** The answer for a code the version has: what is reported of it, then every note and rule that applies to it. */
function judgeFound(
  snapshot: Snapshot,
  answer: CodingValidation,
  finding: FoundConcept,
  system: SystemEntry,
  coding: CodingToCheck,
  options: ValidationOptions,
): CodingValidation {
  const { concept, version } = finding;
  answer.version = version.version;
  answer.display = preferredDisplay(concept, options.displayLanguage, version.language);
  if (concept.status !== 'active' && concept.status !== 'inactive' && isInactive(concept)) answer.status = concept.status;
  answer.found = { version, concept, fromFragmentFallback: finding.fragment !== undefined };
  if (concept.code !== coding.code) answer.normalizedCode = concept.code;
  answer.issues.push(
    ...sourceNotes(finding, system, coding),
    ...abstractIssues(concept, system, coding, options),
    ...statusIssues(concept, coding),
  );
  if (concept.status === 'deprecated') answer.status = 'deprecated';
  if (isInactive(concept)) answer.inactive = true;
  answer.issues.push(...successionIssues(snapshot, system, coding, options));
  if (coding.display !== undefined) {
    const displayIssue = displayJudgement(concept, version, `${system.url}#${coding.code}`, coding.display, options);
    // The copy keeps the mark of an issue left out of `message`.
    if (displayIssue) answer.issues.push({ ...displayIssue, expression: [coding.paths.display] });
  }
  answer.result = !hasError(answer.issues);
  return answer;
}

/**
 * Notes on where the concept was read: a code that differs by case, an answer drawn from the complete
 * version before a fragment, the status of the version, and a draft that says what it is.
 */
function sourceNotes(finding: FoundConcept, system: SystemEntry, coding: CodingToCheck): OperationOutcomeIssue[] {
  const { concept, version } = finding;
  const notes: OperationOutcomeIssue[] = [];
  if (concept.code !== coding.code) {
    notes.push(
      issue({
        severity: 'information',
        code: 'business-rule',
        txType: 'code-rule',
        ...msg('CODE_CASE_DIFFERENCE', coding.code, concept.code, canonical(system.url, version.version)),
        expression: [coding.paths.code],
        inMessage: false,
      }),
    );
  }
  // A union system's concept (NKPK) names the member version it came from.
  const origin = traitsFor(system.url).conceptOrigin?.(concept);
  if (origin) {
    notes.push(
      issue({ severity: 'information', code: 'informational', txType: 'process-note', ...msg('NCMP_ANSWERED_FROM_UNION_MEMBER', coding.code, origin, system.name), inMessage: false }),
    );
  }
  const fragmentNote = fragmentText(finding, coding.code);
  if (fragmentNote) {
    notes.push(issue({ severity: 'warning', code: 'informational', txType: 'process-note', ...msg('NCMP_ANSWERED_FROM_BEFORE_FRAGMENT', fragmentNote), expression: [coding.paths.code] }));
  }
  notes.push(...versionStatusNotes(version).map(statusNoteIssue));
  // A draft that says what it is (NordDRG's preliminary list): the client hears it as a warning, in its words.
  if (version.status === 'draft' && version.description) {
    const said = msg('NCMP_DRAFT_VERSION_USED', versionLabel(version), version.description);
    notes.push(issue({ severity: 'warning', code: 'business-rule', txType: 'status-check', ...said, expression: [coding.paths.code] }));
  }
  return notes;
}

/**
 * An abstract concept where it is not acceptable: `abstract=false`, or a group the server derived from the
 * code shape when `abstract` is not given (see {@link ValidationOptions.abstract}).
 */
function abstractIssues(concept: Concept, system: SystemEntry, coding: CodingToCheck, options: ValidationOptions): OperationOutcomeIssue[] {
  const derived = isDerivedConcept(concept);
  if (!concept.abstract || !(options.abstract === false || (options.abstract === undefined && derived))) return [];
  const said = derived ? msg('NCMP_DERIVED_CODE_NOT_ALLOWED', coding.code, system.name) : msg('ABSTRACT_CODE_NOT_ALLOWED', `${system.url}#${coding.code}`);
  return [issue({ severity: 'error', code: 'business-rule', txType: 'code-rule', ...said, expression: [coding.paths.code] })];
}

/** Warnings on an inactive or deprecated concept: valid, but its use should be reviewed (tx.fhir.org's words). */
function statusIssues(concept: Concept, coding: CodingToCheck): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  if (isInactive(concept)) {
    const status = concept.status === 'active' || concept.status === 'inactive' ? 'inactive' : `${concept.status} and inactive`;
    out.push(
      issue({
        severity: 'warning',
        code: 'business-rule',
        txType: 'code-comment',
        ...msg('INACTIVE_CONCEPT_FOUND', coding.code, status),
        // tx.fhir.org points at the coding as a whole (`Coding`), or at `code` for the code form.
        expression: [coding.paths.code.replace(/\.code$/, '')],
      }),
    );
  }
  if (concept.status === 'deprecated') {
    out.push(issue({ severity: 'warning', code: 'business-rule', txType: 'code-comment', ...msg('DEPRECATED_CONCEPT_FOUND', coding.code), expression: [coding.paths.code] }));
  }
  return out;
}

/** A succession that replaces the code on the date is an error; one still to come (or pending) is a warning. */
function successionIssues(snapshot: Snapshot, system: SystemEntry, coding: CodingToCheck, options: ValidationOptions): OperationOutcomeIssue[] {
  const successions = successorsOf(snapshot, system.url, coding.code, options.date);
  const applying = successions.filter((s) => s.timing === 'applies' && replaces(s));
  if (applying.length > 0) {
    const text = `${coding.code} is no longer valid on ${options.date ?? 'this date'}: ${successionSentence(snapshot, coding.code, applying)}`;
    return [issue({ severity: 'error', code: 'code-invalid', txType: 'invalid-code', ...msg('NCMP_CODE_SUCCEEDED', text), expression: [coding.paths.code] })];
  }
  const pending = successions.filter((s) => s.timing !== 'applies' && s.timing !== 'ended' && replaces(s));
  const sentence = successionSentence(snapshot, coding.code, pending);
  return sentence ? [issue({ severity: 'warning', code: 'business-rule', txType: 'status-check', ...msg('NCMP_CODE_SUCCESSION_PENDING', sentence), expression: [coding.paths.code] })] : [];
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
        ...msg('NO_VALID_DISPLAY_FOUND_NONE_FOR_LANG_OK', coded, languages, given),
      });
    case 'none-for-language':
      return issue({
        severity,
        code: 'invalid',
        txType: 'invalid-display',
        ...msg('NO_VALID_DISPLAY_FOUND_NONE_FOR_LANG_ERR', given, coded, languages, concept.display ?? ''),
      });
    case 'retired':
      // Still valid; tx.fhir.org's words, and not repeated in `message`.
      return issue({
        severity: 'warning',
        code: 'invalid',
        txType: 'display-comment',
        inMessage: false,
        ...msg('INACTIVE_DISPLAY_FOUND', given, concept.code, verdict.valid.map((o) => `"${o.value}"`).join(', ')),
      });
    case 'case-or-space':
    case 'wrong': {
      const valid =
        verdict.valid.length === 1
          ? `Valid display is ${named(verdict.valid[0]!)}`
          : `Valid display is one of ${verdict.valid.length} choices: ${orList(verdict.valid.map(named))}`;
      const key = verdict.kind === 'case-or-space' ? 'Display_Name_WS_for__should_be_one_of__instead_of' : 'Display_Name_for__should_be_one_of__instead_of';
      return issue({ severity, code: 'invalid', txType: 'invalid-display', ...msg(key, given, coded, valid, languages) });
    }
  }
}

/** tx.fhir.org's information that an answer rests on a draft, experimental, deprecated or withdrawn resource. */
export function statusNoteIssue(note: StatusNote): OperationOutcomeIssue {
  const key = ({ draft: 'MSG_DRAFT', experimental: 'MSG_EXPERIMENTAL', deprecated: 'MSG_DEPRECATED', withdrawn: 'MSG_WITHDRAWN' } as const)[note.kind];
  return issue({ severity: 'information', code: 'business-rule', txType: 'status-check', ...msg(key, note.resourceType, note.canonical), inMessage: false });
}
