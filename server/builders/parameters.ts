import type { Coding, OperationOutcome, Parameters, ParametersParameter } from 'fhir/r4';

/** Builders for `Parameters` outputs: pure, one per value type. */
export const out = {
  string: (name: string, value: string): ParametersParameter => ({ name, valueString: value }),
  code: (name: string, value: string): ParametersParameter => ({ name, valueCode: value }),
  uri: (name: string, value: string): ParametersParameter => ({ name, valueUri: value }),
  canonical: (name: string, value: string): ParametersParameter => ({ name, valueCanonical: value }),
  boolean: (name: string, value: boolean): ParametersParameter => ({ name, valueBoolean: value }),
  coding: (name: string, value: Coding): ParametersParameter => ({ name, valueCoding: value }),
  outcome: (name: string, value: OperationOutcome): ParametersParameter => ({ name, resource: value }),
  parts: (name: string, part: ParametersParameter[]): ParametersParameter => ({ name, part }),
};

/** A `Parameters` resource from a list in which absent outputs are `undefined`. */
export function parameters(list: (ParametersParameter | undefined | false)[]): Parameters {
  return { resourceType: 'Parameters', parameter: list.filter((p): p is ParametersParameter => !!p) };
}
