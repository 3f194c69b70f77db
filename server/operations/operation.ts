import type { Resource } from 'fhir/r4';
import type { OperationDefinitionSpec, OperationInput } from '../http/parameters';
import type { Snapshot } from '../terminology/terminology';

/** What a handler gets besides its inputs: the content snapshot and, at instance level, the resource id. */
export interface OperationContext {
  snapshot: Snapshot;
  instanceId: string | undefined;
  /** The first language of the request's Accept-Language header, if any (`displayLanguage` wins). */
  acceptLanguage: string | undefined;
}

/** One FHIR operation: its definition (inputs), where it lives, and its handler (no req/res, no SQL). */
export interface Operation {
  resourceType: 'CodeSystem' | 'ValueSet' | 'ConceptMap';
  /** The operation name without `$`. */
  code: string;
  definition: OperationDefinitionSpec;
  handler(input: OperationInput, ctx: OperationContext): Promise<Resource>;
  /** For operations that also answer CSV (`_format=csv`, `Accept: text/csv`): the answer as CSV. */
  csv?(result: Resource): string;
}
