// The values of search parameters, on both sides: what a resource holds (normalised once per snapshot, see
// `normalise`) and what a search asks (parsed per request, see `valueMatcher`), with the matching rules of each
// parameter type (https://hl7.org/fhir/R4/search.html#ptypes).
import { parseFhirDate } from '../terminology/dates';
import { FhirError } from '../terminology/issues';
import { msg } from '../terminology/messages';
import { searchFold } from '../terminology/text-search';
import type { CompositeComponent, ExtractedValue, SupportedSearchType } from './search-parameters';

/** A token as searched: a code (or identifier value) with its system, the texts it carries and its identifier type. */
export interface TokenValue {
  kind: 'token';
  system?: string;
  code?: string;
  /** Folded display and text (for `:text`). */
  texts: string[];
  /** `system|code` of an Identifier's type codings (for `:of-type`). */
  types: string[];
}
/** A string as searched: as written, and folded (case and accents). */
export interface StringValue { kind: 'string'; raw: string; folded: string }
/** A uri, or a reference (a canonical `url|version`, or `Type/id`). */
export interface UriValue { kind: 'uri'; uri: string }
/** A date, dateTime, instant or Period as the range of Norwegian calendar days it covers: `[low, high)`. */
export interface DateValue { kind: 'date'; low: string; high: string }
/** A Quantity (a point) or a Range, with its unit. */
export interface QuantityValue { kind: 'quantity'; low: number; high: number; system?: string; code?: string; unit?: string }
/** One element of a composite parameter: the values of each component. */
export interface CompositeValue { kind: 'composite'; components: NormalisedValue[][] }
/** A resource's value of one search parameter, ready to match. */
export type NormalisedValue = TokenValue | StringValue | UriValue | DateValue | QuantityValue | CompositeValue;

/** The lowest and highest day any range can hold (`9999-99-99` sorts after every real day). */
const FIRST_DAY = '0000-01-01';
const AFTER_LAST_DAY = '9999-99-99';

type Element = Record<string, unknown>;
const isElement = (v: unknown): v is Element => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The day after `day` (`YYYY-MM-DD`) at the given precision: the end of the year, month or day it starts. */
function dayAfter(day: string, precision: 4 | 7 | 10): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const next = new Date(0);
  if (precision === 4) next.setUTCFullYear(y + 1, 0, 1);
  else if (precision === 7) next.setUTCFullYear(y, m, 1);
  else next.setUTCFullYear(y, m - 1, d + 1);
  if (next.getUTCFullYear() > 9999) return AFTER_LAST_DAY;
  return next.toISOString().slice(0, 10);
}

/** The days a FHIR date text covers, by the server's one date rule (`parseFhirDate`); undefined when invalid. */
function dateRange(value: string): DateValue | undefined {
  const parsed = parseFhirDate(value);
  if (!parsed) return undefined;
  return { kind: 'date', low: parsed.date, high: dayAfter(parsed.date, parsed.precision) };
}

function tokensOf(v: ExtractedValue): TokenValue[] {
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return [{ kind: 'token', code: String(v), texts: [], types: [] }];
  if (!isElement(v)) return [];
  const fold = (...texts: unknown[]): string[] => texts.filter((t): t is string => typeof t === 'string').map(searchFold);
  if (Array.isArray(v.coding) || v.text !== undefined) {
    // A CodeableConcept: each coding, and its text (a concept with text only is still found by `:text`).
    const codings = ((v.coding ?? []) as unknown[]).filter(isElement);
    const tokens: TokenValue[] = codings.map((c) => ({ kind: 'token', system: text(c.system), code: text(c.code), texts: fold(c.display, v.text), types: [] }));
    return tokens.length > 0 ? tokens : [{ kind: 'token', texts: fold(v.text), types: [] }];
  }
  if (v.code !== undefined) return [{ kind: 'token', system: text(v.system), code: text(v.code), texts: fold(v.display), types: [] }];
  // An Identifier (or a ContactPoint): its value is the code.
  const type = isElement(v.type) ? v.type : undefined;
  const types = ((type?.coding ?? []) as unknown[]).filter(isElement).map((c) => `${text(c.system) ?? ''}|${text(c.code) ?? ''}`);
  return [{ kind: 'token', system: text(v.system), code: text(v.value), texts: fold(type?.text), types }];
}

function stringsOf(v: ExtractedValue): string[] {
  if (typeof v === 'string') return [v];
  // A complex string-searched element (HumanName, Address): each of its strings.
  if (isElement(v)) return Object.values(v).flatMap((x) => (Array.isArray(x) ? x.flatMap(stringsOf) : stringsOf(x)));
  return [];
}

function datesOf(v: ExtractedValue): DateValue[] {
  if (typeof v === 'string') return dateRange(v) ? [dateRange(v)!] : [];
  if (isElement(v) && (v.start !== undefined || v.end !== undefined)) {
    const start = typeof v.start === 'string' ? dateRange(v.start) : undefined;
    const end = typeof v.end === 'string' ? dateRange(v.end) : undefined;
    return [{ kind: 'date', low: start?.low ?? FIRST_DAY, high: end?.high ?? AFTER_LAST_DAY }];
  }
  return [];
}

function quantitiesOf(v: ExtractedValue): QuantityValue[] {
  if (!isElement(v)) return [];
  const unitOf = (q: Element): Pick<QuantityValue, 'system' | 'code' | 'unit'> => ({ system: text(q.system), code: text(q.code), unit: text(q.unit) });
  if (typeof v.value === 'number') return [{ kind: 'quantity', low: v.value, high: v.value, ...unitOf(v) }];
  const low = isElement(v.low) ? v.low : undefined;
  const high = isElement(v.high) ? v.high : undefined;
  if (!low && !high) return [];
  return [{
    kind: 'quantity',
    low: typeof low?.value === 'number' ? low.value : -Infinity,
    high: typeof high?.value === 'number' ? high.value : Infinity,
    ...unitOf(low ?? high!),
  }];
}

/** A resource's values of a parameter of `type`, from what its expression read. */
export function normalise(type: SupportedSearchType, extracted: ExtractedValue[], components?: CompositeComponent[]): NormalisedValue[] {
  switch (type) {
    case 'token': return extracted.flatMap(tokensOf);
    case 'string': return extracted.flatMap(stringsOf).map((raw) => ({ kind: 'string', raw, folded: searchFold(raw) }));
    case 'uri': return extracted.filter((v): v is string => typeof v === 'string').map((uri) => ({ kind: 'uri', uri }));
    case 'reference':
      return extracted
        .map((v) => (typeof v === 'string' ? v : isElement(v) ? text(v.reference) : undefined))
        .filter((uri): uri is string => uri !== undefined)
        .map((uri) => ({ kind: 'uri', uri }));
    case 'date': return extracted.flatMap(datesOf);
    case 'quantity': return extracted.flatMap(quantitiesOf);
    case 'composite':
      return extracted.map((element) => ({ kind: 'composite', components: (components ?? []).map((c) => normalise(c.type, c.evaluate(element))) }));
  }
}

/** The key a value sorts by (`_sort`): ascending by its low end, descending by its high end. */
export function sortKey(value: NormalisedValue, descending: boolean): string | number | undefined {
  switch (value.kind) {
    case 'token': return value.code;
    case 'string': return value.folded;
    case 'uri': return value.uri;
    case 'date': return descending ? value.high : value.low;
    case 'quantity': return descending ? value.high : value.low;
    case 'composite': return undefined;
  }
}

/** Splits at each `separator` not escaped with a backslash (FHIR's `\,`, `\|`, `\$`); parts stay escaped. */
export function splitUnescaped(value: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}

/** Tests one resource value against one searched value. */
type ValueTest = (value: NormalisedValue) => boolean;

/** What a searched value is parsed with: the parameter's name (for the 400s), its modifier, and its local resolver. */
export interface SearchContext {
  /** The parameter as written (`title:contains`), named by every 400 about it. */
  name: string;
  modifier: string | undefined;
  /** The canonicals (`url`, `url|version`) of a local resource named `Type/id`, or none. */
  resolveLocal: (reference: string) => string[];
}

function invalid(ctx: SearchContext, raw: string, hint: string): FhirError {
  const code = ctx.modifier === undefined ? ctx.name : ctx.name.slice(0, -ctx.modifier.length - 1);
  const modifier = ctx.modifier === undefined ? '' : ` with ':${ctx.modifier}'`;
  return FhirError.invalid(msg('NCMP_SEARCH_VALUE_INVALID_WITH_MODIFIER', code, raw, modifier, hint), [ctx.name]);
}

const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
type Prefix = (typeof PREFIXES)[number];

function splitPrefix(raw: string): { prefix: Prefix; rest: string } {
  const prefix = PREFIXES.find((p) => raw.startsWith(p) && raw.length > 2 && !/^[a-z]/i.test(raw[2]!));
  return prefix ? { prefix, rest: raw.slice(2) } : { prefix: 'eq', rest: raw };
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number): string => new Date(Math.max(-62_135_596_800_000, Math.min(253_402_214_400_000, n * DAY_MS))).toISOString().slice(0, 10);

function dateTest(ctx: SearchContext, raw: string): ValueTest {
  const { prefix, rest } = splitPrefix(raw);
  const target = rest === '' ? undefined : dateRange(rest);
  if (!target) throw invalid(ctx, raw, 'use e.g. ge2014-01-01; a date is YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with seconds and zone');
  const { low, high } = target;
  return (v) => {
    if (v.kind !== 'date') return false;
    const contained = low <= v.low && v.high <= high;
    switch (prefix) {
      case 'eq': return contained;
      case 'ne': return !contained;
      case 'gt': return v.high > high;
      case 'lt': return v.low < low;
      case 'ge': return v.high > high || contained;
      case 'le': return v.low < low || contained;
      case 'sa': return v.low >= high;
      case 'eb': return v.high <= low;
      case 'ap': {
        // Approximately: the searched range widened by a tenth of its distance from today (at least a day).
        const today = Math.floor(Date.now() / DAY_MS);
        const slack = Math.max(1, Math.ceil(Math.abs(today - dayNumber(low)) / 10));
        return v.low < dayOf(dayNumber(high) + slack) && v.high > dayOf(dayNumber(low) - slack);
      }
    }
  };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function quantityTest(ctx: SearchContext, raw: string): ValueTest {
  const { prefix, rest } = splitPrefix(raw);
  const [number, system, code, ...more] = splitUnescaped(rest, '|').map(unescape);
  if (!number || !NUMBER.test(number) || more.length > 0 || (system !== undefined && code === undefined)) {
    throw invalid(ctx, raw, 'use [prefix]number[|system|code], e.g. gt5.4|http://unitsofmeasure.org|mg');
  }
  const n = Number(number);
  // The number stands for the range its precision implies (5.4 is [5.35, 5.45)).
  const decimals = /\.(\d+)/.exec(number.split(/[eE]/)[0]!)?.[1]?.length ?? 0;
  const half = 0.5 * 10 ** -decimals * 10 ** Number(/[eE]([+-]?\d+)/.exec(number)?.[1] ?? 0);
  const unitMatches = (v: QuantityValue): boolean => {
    if (!code) return true;
    if (system) return v.system === system && v.code === code;
    return v.code === code || v.unit === code;
  };
  return (v) => {
    if (v.kind !== 'quantity' || !unitMatches(v)) return false;
    const within = n - half <= v.low && v.high < n + half;
    switch (prefix) {
      case 'eq': return within;
      case 'ne': return !within;
      case 'gt': return v.high > n;
      case 'lt': return v.low < n;
      case 'ge': return v.high >= n;
      case 'le': return v.low <= n;
      case 'sa': return v.low > n;
      case 'eb': return v.high < n;
      case 'ap': return v.low <= n + Math.abs(n) / 10 && v.high >= n - Math.abs(n) / 10;
    }
  };
}

function tokenTest(ctx: SearchContext, raw: string): ValueTest {
  if (ctx.modifier === 'text') {
    const wanted = searchFold(unescape(raw));
    return (v) => v.kind === 'token' && v.texts.some((t) => t.includes(wanted));
  }
  if (ctx.modifier === 'of-type') {
    const [system, code, value, ...more] = splitUnescaped(raw, '|').map(unescape);
    if (value === undefined || value === '' || more.length > 0) throw invalid(ctx, raw, 'use type-system|type-code|value');
    return (v) => v.kind === 'token' && v.code === value && v.types.includes(`${system}|${code}`);
  }
  const parts = splitUnescaped(raw, '|').map(unescape);
  if (parts.length > 2 || parts.every((p) => p === '')) throw invalid(ctx, raw, 'use code, system|code, |code or system|');
  if (parts.length === 1) return (v) => v.kind === 'token' && v.code === parts[0];
  const [system, code] = parts as [string, string];
  if (system === '') return (v) => v.kind === 'token' && v.system === undefined && v.code === code;
  if (code === '') return (v) => v.kind === 'token' && v.system === system;
  return (v) => v.kind === 'token' && v.system === system && v.code === code;
}

function stringTest(ctx: SearchContext, raw: string): ValueTest {
  const wanted = unescape(raw);
  if (ctx.modifier === 'exact') return (v) => v.kind === 'string' && v.raw === wanted;
  // The default and `:contains` alike: case- and accent-insensitive, anywhere in the text (FHIR's default is
  // starts-with; the server has always matched inside words too, so `title=prosedyr` finds "… prosedyrer").
  const folded = searchFold(wanted);
  return (v) => v.kind === 'string' && v.folded.includes(folded);
}

function uriTest(ctx: SearchContext, raw: string): ValueTest {
  const wanted = unescape(raw);
  if (ctx.modifier === 'below') return (v) => v.kind === 'uri' && (v.uri === wanted || v.uri.startsWith(wanted.endsWith('/') ? wanted : `${wanted}/`));
  if (ctx.modifier === 'above') return (v) => v.kind === 'uri' && (v.uri === wanted || wanted.startsWith(v.uri.endsWith('/') ? v.uri : `${v.uri}/`));
  return (v) => v.kind === 'uri' && v.uri === wanted;
}

function referenceTest(ctx: SearchContext, raw: string): ValueTest {
  const value = unescape(raw);
  // `source:ValueSet=id` names a local resource as `ValueSet/id` does.
  const wanted = ctx.modifier && !value.includes('/') ? `${ctx.modifier}/${value}` : value;
  const local = ctx.resolveLocal(wanted);
  const versionless = !wanted.includes('|');
  // A canonical matches with or without its version, unless the search names one.
  return (v) => v.kind === 'uri' && (v.uri === wanted || local.includes(v.uri) || (versionless && v.uri.split('|')[0] === wanted));
}

function compositeTest(ctx: SearchContext, raw: string, components: CompositeComponent[]): ValueTest {
  const parts = splitUnescaped(raw, '$');
  if (parts.length !== components.length) throw invalid(ctx, raw, `a composite of ${components.length} values joined by $`);
  const inner = { ...ctx, modifier: undefined };
  const tests = parts.map((part, i) => componentTest(inner, part, components[i]!.type));
  return (v) => v.kind === 'composite' && tests.every((test, i) => v.components[i]!.some(test));
}

function componentTest(ctx: SearchContext, raw: string, type: CompositeComponent['type']): ValueTest {
  if (raw === '') throw invalid(ctx, raw, 'a value is empty');
  switch (type) {
    case 'token': return tokenTest(ctx, raw);
    case 'string': return stringTest(ctx, raw);
    case 'uri': return uriTest(ctx, raw);
    case 'reference': return referenceTest(ctx, raw);
    case 'date': return dateTest(ctx, raw);
    case 'quantity': return quantityTest(ctx, raw);
  }
}

/**
 * The test of one occurrence of a parameter (`name=a,b`: any of its comma-separated values) against a resource's
 * values. Throws a 400 naming the parameter for an empty or malformed value.
 */
export function valueMatcher(type: SupportedSearchType, ctx: SearchContext, raw: string, components?: CompositeComponent[]): (values: NormalisedValue[]) => boolean {
  if (ctx.modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw invalid(ctx, raw, 'use true or false');
    const missing = raw === 'true';
    return (values) => (values.length === 0) === missing;
  }
  const alternatives = splitUnescaped(raw, ',');
  if (alternatives.some((a) => a.trim() === '')) throw invalid(ctx, raw, 'a value is empty');
  const tests = alternatives.map((a) => (type === 'composite' ? compositeTest(ctx, a, components ?? []) : componentTest(ctx, a, type)));
  // `:not` on a token: the resources with no value that matches (also those with no value at all).
  if (ctx.modifier === 'not') return (values) => !values.some((v) => tests.some((t) => t(v)));
  return (values) => values.some((v) => tests.some((t) => t(v)));
}
