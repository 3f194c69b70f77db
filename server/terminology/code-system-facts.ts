// The one reader of what a FHIR CodeSystem resource says about its version as a whole (not its concepts): used for
// a version sent with a request (`request-scope.ts`) and for one stored by the importer (`load-code-system.ts`), so
// that both answer alike. An attribute a new answer needs is read here and kept in `VersionAttributes`.
import type { CodeSystem } from 'fhir/r4';
import type { VersionAttributes } from '../../db/tables/code-system-version';
import { parseFhirDate } from './dates';
import { STANDARDS_STATUS_EXT } from './model';
import { EFFECTIVE_PERIOD_EXT } from './systems';

/** What a CodeSystem resource says about its version. */
export interface CodeSystemVersionFacts {
  status: string;
  content: string;
  /**
   * The day from which the version is in force (`EFFECTIVE_PERIOD_EXT`, a dateTime read as its Norwegian day); null
   * when the resource gives none: most CodeSystems carry no effective period, and none is made up for them.
   */
  effectiveFrom: string | null;
  /** The day (exclusive) until which the version is in force, when the resource gives one. */
  effectiveTo: string | null;
  /** An effective period start that is not a FHIR date or dateTime, as written (an import refuses it). */
  unreadableEffectiveFrom: string | undefined;
  /** `CodeSystem.date`, as a day. */
  published: string | null;
  description: string | null;
  /** `CodeSystem.valueSet`: the ValueSet of all its codes, when it names one. */
  valueSetUrl: string | null;
  /** For a supplement: the canonical of the code system it supplements. */
  supplements: string | null;
  /** What answers use besides (kept as they are stored: a fact the resource does not give is absent). */
  attributes: VersionAttributes;
}

/** The version-level facts of a FHIR CodeSystem resource (see `CodeSystemVersionFacts`). */
export function codeSystemVersionFacts(cs: CodeSystem): CodeSystemVersionFacts {
  const period = cs.extension?.find((e) => e.url === EFFECTIVE_PERIOD_EXT)?.valuePeriod;
  const start = period?.start !== undefined ? parseFhirDate(period.start) : undefined;
  const end = period?.end !== undefined ? parseFhirDate(period.end) : undefined;
  const standardsStatus = cs.extension?.find((e) => e.url === STANDARDS_STATUS_EXT)?.valueCode;
  return {
    status: cs.status,
    content: cs.content,
    effectiveFrom: start?.date ?? null,
    effectiveTo: end?.date ?? null,
    unreadableEffectiveFrom: period?.start !== undefined && start === undefined ? period.start : undefined,
    published: cs.date ? cs.date.slice(0, 10) : null,
    description: cs.description ?? null,
    valueSetUrl: cs.valueSet ?? null,
    supplements: cs.supplements ?? null,
    attributes: {
      ...(cs.language ? { language: cs.language } : {}),
      ...(cs.experimental !== undefined ? { experimental: cs.experimental } : {}),
      ...(standardsStatus ? { standardsStatus } : {}),
      ...(cs.meta?.source ? { metaSource: cs.meta.source } : {}),
      ...(cs.property?.length ? { propertyUris: Object.fromEntries(cs.property.map((p) => [p.code, p.uri ?? ''])) } : {}),
    },
  };
}
