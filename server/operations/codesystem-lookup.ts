// CodeSystem/$lookup — https://hl7.org/fhir/R4/codesystem-operation-lookup.html
// Supported: code, system, version, coding, date, displayLanguage, property (repeating).
// Also the request-scope inputs (tx-resource, useSupplement, system-version pinning). Unknown code or system:
// 404 OperationOutcome (FHIR-OPERATIONS.md).
import type { Parameters, ParametersParameter } from 'fhir/r4';
import { out, parameters } from '../builders/parameters';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from './shared/operation';
import { languageMatches, preferredDisplay, PREFERRED_FOR_LANGUAGE } from '../terminology/display';
import { absentText, findConcept, retiredText } from '../terminology/find';
import { systemHistory, type VersionText } from '../terminology/history';
import { isInactive, type Concept, type SystemEntry } from '../terminology/model';
import { traitsFor } from '../terminology/code-systems';
import { resolutionFailure, resolveVersion } from '../terminology/resolve';
import { predecessorsOf, replaces, successorsOf, validityText } from '../terminology/succession';
import { instanceVersion, singleCoding } from './shared/coded-input';

export const definition: OperationDefinitionSpec = {
  name: 'CodeSystem/$lookup',
  definitionUrl: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup',
  parameters: [
    { name: 'code', type: 'code' },
    { name: 'system', type: 'uri' },
    { name: 'version', type: 'string' },
    { name: 'coding', type: 'Coding' },
    { name: 'date', type: 'dateTime' },
    { name: 'displayLanguage', type: 'code' },
    { name: 'property', type: 'code', max: '*' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

/** Looks a code up in the version in force (or asked for) and returns its details. */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { snapshot } = ctx;
  const instance = instanceVersion(snapshot, ctx.instanceId);
  const { coding } = singleCoding(input, { code: 'code', system: 'system', version: 'version', coding: 'coding' }, instance, snapshot);
  const code = coding.code!;
  const date = input.date('date');
  const resolution = resolveVersion(snapshot, { system: coding.system!, version: coding.version, date });
  if (resolution.kind !== 'found') throw FhirError.notFound(resolutionFailure(resolution));
  const finding = await findConcept(snapshot, resolution.version, code);
  if (resolution.version.content === 'not-present') throw FhirError.notFound(msg('NCMP_CODESYSTEM_NOT_PRESENT', resolution.version.system.url, resolution.version.version));
  if (finding.kind === 'absent') throw FhirError.notFound(msg('NCMP_UNKNOWN_CODE', absentText(finding, code)));
  if (finding.kind === 'retired') throw FhirError.notFound(msg('NCMP_CODE_RETIRED', retiredText(finding, code)));

  const { concept, version } = finding;
  const system = version.system;
  const wanted = new Set(input.strings('property'));
  const want = (p: string): boolean => wanted.size === 0 || wanted.has(p) || wanted.has('*');
  const property = (code: string, value: ParametersParameter, description?: string): ParametersParameter =>
    out.parts('property', [out.code('code', code), { ...value, name: 'value' }, ...(description ? [out.string('description', description)] : [])]);

  const props: ParametersParameter[] = [];
  if (want('parent') && concept.parentCode) props.push(property('parent', out.code('value', concept.parentCode)));
  if (want('child')) for (const child of concept.children) props.push(property('child', out.code('value', child)));
  if (want('inactive')) props.push(property('inactive', out.boolean('value', isInactive(concept))));
  if (want('notSelectable') && concept.abstract) props.push(property('notSelectable', out.boolean('value', true)));
  const emitted = new Set(['parent', 'child', 'inactive', 'notSelectable', 'definition']);
  for (const p of concept.properties) {
    // A property read from an extension (label, order, weight) only when asked for by name.
    if (emitted.has(p.code) || !want(p.code) || (p.fromExtension && !wanted.has(p.code))) continue;
    const { code: pCode, ...value } = p;
    const [key] = Object.keys(value);
    if (key) props.push(property(pCode, { name: 'value', ...value } as ParametersParameter));
  }
  if (want('successor')) {
    for (const s of successorsOf(snapshot, system.url, code, date)) {
      if (!replaces(s) || s.element.targetCode === null) continue;
      const target = { system: snapshot.system(s.element.targetSystem ?? '')?.url ?? s.element.targetSystem ?? undefined, code: s.element.targetCode, display: s.element.targetDisplay ?? undefined };
      props.push(property('successor', out.coding('value', target), `${['Replaced by', target.code, validityText(s.element)].filter(Boolean).join(' ')} (${s.element.equivalence}; ConceptMap ${s.map.url})`));
    }
  }
  if (want('predecessor')) {
    for (const s of predecessorsOf(snapshot, system.url, code, date)) {
      if (!replaces(s)) continue;
      const source = { system: snapshot.system(s.element.sourceSystem)?.url ?? s.element.sourceSystem, code: s.element.sourceCode, display: s.element.sourceDisplay ?? undefined };
      props.push(property('predecessor', out.coding('value', source), `${['Replaces', source.code, validityText(s.element)].filter(Boolean).join(' ')} (ConceptMap ${s.map.url})`));
    }
  }

  props.push(...(await historyProperties(snapshot, system, code, wanted, property)));

  const language = input.string('displayLanguage') ?? ctx.acceptLanguage;
  // The display is also a designation in the code system's language (tx.fhir.org), when it has one.
  const listed = [
    ...(version.language && concept.display ? [{ language: version.language, use: PREFERRED_FOR_LANGUAGE, value: concept.display } as Concept['designations'][number]] : []),
    ...concept.designations,
  ];
  const designations =
    want('designation') || wanted.size === 0
      ? listed
          .filter((d) => !language || language === '*' || !d.language || languageMatches(d.language, language))
          .map((d) =>
            out.parts('designation', [
              ...(d.language ? [out.code('language', d.language)] : []),
              ...(d.use ? [out.coding('use', d.use)] : []),
              ...(d.source ? [out.canonical('source', d.source)] : []),
              out.string('value', d.value),
            ]),
          )
      : [];
  const display = preferredDisplay(concept, language) ?? code;
  const supplements = [...new Set(concept.designations.map((d) => d.source).filter((s): s is string => s !== undefined))];
  return parameters([
    out.code('code', code),
    out.uri('system', system.url),
    out.boolean('abstract', concept.abstract),
    out.string('name', system.name),
    version.version !== '' && out.string('version', version.version),
    out.string('display', display),
    // R5's `definition` output (tx.fhir.org gives it to R4 clients too), rather than a property.
    concept.definition !== undefined && concept.definition !== null && want('definition') && out.string('definition', concept.definition),
    ...designations,
    ...props,
    ...supplements.map((s) => out.canonical('used-supplement', s)),
  ]);
}

export const lookup: Operation = { resourceType: 'CodeSystem', code: 'lookup', definition, handler };

/**
 * The code's history across the versions of its system (see README, "Code history"): `inVersion` once per version
 * that lists it (description: its text there), `firstVersion`, `lastVersion`, and `textChanged` per change of
 * text. Given by default for the systems this server knows by heart (NCMP, særkoder); for others when asked for
 * by name, so that answers about general code systems keep the shape other servers give.
 */
async function historyProperties(
  snapshot: OperationContext['snapshot'],
  system: SystemEntry,
  code: string,
  wanted: ReadonlySet<string>,
  property: (code: string, value: ParametersParameter, description?: string) => ParametersParameter,
): Promise<ParametersParameter[]> {
  const byDefault = traitsFor(system.url).historyByDefault && wanted.size === 0;
  const want = (p: string): boolean => byDefault || wanted.has(p);
  if (!HISTORY_PROPERTIES.some(want)) return [];
  const history = (await systemHistory(snapshot, system)).get(code);
  if (!history || history.versions.length === 0) return [];
  const label = (v: VersionText): string => v.version.version;
  const props: ParametersParameter[] = [];
  if (want('firstVersion')) props.push(property('firstVersion', out.string('value', label(history.versions[0]!))));
  if (want('lastVersion')) props.push(property('lastVersion', out.string('value', label(history.versions.at(-1)!))));
  if (want('inVersion')) {
    for (const v of history.versions) props.push(property('inVersion', out.string('value', label(v)), v.display ?? undefined));
  }
  if (want('textChanged')) {
    for (const c of history.textChanges) {
      props.push(property('textChanged', out.string('value', label(c.to)), `${label(c.from)}: '${c.from.display ?? ''}' → ${label(c.to)}: '${c.to.display ?? ''}'`));
    }
  }
  return props;
}

const HISTORY_PROPERTIES = ['firstVersion', 'lastVersion', 'inVersion', 'textChanged'];
