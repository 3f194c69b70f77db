import { dayBefore } from './dates';
import { completeFallback, describePresence, presence } from './history';
import { isWithdrawn, retirementDate, type Concept, type VersionEntry } from './model';
import { versionLabel } from './resolve';
import type { Snapshot } from './snapshot';
import { traitsFor } from './code-systems';

/** What is known about one code in one resolved version. */
export type ConceptFinding =
  | {
      kind: 'found';
      /** The version the concept was read from (a complete version when `fragment` is set). */
      version: VersionEntry;
      concept: Concept;
      /** Set when the resolved version is a fragment without the code and an earlier complete version was used. */
      fragment?: VersionEntry;
    }
  | { kind: 'retired'; version: VersionEntry; concept: Concept; retiredFrom: string; history: string }
  | { kind: 'absent'; version: VersionEntry; history: string; caseHint: string | undefined };

/**
 * Finds a code in a version. A fragment version that lacks the code is answered from the newest complete
 * version before it; a code absent everywhere is described with where it did exist.
 */
export async function findConcept(snapshot: Snapshot, version: VersionEntry, code: string): Promise<ConceptFinding> {
  const content = await snapshot.content(version);
  let concept = content.byCode.get(code);
  if (!concept && !version.system.caseSensitive) {
    const lower = code.toLowerCase();
    concept = content.ordered.find((c) => c.code.toLowerCase() === lower);
  }
  if (concept && isWithdrawn(concept)) {
    const history = describePresence(await presence(snapshot, version.system, code));
    // A withdrawn concept has a retirement date (`isWithdrawn`).
    return { kind: 'retired', version, concept, retiredFrom: retirementDate(concept)!, history };
  }
  if (concept) return { kind: 'found', version, concept };
  if (version.content === 'fragment') {
    const fallback = await completeFallback(snapshot, version, code);
    if (fallback) return { kind: 'found', version: fallback.version, concept: fallback.concept, fragment: version };
  }
  const history = describePresence(await presence(snapshot, version.system, code));
  // A coder typing an NCMP or særkode code in lower case hears what was meant; other systems' answers keep
  // tx.fhir.org's wording.
  let caseHint: string | undefined;
  if (traitsFor(version.system.url).caseHint && (!version.system.caseSensitive || code !== code.toUpperCase())) {
    const upper = code.toUpperCase();
    if (content.byCode.has(upper)) caseHint = upper;
  }
  return { kind: 'absent', version, history, caseHint };
}

/** A version declared without its concepts (`content = not-present`) can neither confirm nor deny a code. */
export function noContentText(version: VersionEntry): string {
  return `The CodeSystem '${version.system.url}' version '${version.version}' is known only by its definition (content = not-present), so codes in it cannot be checked`;
}

/** "Unknown code 'X' in the CodeSystem 'U' version 'V'", with what else is known about the code. */
export function absentText(finding: Extract<ConceptFinding, { kind: 'absent' }>, code: string): string {
  const v = finding.version;
  let text = `Unknown code '${code}' in the CodeSystem '${v.system.url}' version '${v.version}'`;
  if (v.content === 'fragment') {
    text += ` - note that ${versionLabel(v)} is a fragment (only the codes that changed in it), and the code is not in the newest complete version before it either`;
  }
  if (finding.history) text += `; ${code} was in ${finding.history}`;
  if (finding.caseHint) text += `; codes are case-sensitive: did you mean '${finding.caseHint}'?`;
  return text;
}

/** "ZWUU40 is retired from 2021-01-01 (NCMP 2021); it was last valid on 2020-12-31 and was in 2007–2020 (NCMP 2007–2017)". */
export function retiredText(finding: Extract<ConceptFinding, { kind: 'retired' }>, code: string): string {
  let text = `${code} is retired from ${finding.retiredFrom} (${versionLabel(finding.version)}); it was last valid on ${dayBefore(finding.retiredFrom)}`;
  if (finding.history) text += ` and was in ${finding.history}`;
  return text;
}

/** "…is not in NCMP 2021, a fragment; it is in NCMP 2017, the newest complete version before it". */
export function fragmentText(finding: Extract<ConceptFinding, { kind: 'found' }>, code: string): string | undefined {
  if (!finding.fragment) return undefined;
  return (
    `${code} is not in ${versionLabel(finding.fragment)}, which is a fragment (only the codes that changed in it); ` +
    `it was answered from ${versionLabel(finding.version)}, the newest complete version before it, where it is active and no retirement is recorded`
  );
}
