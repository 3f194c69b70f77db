import type { Parameters, CapabilityStatement, TerminologyCapabilities } from 'fhir/r4';
import type { Operation } from '../operations/shared/operation';
import type { SystemEntry } from '../terminology/model';
import { effectivePeriodExtension } from '../builders/resources';
import { DATE_RULE } from '../terminology/dates';
import { MODIFIERS, searchDefinitions, TERMINOLOGY_TYPES, type SupportedSearchType, type TerminologyResourceType } from '../operations/search-parameters';

/** A search parameter as the CapabilityStatement lists it. */
type SearchParameterSpec = { name: string; type: SupportedSearchType; definition: string; documentation?: string };

/** What the server does differently from FHIR's default for a parameter type. */
const TYPE_NOTES: Partial<Record<SupportedSearchType, string>> = {
  string: 'Case- and accent-insensitive, anywhere in the text (not only at its start); :exact compares as written',
  date: DATE_RULE,
};

/**
 * The search parameters a resource type supports: FHIR's own R4 definitions (search-parameters.ts), the same list
 * the search handler evaluates, so the CapabilityStatement says exactly what is supported.
 */
export function searchParameterSpecs(type: TerminologyResourceType): SearchParameterSpec[] {
  return searchDefinitions()[type].map((p) => {
    const modifiers = [...MODIFIERS[p.type], ...p.targets].map((m) => `:${m}`).join(', ');
    const note = [TYPE_NOTES[p.type], `modifiers ${modifiers}`].filter((n) => n !== undefined).join('. ');
    return { name: p.code, type: p.type, definition: p.url, documentation: note };
  });
}

/** The server's CapabilityStatement, built from the operation list (pure; `now` is passed in). */
/** The application-feature extension the terminology ecosystem reads (`test-version`, `CodeSystemAsParameter`). */
const FEATURE_EXT = 'http://hl7.org/fhir/uv/application-feature/StructureDefinition/feature';
/** The version of the HL7 terminology-ecosystem tests this server's behaviour is checked against (tests v1.9.3). */
export const TX_TESTS_VERSION = '1.9.3';

export function capabilityStatement(
  operations: readonly Operation[],
  baseUrl: string,
  now: string,
  software: { name: string; version: string; releaseDate?: string },
): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    extension: [
      { url: FEATURE_EXT, extension: [{ url: 'definition', valueCanonical: 'http://hl7.org/fhir/uv/tx-tests/FeatureDefinition/test-version' }, { url: 'value', valueCode: TX_TESTS_VERSION }] },
      // Code systems may be sent as a parameter (`tx-resource`).
      { url: FEATURE_EXT, extension: [{ url: 'definition', valueCanonical: 'http://hl7.org/fhir/uv/tx-ecosystem/FeatureDefinition/CodeSystemAsParameter' }, { url: 'value', valueBoolean: true }] },
    ],
    url: `${baseUrl}/metadata`,
    version: software.version,
    name: 'NcmpTerminologyServer',
    title: 'NCMP FHIR terminology server',
    status: 'active',
    date: now,
    kind: 'instance',
    instantiates: ['http://hl7.org/fhir/CapabilityStatement/terminology-server'],
    software,
    implementation: { description: 'NCMP FHIR terminology server', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        resource: TERMINOLOGY_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          searchParam: searchParameterSpecs(type),
          operation: operations
            .filter((o) => o.resourceType === type)
            .map((o) => ({ name: o.code, definition: o.definition.definitionUrl })),
        })),
        // System-level: which FHIR versions the server speaks (R5's CapabilityStatement $versions).
        operation: [{ name: 'versions', definition: 'http://hl7.org/fhir/OperationDefinition/CapabilityStatement-versions' }],
      },
    ],
  };
}

/** The answer of `$versions`: the FHIR versions this server speaks, and its default. */
export function versionsParameters(): Parameters {
  return { resourceType: 'Parameters', parameter: [{ name: 'version', valueCode: '4.0' }, { name: 'default', valueCode: '4.0' }] };
}

/** The TerminologyCapabilities (`metadata?mode=terminology`): every code system with every version and its period. */
export function terminologyCapabilities(systems: SystemEntry[], now: string, expandParameters: string[], software: { version: string }): TerminologyCapabilities {
  return {
    resourceType: 'TerminologyCapabilities',
    version: software.version,
    name: 'NcmpTerminologyServer',
    title: 'NCMP FHIR terminology server',
    status: 'active',
    date: now,
    kind: 'instance',
    description: DATE_RULE,
    codeSystem: systems.map((s) => {
      const newest = s.versions.at(-1);
      return {
        uri: s.url,
        version: s.versions.map((v) => ({
          ...effectivePeriodExtension(v),
          code: v.version,
          isDefault: v === newest,
          compositional: false,
          property: ['parent', 'child', 'inactive'],
        })),
      };
    }),
    expansion: { hierarchical: false, paging: true, parameter: expandParameters.map((name) => ({ name })), textFilter: 'Case- and accent-insensitive match on the display, also inside compound words (dialyse finds hemodialyse), or on the code (a space or lower case is accepted: zwu 40, wbgm00); results ranked exact code, code prefix, word starts, inner matches' },
    codeSearch: 'all',
    validateCode: { translations: false },
    translation: { needsMap: false },
  };
}
