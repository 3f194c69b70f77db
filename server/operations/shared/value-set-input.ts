import type { ValueSet } from 'fhir/r4';
import { FhirError } from '../../terminology/issues';
import { msg } from '../../terminology/messages';
import type { OperationInput } from './operation';
import { resolveValueSet } from '../../terminology/compose';
import { inlineValueSet } from '../../terminology/request-scope';
import type { ValueSetEntry } from '../../terminology/model';
import type { Snapshot } from '../../terminology/snapshot';

/**
 * The value set a ValueSet operation is about: the instance (`ValueSet/ncmp-2014/$expand`), an inline
 * `valueSet`, or `url` (+`valueSetVersion`, or `url|version`, else chosen by `date`). Exactly one.
 */
export function valueSetFor(input: OperationInput, snapshot: Snapshot, instanceId: string | undefined, date: string | undefined): ValueSetEntry {
  const url = input.string('url');
  const inline = input.resources('valueSet')[0];
  const given = [instanceId !== undefined, url !== undefined, inline !== undefined].filter(Boolean).length;
  if (given === 0) throw FhirError.invalid(msg('NCMP_VALUESET_REQUIRED'), ['url']);
  if (given > 1) throw FhirError.invalid(msg('NCMP_VALUESET_ONE_ONLY'), ['url']);
  if (instanceId !== undefined) {
    const entry = snapshot.valueSets.find((v) => v.resourceId === instanceId);
    if (!entry) throw FhirError.notFound(msg('NCMP_RESOURCE_NOT_FOUND', `ValueSet/${instanceId}`));
    return entry;
  }
  if (inline !== undefined) {
    if (inline.resourceType !== 'ValueSet') throw FhirError.invalid(msg('NCMP_VALUESET_PARAM_NOT_VALUESET', inline.resourceType), ['valueSet']);
    return inlineValueSet(inline as ValueSet);
  }
  return resolveValueSet(snapshot, url!, input.string('valueSetVersion'), date);
}
