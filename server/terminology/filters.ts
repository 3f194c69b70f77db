// The value-set filter operators (`compose.include.filter.op`): the one list of those the server supports
// (the shape check of client resources reads it) and the predicate each builds over a version's concepts.
import { FhirError } from './issues';
import { msg } from './messages';
import type { Concept, VersionContent, VersionEntry } from './model';
import { compileRegex } from './regex';
import { traitsFor } from './code-systems';

/** A value-set filter as the compose gives it (`value` may be missing in a resource sent inline). */
export interface Filter {
  property: string;
  op: string;
  value?: string;
}

type Predicate = (c: Concept) => boolean;

/** What an operator builds its predicate from: the filter (with its value) and the version's content. */
interface FilterScope {
  content: VersionContent;
  filter: Required<Filter>;
  /** The server derives which concepts of the code system are abstract (see {@link filterValues}). */
  derivedAbstract: boolean;
}

/** The codes below one concept in a version's hierarchy, at any depth. */
function descendants(content: VersionContent, code: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(content.byCode.get(code)?.children ?? [])];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (out.has(c)) continue;
    out.add(c);
    stack.push(...(content.byCode.get(c)?.children ?? []));
  }
  return out;
}

/**
 * A concept's values of a property, as filters compare them (strings). `derivedAbstract`: the server knows the
 * code system by heart and derives which concepts are abstract (NCMP's groups), so a concept without a value
 * is selectable.
 */
export function filterValues(concept: Concept, property: string, derivedAbstract = false): string[] {
  if (property === 'code' || property === 'concept') return [concept.code];
  if (property === 'display') return concept.display ? [concept.display] : [];
  if (property === 'notSelectable' || property === 'abstract') {
    // A concept that gives no value is neither (tx.fhir.org), except in a code system whose abstract concepts
    // the server derives (NCMP): there a concept is selectable unless marked abstract.
    const explicit = concept.properties.find((p) => p.code === property && p.valueBoolean !== undefined);
    if (explicit) return [String(explicit.valueBoolean)];
    if (derivedAbstract) return [String(concept.abstract)];
    return concept.abstract ? ['true'] : [];
  }
  if (property === 'status') return [concept.status];
  if (property === 'inactive') {
    const explicit = concept.properties.find((p) => p.code === 'inactive');
    return [String(explicit?.valueBoolean ?? concept.status !== 'active')];
  }
  if (property === 'parent') return concept.parentCode ? [concept.parentCode] : [];
  return concept.properties
    .filter((p) => p.code === property)
    .map((p) => {
      const v = p.valueCode ?? p.valueString ?? p.valueCoding?.code ?? p.valueDateTime ?? p.valueBoolean ?? p.valueInteger ?? p.valueDecimal;
      return v === undefined ? '' : String(v);
    });
}

/** The values of an `in`/`not-in` filter: a comma-separated list. */
const valueList = (value: string): Set<string> => new Set(value.split(',').map((s) => s.trim()));

const valuesOf = ({ filter, derivedAbstract }: FilterScope) => (c: Concept): string[] => filterValues(c, filter.property, derivedAbstract);

/** Each supported operator and the predicate it builds: adding an operator here is all it takes. */
const OPERATORS = {
  '=': (s: FilterScope): Predicate => {
    const values = valuesOf(s);
    return (c) => values(c).includes(s.filter.value);
  },
  'is-a': ({ content, filter }: FilterScope): Predicate => {
    const set = descendants(content, filter.value);
    return (c) => c.code === filter.value || set.has(c.code);
  },
  'descendent-of': ({ content, filter }: FilterScope): Predicate => {
    const set = descendants(content, filter.value);
    return (c) => set.has(c.code);
  },
  'child-of': ({ content, filter }: FilterScope): Predicate => {
    const children = new Set(content.byCode.get(filter.value)?.children ?? []);
    return (c) => children.has(c.code);
  },
  'is-not-a': ({ content, filter }: FilterScope): Predicate => {
    const set = descendants(content, filter.value);
    return (c) => c.code !== filter.value && !set.has(c.code);
  },
  regex: (s: FilterScope): Predicate => {
    // RE2: linear time whatever the pattern, so a stored or inline filter cannot pin the server.
    const re = compileRegex(s.filter.value);
    if (re.problem !== undefined) throw FhirError.invalid(msg('NCMP_REGEX_FILTER_INVALID', s.filter.value, s.filter.property, re.problem));
    const values = valuesOf(s);
    return (c) => values(c).some(re.match);
  },
  in: (s: FilterScope): Predicate => {
    const wanted = valueList(s.filter.value);
    const values = valuesOf(s);
    return (c) => values(c).some((v) => wanted.has(v));
  },
  'not-in': (s: FilterScope): Predicate => {
    const unwanted = valueList(s.filter.value);
    const values = valuesOf(s);
    return (c) => !values(c).some((v) => unwanted.has(v));
  },
  generalizes: ({ content, filter }: FilterScope): Predicate => {
    return (c) => {
      let cur: Concept | undefined = content.byCode.get(filter.value);
      while (cur) {
        if (cur.code === c.code) return true;
        cur = cur.parentCode ? content.byCode.get(cur.parentCode) : undefined;
      }
      return false;
    };
  },
  exists: (s: FilterScope): Predicate => {
    const want = s.filter.value !== 'false';
    const values = valuesOf(s);
    return (c) => (values(c).filter((v) => v !== '').length > 0) === want;
  },
} satisfies Record<string, (scope: FilterScope) => Predicate>;

/** A filter operator the server supports. */
export type FilterOperator = keyof typeof OPERATORS;

/** The filter operators the server supports (the shape check's error lists them in this order). */
export const FILTER_OPERATORS = Object.keys(OPERATORS) as FilterOperator[];

const isOperator = (op: string): op is FilterOperator => Object.hasOwn(OPERATORS, op);

/**
 * The predicate of one include filter over a version's concepts. A filter without a value (other than
 * `exists`) is refused, naming the filter at `at`; an operator the server does not support is refused too.
 */
export function filterPredicate(content: VersionContent, version: VersionEntry, f: Filter, at: string): Predicate {
  const system = version.system.url;
  if (f.value === undefined && f.op !== 'exists') {
    throw new FhirError(400, {
      severity: 'error',
      code: 'invalid',
      txType: 'vs-invalid',
      ...msg('UNABLE_TO_HANDLE_SYSTEM_FILTER_WITH_NO_VALUE', system, f.property, f.op),
      expression: [at],
    });
  }
  if (!isOperator(f.op)) throw FhirError.notSupported(msg('NCMP_FILTER_OPERATOR_UNSUPPORTED', f.op, f.property));
  return OPERATORS[f.op]({ content, filter: { ...f, value: f.value ?? '' }, derivedAbstract: traitsFor(version.system.url).abstractIsExplicit });
}
