// The contract between HTTP and the operations: what an operation declares (its parameters), what it is
// given (the parsed input, whichever way the request came), and what it answers. No Express here.
import type { CodeableConcept, Coding, Resource } from 'fhir/r4';
import { toIsoDate } from '../../terminology/dates';
import type { RequestScope } from '../../terminology/request-scope';
import type { Snapshot } from '../../terminology/snapshot';

/** The FHIR types an operation input parameter can have. */
export type ParamType =
  | 'code'
  | 'uri'
  | 'canonical'
  | 'string'
  | 'boolean'
  | 'integer'
  | 'dateTime'
  | 'Coding'
  | 'CodeableConcept'
  | 'Resource';

/** One input parameter of an operation, as its OperationDefinition declares it. */
export interface ParamDefinition {
  name: string;
  type: ParamType;
  /** `*` for repeating parameters; default one. */
  max?: '1' | '*';
  /** Other names accepted for the same input (R5 names of an R4 parameter); answers use `name`. */
  aliases?: string[];
}

/** The part of an OperationDefinition the parameter reader needs. */
export interface OperationDefinitionSpec {
  /** `CodeSystem/$lookup` */
  name: string;
  /** The OperationDefinition this follows. */
  definitionUrl: string;
  parameters: ParamDefinition[];
}

/**
 * Inputs every operation accepts that scope the request rather than the question: resources sent inline
 * (`tx-resource`, never stored) and the version pinning the HL7 validator sends.
 */
export const REQUEST_SCOPE_PARAMETERS: ParamDefinition[] = [
  { name: 'tx-resource', type: 'Resource', max: '*' },
  { name: 'system-version', type: 'canonical', max: '*' },
  { name: 'check-system-version', type: 'canonical', max: '*' },
  { name: 'force-system-version', type: 'canonical', max: '*' },
  { name: 'default-to-latest-version', type: 'boolean' },
  { name: 'default-valueset-version', type: 'canonical', max: '*' },
  { name: 'useSupplement', type: 'canonical', max: '*' },
];

/**
 * The request-scope inputs of a request, read from its parsed input (see `REQUEST_SCOPE_PARAMETERS`, whose
 * names this follows): what `snapshotForRequest` needs to build the request's view of the content. A new
 * request-scope parameter is declared above and read here, and nowhere else.
 */
export function readRequestScope(input: OperationInput): RequestScope {
  return {
    txResources: input.resources('tx-resource'),
    systemVersion: input.strings('system-version'),
    checkSystemVersion: input.strings('check-system-version'),
    forceSystemVersion: input.strings('force-system-version'),
    defaultToLatest: input.boolean('default-to-latest-version') ?? false,
    defaultValueSetVersion: input.strings('default-valueset-version'),
    useSupplement: input.strings('useSupplement'),
  };
}

/** A parsed input value of one of the supported types. */
export type ParamValue = string | boolean | number | Coding | CodeableConcept | Resource;

/** The parsed inputs of one request: parameter name → values, in the order given. */
export class OperationInput {
  constructor(
    private readonly values: Map<string, ParamValue[]>,
    /** The names as the client sent them (an R5 alias stays visible here). */
    readonly givenNames: ReadonlySet<string> = new Set(),
  ) {}

  /** This input with an item's parameters in place of its own of the same names (a batch item over the batch's shared ones). */
  overlaidWith(item: OperationInput, drop: readonly string[] = []): OperationInput {
    const values = new Map([...this.values].filter(([name]) => !drop.includes(name)));
    for (const [name, list] of item.values) values.set(name, list);
    return new OperationInput(values, new Set([...this.givenNames, ...item.givenNames]));
  }

  /** Whether the client used this exact name (not an alias of it). */
  usedName(name: string): boolean {
    return this.givenNames.has(name);
  }

  /** Whether the parameter was given. */
  has(name: string): boolean {
    return (this.values.get(name)?.length ?? 0) > 0;
  }
  /** The single value of a string-typed parameter. */
  string(name: string): string | undefined {
    const v = this.values.get(name)?.[0];
    return typeof v === 'string' ? v : undefined;
  }
  /** All values of a repeating string-typed parameter. */
  strings(name: string): string[] {
    return (this.values.get(name) ?? []).filter((v): v is string => typeof v === 'string');
  }
  boolean(name: string): boolean | undefined {
    const v = this.values.get(name)?.[0];
    return typeof v === 'boolean' ? v : undefined;
  }
  integer(name: string): number | undefined {
    const v = this.values.get(name)?.[0];
    return typeof v === 'number' ? v : undefined;
  }
  /** A `date`/`dateTime` input as an ISO calendar date. */
  date(name: string): string | undefined {
    const v = this.string(name);
    return v === undefined ? undefined : toIsoDate(v);
  }
  coding(name: string): Coding | undefined {
    const v = this.values.get(name)?.[0];
    return v !== undefined && typeof v === 'object' ? (v as Coding) : undefined;
  }
  codeableConcept(name: string): CodeableConcept | undefined {
    const v = this.values.get(name)?.[0];
    return v !== undefined && typeof v === 'object' ? (v as CodeableConcept) : undefined;
  }
  /** The values of a parameter as given (after type checks), for echoing them back. */
  valuesOf(name: string): ParamValue[] {
    return this.values.get(name) ?? [];
  }
  resources(name: string): Resource[] {
    return (this.values.get(name) ?? []).filter((v): v is Resource => typeof v === 'object' && v !== null && 'resourceType' in v);
  }
}

/** The value[x] key an answer uses to echo a parameter of this type (`expansion.parameter`). */
export const ECHO_VALUE_KEY: Record<Exclude<ParamType, 'Coding' | 'CodeableConcept' | 'Resource'>, string> = {
  code: 'valueCode',
  uri: 'valueUri',
  canonical: 'valueUri',
  string: 'valueString',
  boolean: 'valueBoolean',
  integer: 'valueInteger',
  dateTime: 'valueDateTime',
};


/** What a handler gets besides its inputs: the content snapshot and, at instance level, the resource id. */
export interface OperationContext {
  snapshot: Snapshot;
  instanceId: string | undefined;
  /** The first language of the request's Accept-Language header, if any (`displayLanguage` wins). */
  acceptLanguage: string | undefined;
  /** A lower limit on an unpaged expansion the client asks for (header `X-TOO-COSTLY-THRESHOLD`, as tx.fhir.org honours it). */
  expansionLimit?: number;
  /** Reads a Parameters resource nested in the input (a batch item) as the input of another operation. */
  readParameters?: (spec: OperationDefinitionSpec, parameters: Resource) => OperationInput;
  /** The clock answers are stamped with (an expansion's `timestamp`); an operation uses `new Date()` when absent. */
  now?: () => Date;
  /** A new unique id (an expansion's `identifier`, as `urn:uuid:`); an operation uses `randomUUID` when absent. */
  newId?: () => string;
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
