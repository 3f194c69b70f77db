import type { CodeSystem, CodeSystemConcept, CodeSystemConceptProperty, CodeSystemProperty, Extension } from 'fhir/r4';
import type { KnownSystem } from '../../server/terminology/code-systems';
import { EFFECTIVE_PERIOD_EXT, SOURCE_FILE_EXT } from '../../server/terminology/systems';
import type { SourceNature } from './sources';

/** Where a generated resource comes from: cited in its `SOURCE_FILE_EXT` extension. */
export interface Provenance {
  /** The source file's name (not its path: the path is the team's, the name is the publisher's). */
  readonly file: string;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  readonly repository?: string;
  readonly nature: SourceNature;
  readonly note?: string;
}

/** The provenance extension of a generated resource. */
export function provenanceExtension(p: Provenance): Extension {
  const part = (url: string, valueString: string): Extension => ({ url, valueString });
  return {
    url: SOURCE_FILE_EXT,
    extension: [
      part('file', p.file),
      part('sha256', p.sha256),
      ...(p.repository ? [part('repository', p.repository)] : []),
      { url: 'nature', valueCode: p.nature },
      ...(p.note ? [part('note', p.note)] : []),
    ],
  };
}

/** The concept properties a code-list version may carry besides code and text (declared only when used). */
export const TEXT_QUALITY_PROPERTIES: readonly CodeSystemProperty[] = [
  {
    code: 'sourceText',
    type: 'string',
    description: 'The text exactly as the source file gives it, where the display repairs characters the source lost.',
  },
  { code: 'textRepairedFrom', type: 'string', description: 'The official list whose text for the same code the repaired display is taken from.' },
  {
    code: 'textDamaged',
    type: 'boolean',
    description: 'True where the source lost characters of the text (each run shown as "?") and no earlier list gives the full text.',
  },
  {
    code: 'textMayBeCut',
    type: 'boolean',
    description: 'True where the source cuts every text at 140 characters and this one is that long: the text may be incomplete.',
  },
];

/** One code of a code list, with any text-quality properties. */
export interface CodeListEntry {
  readonly code: string;
  readonly display: string;
  readonly property?: readonly CodeSystemConceptProperty[];
}

/** What {@link buildCodeListCodeSystem} needs. */
export interface CodeListVersionInput {
  readonly system: KnownSystem;
  readonly version: string;
  /** ISO date from which the version is in force. */
  readonly effectiveFrom: string;
  readonly status: 'active' | 'draft';
  readonly publisher: string;
  readonly copyright: string;
  readonly description: string;
  readonly provenance: Provenance;
  readonly concepts: readonly CodeListEntry[];
}

/**
 * One version of a known code system as a FHIR CodeSystem (`content = complete`), from the codes and texts of a
 * code list. Only the codes the list holds are concepts: the NCMP chapter, section and group concepts are not
 * in any list and are not published. Pure: the same input gives the same resource.
 */
export function buildCodeListCodeSystem(input: CodeListVersionInput): CodeSystem {
  const { system, version } = input;
  const used = new Set(input.concepts.flatMap((c) => (c.property ?? []).map((p) => p.code)));
  const property = TEXT_QUALITY_PROPERTIES.filter((p) => used.has(p.code)).map((p) => ({ ...p }));
  const concept = input.concepts.map(
    (c): CodeSystemConcept => ({ code: c.code, display: c.display, ...(c.property?.length ? { property: c.property.map((p) => ({ ...p })) } : {}) }),
  );
  return {
    resourceType: 'CodeSystem',
    id: `${system.idPrefix}-${version}`,
    language: 'nb',
    extension: [{ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: input.effectiveFrom } }, provenanceExtension(input.provenance)],
    url: system.url,
    identifier: system.identifiers.map((i) => ({ system: i.system, value: i.value })),
    version,
    name: system.name,
    title: system.title,
    status: input.status,
    experimental: false,
    publisher: input.publisher,
    description: input.description,
    jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'NO' }] }],
    copyright: input.copyright,
    caseSensitive: true,
    ...(system.hierarchyMeaning ? { hierarchyMeaning: system.hierarchyMeaning } : {}),
    content: 'complete',
    count: concept.length,
    ...(property.length ? { property } : {}),
    concept,
  };
}
