// ValueSet/$expand — https://hl7.org/fhir/R4/valueset-operation-expand.html
// Supported: url, valueSet (inline), valueSetVersion, filter, count, offset, activeOnly, includeDesignations,
// date, displayLanguage, excludeNested (the expansion is always flat). Not supported (400): context,
// includeDefinition, excludeNotForUI, excludePostCoordinated, limitedExpansion, system-version and friends.
import { randomUUID } from 'node:crypto';
import type { ValueSet, ValueSetExpansionContains, ValueSetExpansionParameter } from 'fhir/r4';
import { FhirError } from '../http/outcome';
import { REQUEST_SCOPE_PARAMETERS, type OperationDefinitionSpec, type OperationInput } from '../http/parameters';
import { computeExpansion, expansionOf } from '../terminology/compose';
import { rankByFilter } from '../terminology/text-search';
import { preferredDisplay } from '../terminology/display';
import { isInactive } from '../terminology/model';
import type { Operation, OperationContext } from './operation';
import { valueSetFor } from './valueset-resolve';

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
  if (input.boolean('excludeNested') === false) {
    throw FhirError.notSupported('excludeNested=false is not supported: expansions are flat', ['excludeNested']);
  }
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
  const page = members.slice(offset, count === undefined ? undefined : offset + count);
  const contains: ValueSetExpansionContains[] = page.map(({ version, concept }) => ({
    system: version.system.url,
    ...(version.version !== '' ? { version: version.version } : {}),
    code: concept.code,
    display: preferredDisplay(concept, language),
    ...(concept.abstract ? { abstract: true } : {}),
    ...(isInactive(concept) ? { inactive: true } : {}),
    ...(includeDesignations && concept.designations.length > 0
      ? { designation: concept.designations.map((d) => ({ language: d.language, use: d.use, value: d.value })) }
      : {}),
  }));
  const parameter: ValueSetExpansionParameter[] = [
    ...expansion.usedVersions.map((v) => ({ name: 'version', valueUri: v.version !== '' ? `${v.system.url}|${v.version}` : v.system.url })),
    ...(filter !== undefined ? [{ name: 'filter', valueString: filter }] : []),
    ...(date !== undefined ? [{ name: 'date', valueDateTime: date }] : []),
    ...(activeOnly ? [{ name: 'activeOnly', valueBoolean: true }] : []),
    ...(count !== undefined ? [{ name: 'count', valueInteger: count }] : []),
    { name: 'offset', valueInteger: offset },
  ];
  const vs = entry.resource;
  return {
    resourceType: 'ValueSet',
    ...(vs.id ? { id: vs.id } : {}),
    url: vs.url,
    version: vs.version,
    name: vs.name,
    title: vs.title,
    status: vs.status,
    expansion: {
      ...(expansion.wholeFragments.length > 0 ? { extension: [{ url: UNCLOSED_EXT, valueBoolean: true }] } : {}),
      identifier: `urn:uuid:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      total,
      offset,
      parameter,
      contains,
    },
  };
}

export const valueSetExpand: Operation = { resourceType: 'ValueSet', code: 'expand', definition, handler };
