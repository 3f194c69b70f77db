/** The longest `regex` filter accepted, and how many repeating quantifiers it may have. */
const MAX_REGEX_LENGTH = 200;
const MAX_REPEATING_QUANTIFIERS = 2;

/**
 * Why a `regex` value-set filter is refused, or undefined when it is safe to run. A filter is matched by
 * JavaScript's backtracking engine against every concept of a code system, synchronously: a pattern with
 * catastrophic backtracking (`(.*)*x`, `(a|a)*b`) would pin the server for minutes. Refused: a repeated
 * group that itself repeats or alternates, more than two repeating quantifiers (`.*.*.*x` is cubic), back
 * references, lookaround, and anything longer than 200 characters.
 *
 * @example
 * regexProblem('WB.*') // undefined
 * regexProblem('(.*)*x') // 'repeats a group that itself repeats or alternates...'
 */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `is longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  // One frame per open group: whether it contains a quantifier or an alternation.
  const frames: { quantified: boolean; alternates: boolean }[] = [{ quantified: false, alternates: false }];
  let repeating = 0;
  let lastGroup: { quantified: boolean; alternates: boolean } | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const frame = frames.at(-1)!;
    let quantifier: string | undefined;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return 'uses a back reference';
      i += 1;
      lastGroup = undefined;
      continue;
    }
    if (ch === '[') {
      // A character class is one atom: skip to its closing bracket.
      for (i += 1; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i += 1;
      lastGroup = undefined;
      continue;
    }
    if (ch === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return 'uses lookahead or lookbehind';
      frames.push({ quantified: false, alternates: false });
      lastGroup = undefined;
      continue;
    }
    if (ch === ')') {
      lastGroup = frames.length > 1 ? frames.pop() : undefined;
      const parent = frames.at(-1)!;
      if (lastGroup) {
        parent.quantified ||= lastGroup.quantified;
        parent.alternates ||= lastGroup.alternates;
      }
      continue;
    }
    if (ch === '|') {
      frame.alternates = true;
      lastGroup = undefined;
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?') quantifier = ch;
    else if (ch === '{') quantifier = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i))?.[0];
    if (quantifier === undefined) {
      lastGroup = undefined;
      continue;
    }
    i += quantifier.length - 1;
    if (pattern[i + 1] === '?') i += 1; // lazy
    const bounds = /^\{(\d+)(,(\d*))?\}$/.exec(quantifier);
    const repeats = bounds ? bounds[2] !== undefined && (bounds[3] === '' || Number(bounds[3]) > Number(bounds[1])) : quantifier !== '?';
    const multiplies = quantifier !== '?';
    if (lastGroup && multiplies && (lastGroup.quantified || lastGroup.alternates)) {
      return 'repeats a group that itself repeats or alternates (catastrophic backtracking)';
    }
    if (repeats) repeating += 1;
    if (repeating > MAX_REPEATING_QUANTIFIERS) return `has more than ${MAX_REPEATING_QUANTIFIERS} repeating quantifiers (too slow to match)`;
    frame.quantified = true;
    lastGroup = undefined;
  }
  return undefined;
}
