// ValueSet/$expand — https://hl7.org/fhir/R4/valueset-operation-expand.html
// Supported: url, valueSet (inline), valueSetVersion, filter, count, offset, activeOnly, includeDesignations,
// date, displayLanguage, excludeNested (the expansion is always flat), the request-scope parameters
// (tx-resource, system-version and friends); excludeNotForUI and excludePostCoordinated are read and echoed
// (no concept here is post-coordinated). Every other parameter (context, includeDefinition, ...) is ignored.
// expansion.parameter echoes the request's parameters and names each code system version used
// (`used-codesystem`), as tx.fhir.org does; `offset` is given only when the request paged.
import { randomUUID } from 'node:crypto';
import type { ValueSet, ValueSetExpansionContains, ValueSetExpansionParameter } from 'fhir/r4';
import { FhirError } from '../fhir/outcome';
import { ECHO_VALUE_KEY, REQUEST_SCOPE_PARAMETERS, type Operation, type OperationContext, type OperationDefinitionSpec, type OperationInput } from '../fhir/operation';
import { computeExpansion, expansionOf } from '../terminology/compose';
import { rankByFilter } from '../terminology/text-search';
import { preferredDisplay } from '../terminology/display';
import { isInactive } from '../terminology/model';
import { valueSetFor } from '../fhir/value-set-input';

/** The largest page one $expand returns; larger requests are refused rather than truncated silently. */
export const MAX_EXPANSION_COUNT = 5000;

/** Marks an expansion that may miss codes (it includes a fragment code system version). */
const UNCLOSED_EXT = 'http://hl7.org/fhir/StructureDefinition/valueset-unclosed';

export const definition: OperationDefinitionSpec = {
  name: 'ValueSet/$expand',
  definitionUrl: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
  parameters: [
    { name: 'url', type: 'uri' },
    { name: 'valueSet', type: 'Resource' },
    { name: 'valueSetVersion', type: 'string' },
    { name: 'filter', type: 'string' },
    { name: 'count', type: 'integer' },
    { name: 'offset', type: 'integer' },
    { name: 'activeOnly', type: 'boolean' },
    { name: 'includeDesignations', type: 'boolean' },
    { name: 'date', type: 'dateTime' },
    { name: 'displayLanguage', type: 'code' },
    { name: 'excludeNested', type: 'boolean' },
    { name: 'excludeNotForUI', type: 'boolean' },
    { name: 'excludePostCoordinated', type: 'boolean' },
    ...REQUEST_SCOPE_PARAMETERS,
  ],
};

/** Expands a value set as of a date, filtered and paged; `total` is always set. */
export async function handler(input: OperationInput, ctx: OperationContext): Promise<ValueSet> {
  const { snapshot } = ctx;
  const date = input.date('date');
  const count = input.integer('count');
  const offset = input.integer('offset') ?? 0;
  if (count !== undefined && (count < 0 || count > MAX_EXPANSION_COUNT)) {
    throw FhirError.invalid(`count must be between 0 and ${MAX_EXPANSION_COUNT}, got ${count}`, ['count']);
  }
  if (offset < 0) throw FhirError.invalid(`offset must not be negative, got ${offset}`, ['offset']);
  const entry = valueSetFor(input, snapshot, ctx.instanceId, date);
  const expansion = entry.id < 0 ? await computeExpansion(snapshot, entry.resource, date) : await expansionOf(snapshot, entry, date);
  const filter = input.string('filter');
  const activeOnly = input.boolean('activeOnly') ?? false;
  const includeDesignations = input.boolean('includeDesignations') ?? false;
  const language = input.string('displayLanguage') ?? ctx.acceptLanguage;
  let members = [...expansion.members.values()];
  if (activeOnly) members = members.filter((m) => !isInactive(m.concept));
  if (filter !== undefined) members = rankByFilter(members, filter);
  const total = members.length;
  if (count === undefined && total > MAX_EXPANSION_COUNT) {
    throw new FhirError(422, {
      severity: 'error',
      code: 'too-costly',
      txType: 'too-costly',
      text: `The expansion has ${total} codes, more than ${MAX_EXPANSION_COUNT}; page it with count and offset`,
    });
  }
  const versionsOf = new Map<string, number>();
  for (const v of expansion.usedVersions) versionsOf.set(v.system.url, (versionsOf.get(v.system.url) ?? 0) + 1);
  const page = members.slice(offset, count === undefined ? undefined : offset + count);
  const contains: ValueSetExpansionContains[] = page.map(({ version, concept }) => ({
    system: version.system.url,
    // As tx.fhir.org: a member names its version only when the expansion holds several of its system.
    ...(version.version !== '' && versionsOf.get(version.system.url)! > 1 ? { version: version.version } : {}),
    code: concept.code,
    display: preferredDisplay(concept, language),
    ...(concept.abstract ? { abstract: true } : {}),
    ...(isInactive(concept) ? { inactive: true } : {}),
    ...(includeDesignations && concept.designations.length > 0
      ? { designation: concept.designations.map((d) => ({ language: d.language, use: d.use, value: d.value })) }
      : {}),
  }));
  // The request's parameters as given (tx.fhir.org echoes them), then the code system versions used.
  const parameter: ValueSetExpansionParameter[] = [];
  for (const def of definition.parameters) {
    if (!ECHOED.has(def.name)) continue;
    const valueKey = ECHO_VALUE_KEY[def.type as keyof typeof ECHO_VALUE_KEY];
    for (const value of input.valuesOf(def.name)) parameter.push({ name: def.name, [valueKey]: value } as ValueSetExpansionParameter);
  }
  for (const v of expansion.usedVersions) {
    parameter.push({ name: 'used-codesystem', valueUri: v.version !== '' ? `${v.system.url}|${v.version}` : v.system.url });
  }
  // The value set's own metadata, without its definition; the expansion in its place.
  const { compose: _compose, text: _text, expansion: _stored, ...metadata } = entry.resource;
  return {
    ...metadata,
    resourceType: 'ValueSet',
    expansion: {
      ...(expansion.wholeFragments.length > 0 ? { extension: [{ url: UNCLOSED_EXT, valueBoolean: true }] } : {}),
      identifier: `urn:uuid:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      total,
      ...(input.has('offset') ? { offset } : {}),
      ...(parameter.length > 0 ? { parameter } : {}),
      ...(contains.length > 0 ? { contains } : {}),
    },
  };
}

/** Request parameters an expansion records in `expansion.parameter`, as tx.fhir.org does. */
const ECHOED = new Set([
  'filter',
  'date',
  'count',
  'offset',
  'activeOnly',
  'includeDesignations',
  'displayLanguage',
  'excludeNested',
  'excludeNotForUI',
  'excludePostCoordinated',
  'system-version',
  'check-system-version',
  'force-system-version',
  'default-to-latest-version',
]);

export const valueSetExpand: Operation = { resourceType: 'ValueSet', code: 'expand', definition, handler };
