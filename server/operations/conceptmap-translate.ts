// ConceptMap/$translate — https://hl7.org/fhir/R4/conceptmap-operation-translate.html
// Supported, with R4 and R5 names: url, conceptMap (inline), conceptMapVersion, code/sourceCode,
// system, version, source/sourceScope, coding/sourceCoding, codeableConcept/sourceCodeableConcept,
// target/targetScope, targetsystem/targetSystem, reverse, targetCode, targetCoding, targetCodeableConcept
// (R5 reverse), date. Not implemented, and so ignored like any parameter the server does not know: dependency.
// Output: result (true only if a match is neither unmatched nor disjoint), message, and every match with
// equivalence (R4; plus relationship and originMap when R5 names were used), concept and source.
import type { ConceptMap, Parameters } from 'fhir/r4';
import { out, parameters } from '../builders/parameters';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from './shared/operation';
import type { ConceptMapEntry } from '../terminology/model';
import { inlineConceptMap } from '../terminology/request-scope';
import { splitCanonical } from '../terminology/resolve';
import { RELATIONSHIP } from '../terminology/concept-map-mappings';
import { translate } from '../terminology/translate';
import type { Snapshot } from '../terminology/snapshot';

export const definition: OperationDefinitionSpec = {
  name: 'ConceptMap/$translate',
  definitionUrl: 'http://hl7.org/fhir/OperationDefinition/ConceptMap-translate',
  parameters: [
    { name: 'url', type: 'uri' },
    { name: 'conceptMap', type: 'Resource' },
    { name: 'conceptMapVersion', type: 'string' },
    { name: 'code', type: 'code', aliases: ['sourceCode'] },
    { name: 'system', type: 'uri', aliases: ['sourceSystem'] },
    { name: 'version', type: 'string' },
    { name: 'source', type: 'uri', aliases: ['sourceScope'] },
    { name: 'coding', type: 'Coding', aliases: ['sourceCoding'] },
    { name: 'codeableConcept', type: 'CodeableConcept', aliases: ['sourceCodeableConcept'] },
    { name: 'target', type: 'uri', aliases: ['targetScope'] },
    { name: 'targetsystem', type: 'uri', aliases: ['targetSystem'] },
    { name: 'reverse', type: 'boolean' },
    { name: 'targetCode', type: 'code' },
    { name: 'targetCoding', type: 'Coding' },
    { name: 'targetCodeableConcept', type: 'CodeableConcept' },
    { name: 'date', type: 'dateTime' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

const R5_NAMES = ['sourceCode', 'sourceSystem', 'sourceScope', 'sourceCoding', 'sourceCodeableConcept', 'targetScope', 'targetSystem', 'targetCode', 'targetCoding', 'targetCodeableConcept'];

function mapsFor(input: OperationInput, snapshot: Snapshot, instanceId: string | undefined): ConceptMapEntry[] {
  if (instanceId !== undefined) {
    const m = snapshot.conceptMaps.find((x) => x.resourceId === instanceId);
    if (!m) throw FhirError.notFound(msg('NCMP_RESOURCE_NOT_FOUND', `ConceptMap/${instanceId}`));
    return [m];
  }
  const inline = input.resources('conceptMap')[0];
  if (inline) {
    if (inline.resourceType !== 'ConceptMap') throw FhirError.invalid(msg('NCMP_CONCEPTMAP_PARAM_NOT_CONCEPTMAP'), ['conceptMap']);
    return [inlineConceptMap(inline as ConceptMap)];
  }
  const url = input.string('url');
  let maps = snapshot.conceptMaps;
  if (url !== undefined) {
    const { url: base, version: pinned } = splitCanonical(url);
    const version = input.string('conceptMapVersion') ?? pinned;
    maps = maps.filter((m) => m.url === base && (version === undefined || m.version === version));
    if (maps.length === 0) {
      const known = snapshot.conceptMaps.filter((m) => m.url === base).map((m) => m.version ?? '(none)');
      throw FhirError.notFound(
        known.length > 0
          ? msg('NCMP_CONCEPTMAP_VERSION_UNKNOWN', base, version, known.join(', '))
          : msg('NCMP_CONCEPTMAP_NOT_FOUND', base),
      );
    }
  }
  const source = input.string('source');
  const target = input.string('target');
  if (source !== undefined) maps = maps.filter((m) => m.sourceScope === source);
  if (target !== undefined) maps = maps.filter((m) => m.targetScope === target);
  return maps;
}

const mapCanonical = (map: ConceptMapEntry): string => (map.version ? `${map.url}|${map.version}` : map.url);

/** Translates a code through the concept maps that fit (or the one named), forward or in reverse. */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<Parameters> {
  const { snapshot } = ctx;
  const r5 = R5_NAMES.some((n) => input.usedName(n));
  const forward = { code: input.string('code'), coding: input.coding('coding'), cc: input.codeableConcept('codeableConcept') };
  const backward = { code: input.string('targetCode'), coding: input.coding('targetCoding'), cc: input.codeableConcept('targetCodeableConcept') };
  const given = [...Object.values(forward), ...Object.values(backward)].filter((v) => v !== undefined).length;
  if (given === 0) throw FhirError.invalid(msg('NCMP_TRANSLATE_INPUT_REQUIRED'), ['code']);
  if (given > 1) throw FhirError.invalid(msg('NCMP_TRANSLATE_ONE_INPUT_ONLY'), ['code']);
  const r5Reverse = Object.values(backward).some((v) => v !== undefined);
  if (r5Reverse && input.boolean('reverse') === false) throw FhirError.invalid(msg('NCMP_TRANSLATE_REVERSE_CONTRADICTED'), ['reverse']);
  const reverse = r5Reverse || (input.boolean('reverse') ?? false);
  const side = r5Reverse ? backward : forward;
  const codings = side.code !== undefined
    ? [{ system: r5Reverse ? input.string('targetsystem') : input.string('system'), code: side.code }]
    : side.coding !== undefined
      ? [side.coding]
      : (side.cc?.coding ?? []);
  if (codings.length === 0) throw FhirError.invalid(msg('NCMP_TRANSLATE_NO_CODING'), ['codeableConcept']);
  const maps = mapsFor(input, snapshot, ctx.instanceId);
  const date = input.date('date');
  const matchParams = [];
  const notes: string[] = [];
  let result = false;
  let unknownStart = false;
  for (const c of codings) {
    if (!c.code) throw FhirError.invalid(msg('NCMP_TRANSLATE_CODING_WITHOUT_CODE'), ['coding.code']);
    if (!c.system) throw FhirError.invalid(r5Reverse ? msg('NCMP_PARAM_REQUIRED_WITH', 'targetSystem', 'targetCode') : msg('NCMP_PARAM_REQUIRED_WITH', 'system', 'code'), [r5Reverse ? 'targetSystem' : 'system']);
    // R5's reverse form names the code's system targetSystem, and the system wanted back sourceSystem.
    const wanted = r5Reverse ? input.string('system') : input.string('targetsystem');
    const t = await translate(snapshot, { system: c.system, code: c.code, reverse, targetSystem: wanted, date, maps });
    result ||= t.result;
    notes.push(...t.notes);
    if (t.matches.length === 0 && t.notes.length === 0) {
      const known = snapshot.system(c.system);
      const where = ctx.instanceId ? `ConceptMap/${ctx.instanceId}` : input.string('url') ?? 'any concept map on this server';
      notes.push(
        `No ${reverse ? 'reverse ' : ''}mapping for ${known?.name ?? c.system} code '${c.code}' in ${where}` +
          (known ? '' : ` (the system '${c.system}' is not known to this server)`),
      );
    }
    unknownStart ||= t.matches.some((m) => m.unknownStart);
    for (const m of t.matches) {
      matchParams.push(
        out.parts('match', [
          out.code('equivalence', m.equivalence),
          ...(r5 ? [out.code('relationship', RELATIONSHIP[m.equivalence] ?? 'related-to')] : []),
          // R5's reverse form answers with the coding given as `concept` and the one found as `source` (tx.fhir.org).
          ...(r5Reverse ? [out.coding('concept', { system: c.system, code: c.code }), out.coding('source', m.concept)] : [out.coding('concept', m.concept)]),
          // The map a match comes from: R5's originMap (R4's match.source carries the same canonical).
          r5 ? out.canonical('originMap', mapCanonical(m.map)) : out.uri('source', mapCanonical(m.map)),
          ...(m.comment ? [out.string('comment', m.comment)] : []),
        ]),
      );
    }
  }
  const message = [...notes, ...(unknownStart ? ['Some mappings have no recorded start of validity; see each match comment'] : [])].join('; ');
  return parameters([out.boolean('result', result), message !== '' && out.string('message', message), ...matchParams]);
}

export const conceptMapTranslate: Operation = { resourceType: 'ConceptMap', code: 'translate', definition, handler };
