// CodeSystem/$subsumes — https://hl7.org/fhir/R4/codesystem-operation-subsumes.html
// Supported: codeA, codeB, system, version, codingA, codingB, date. Over the stored hierarchy
// (NCMP: chapter → section → group → code). An unknown code or system is a 404 OperationOutcome.
import type { Parameters } from 'fhir/r4';
import { out, parameters } from '../builders/parameters';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from './shared/operation';
import { absentText, findConcept, retiredText } from '../terminology/find';
import type { Concept, VersionContent } from '../terminology/model';
import { resolutionFailure, resolveVersion } from '../terminology/resolve';
import { instanceVersion, singleCoding } from './shared/coded-input';

export const definition: OperationDefinitionSpec = {
  name: 'CodeSystem/$subsumes',
  definitionUrl: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-subsumes',
  parameters: [
    { name: 'codeA', type: 'code' },
    { name: 'codeB', type: 'code' },
    { name: 'system', type: 'uri' },
    { name: 'version', type: 'string' },
    { name: 'codingA', type: 'Coding' },
    { name: 'codingB', type: 'Coding' },
    { name: 'date', type: 'dateTime' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

function ancestors(content: VersionContent, concept: Concept): Set<string> {
  const out = new Set<string>();
  let parent = concept.parentCode;
  while (parent && !out.has(parent)) {
    out.add(parent);
    parent = content.byCode.get(parent)?.parentCode ?? null;
  }
  return out;
}

/** Tests the subsumption relationship between code A and code B. */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { snapshot } = ctx;
  const instance = instanceVersion(snapshot, ctx.instanceId);
  const a = singleCoding(input, { code: 'codeA', system: 'system', version: 'version', coding: 'codingA' }, instance, snapshot).coding;
  const b = singleCoding(input, { code: 'codeB', system: 'system', version: 'version', coding: 'codingB' }, instance, snapshot).coding;
  if (snapshot.system(a.system!) === undefined) throw FhirError.notFound(msg('NCMP_CODESYSTEM_NOT_FOUND', a.system));
  if (snapshot.system(a.system!) !== snapshot.system(b.system!)) {
    throw FhirError.invalid(msg('NCMP_SUBSUMES_DIFFERENT_SYSTEMS', a.system, b.system), ['codingB.system']);
  }
  const resolution = resolveVersion(snapshot, { system: a.system!, version: a.version ?? b.version, date: input.date('date') });
  if (resolution.kind !== 'found') throw FhirError.notFound(resolutionFailure(resolution));
  const found = [];
  for (const coding of [a, b]) {
    const finding = await findConcept(snapshot, resolution.version, coding.code!);
    if (finding.kind === 'absent') throw FhirError.notFound(msg('NCMP_UNKNOWN_CODE', absentText(finding, coding.code!)));
    if (finding.kind === 'retired') throw FhirError.notFound(msg('NCMP_CODE_RETIRED', retiredText(finding, coding.code!)));
    found.push({ concept: finding.concept, content: await snapshot.content(finding.version) });
  }
  const [fa, fb] = found as [(typeof found)[0], (typeof found)[0]];
  let outcome: string;
  if (fa.concept.code === fb.concept.code) outcome = 'equivalent';
  else if (ancestors(fb.content, fb.concept).has(fa.concept.code)) outcome = 'subsumes';
  else if (ancestors(fa.content, fa.concept).has(fb.concept.code)) outcome = 'subsumed-by';
  else outcome = 'not-subsumed';
  return parameters([out.code('outcome', outcome)]);
}

export const codeSystemSubsumes: Operation = { resourceType: 'CodeSystem', code: 'subsumes', definition, handler };
