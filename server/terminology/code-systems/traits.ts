import type { StoredIdentifier } from '../../../db/schema';

/**
 * The hierarchy a code system's code shape implies when its sources list only the leaf codes (NCMP: chapter `W`,
 * section `WB`, group `WBGM` above `WBGM00`). The importer adds the implied levels as abstract, not selectable
 * concepts marked `derived` (see `DERIVED_PROPERTIES`).
 */
export interface DerivedHierarchy {
  /** The ancestors a code's shape implies, root first (`WBGM00` → `W`, `WB`, `WBGM`); none when its shape implies none. */
  ancestors(code: string): string[];
  /** The parent a code's shape implies (`WBGM` for `WBGM00`), which a source's own parent is checked against. */
  impliedParent(code: string): string;
}

/**
 * What varies by kind of code system, asked by the generic engine instead of testing a system's url. A code system
 * the server does not know by heart has `GENERIC_TRAITS`, which keep the answers other servers give.
 */
export interface CodeSystemTraits {
  /** A code as a source file writes it, made the code itself (trimmed; NCMP's `ZWU 40` → `ZWUU40`). */
  normaliseCode(code: string): string;
  /** A code's text as a source file writes it, made the text itself (trimmed, a source's own labels removed). */
  displayFromSource(text: string): string;
  /**
   * Other spellings of a code that a text search should find as the code, from a filter already folded to lower
   * case (`zwu 40` → `zwuu40`); the compact form without spaces is always tried.
   */
  searchSpellings(folded: string): string[];
  /** An unknown code is answered with its upper-case form when that is a code (a coder typing `wbgm00`). */
  readonly caseHint: boolean;
  /**
   * The server writes every concept's abstract flag (and derives some, see `hierarchy`): a concept that gives no
   * `notSelectable`/`abstract` value is selectable, which a filter on those properties sees.
   */
  readonly abstractIsExplicit: boolean;
  /** The hierarchy the code shape implies, when the sources give only leaf codes. */
  readonly hierarchy: DerivedHierarchy | undefined;
  /** `$lookup` gives a code's history across versions without being asked for it (coders of yearly code lists need it). */
  readonly historyByDefault: boolean;
  /** `$translate` shows a target code's text in force on the date, not only the text the map gives. */
  readonly displayInForce: boolean;
  /**
   * For a code system whose content is drawn from others (NKPK): where a concept came from, in words (`NCSP 2014
   * (urn:oid:…7210|2014)`), which `$validate-code` reports. Undefined for a concept of the system's own.
   */
  conceptOrigin?(concept: { properties: readonly { code: string; valueString?: string }[] }): string | undefined;
}

/** The traits of a code system the server does not know by heart: nothing special, as tx.fhir.org answers. */
export const GENERIC_TRAITS: CodeSystemTraits = {
  normaliseCode: (code) => code.trim(),
  displayFromSource: (text) => text.trim(),
  searchSpellings: () => [],
  caseHint: false,
  abstractIsExplicit: false,
  hierarchy: undefined,
  historyByDefault: false,
  displayInForce: false,
};

/**
 * The 2017 særkode texts carry the source's own label `SÆRKODE:`, already garbled there to `SoKODE:`; it is not
 * part of the text. The yearly files mix særkoder into other lists, so every national code list drops it.
 */
const SAERKODE_LABEL = /^S\S{0,6}KODE:\s*/;

/** What the server's own yearly Norwegian code lists share, beyond the generic traits. */
export const NATIONAL_CODE_LIST_TRAITS: CodeSystemTraits = {
  ...GENERIC_TRAITS,
  displayFromSource: (text) => text.replace(SAERKODE_LABEL, '').trim(),
  caseHint: true,
  abstractIsExplicit: true,
  historyByDefault: true,
  displayInForce: true,
};

/** A code system this server knows by heart: its identity (canonical url, names, aliases, code shape) and its traits. */
export interface KnownSystem extends CodeSystemTraits {
  /** The name an importer or a manifest uses for it (`ncmp`). */
  key: string;
  url: string;
  name: string;
  title: string;
  publisher: string;
  description: string;
  identifiers: StoredIdentifier[];
  /** Other URIs accepted on input (DOMAIN.md §2). */
  aliases: string[];
  /** Prefix of the FHIR resource ids of its versions (`ncmp` → `ncmp-2014`). */
  idPrefix: string;
  /** The shape of a valid code. */
  codePattern: RegExp;
  /** Canonical of the ValueSet that holds all codes of one version. */
  valueSetUrl: string;
  hierarchyMeaning: 'is-a' | undefined;
  /** The url of the union code system this one is a member of (NCMP, NCSP and NCRP: NKPK), whose members' code shapes never collide. */
  unionMemberOf?: string;
}

/**
 * The properties of a concept of a derived hierarchy: not selectable, and marked `derived` (no source lists it), so
 * that it is neither counted among a version's codes nor given a history.
 */
export const DERIVED_PROPERTIES: readonly { code: string; valueBoolean: boolean }[] = [
  { code: 'notSelectable', valueBoolean: true },
  { code: 'derived', valueBoolean: true },
];

/** Whether a concept is one of a derived hierarchy's (see `DERIVED_PROPERTIES`). */
export function isDerivedConcept(concept: { properties: readonly { code: string; valueBoolean?: boolean }[] }): boolean {
  return concept.properties.some((p) => p.code === 'derived' && p.valueBoolean === true);
}
