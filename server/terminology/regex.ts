import { RE2JS } from 're2js';

/** The longest `regex` filter accepted: RE2 runs in linear time, the size limit bounds its compiled program. */
export const MAX_REGEX_LENGTH = 1000;

/** A compiled `regex` value-set filter: the whole value must match, as FHIR's `regex` op means. */
export type RegexMatcher = (value: string) => boolean;

/**
 * Compiles a `regex` value-set filter with RE2 (a linear-time engine: no pattern can backtrack without
 * end, so none is refused for its shape), or says why it cannot be used: too long, or not valid RE2
 * syntax (RE2 has no back references or lookaround).
 *
 * @example
 * compileRegex('WB.*')     // { match: [Function] }
 * compileRegex('(.*)*x')   // { match: [Function] }: linear time in RE2
 * compileRegex('(a)\\1')   // { problem: 'is not a valid regular expression: ...' }
 */
export function compileRegex(pattern: string): { match: RegexMatcher; problem?: undefined } | { problem: string; match?: undefined } {
  if (pattern.length > MAX_REGEX_LENGTH) return { problem: `is longer than ${MAX_REGEX_LENGTH} characters` };
  try {
    const re = RE2JS.compile(pattern);
    return { match: (value) => re.matches(value) };
  } catch (error) {
    return { problem: `is not a valid regular expression: ${(error as Error).message}` };
  }
}

/** Why a `regex` filter cannot be used, or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  return compileRegex(pattern).problem;
}
