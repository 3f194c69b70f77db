import type { FhirResource } from 'fhir/r4';
import { PROJECT_BASE } from '../../server/terminology/systems';
import { packageJson, resourceFileName } from './build';

/** The FHIR NPM package's name and version (bump the version when the published content changes). */
export const PACKAGE_NAME = 'ncmp-terminology.content';
export const PACKAGE_VERSION = '1.1.0';

/** The resource types whose files the generator writes; other files in the package folder are kept. */
export const GENERATED_TYPES = ['CodeSystem', 'ValueSet', 'ConceptMap'] as const;

/** One entry of `.index.json` (FHIR package spec, index version 2). */
interface IndexEntry {
  filename: string;
  resourceType: string;
  id?: string;
  url?: string;
  version?: string;
  kind?: string;
  type?: string;
}

/** The package manifest (`package/package.json`). */
export function packageManifest(): Record<string, unknown> {
  return {
    name: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    description:
      'NCMP (Norsk klassifikasjon av medisinske prosedyrer) 2007–2017, the 2021 change document and NordDRG’s preliminary ' +
      '2024 list, NCSP (kirurgiske prosedyrer) 1999, 2005 and 2007–2017, NCRP (radiologiske prosedyrer) 2016–2017, the ' +
      'national særkode lists, their ValueSets and the særkode → NCMP succession, as served by the NCMP terminology server.',
    canonical: PROJECT_BASE,
    fhirVersions: ['4.0.1'],
    type: 'fhir.ig',
    license: 'NLOD-2.0',
    author: 'ncmp-terminology-server project',
    jurisdiction: 'urn:iso:std:iso:3166#NO',
    dependencies: { 'hl7.fhir.r4.core': '4.0.1' },
  };
}

/** `.index.json` for the resources of the package (every `*.json` resource file in it), sorted by file name. */
export function packageIndex(resources: readonly FhirResource[]): Record<string, unknown> {
  const files: IndexEntry[] = resources
    .map((r) => {
      const entry: IndexEntry = { filename: resourceFileName(r), resourceType: r.resourceType };
      const fields = r as { id?: string; url?: string; version?: string; kind?: string };
      if (fields.id) entry.id = fields.id;
      if (fields.url) entry.url = fields.url;
      if (fields.version) entry.version = fields.version;
      if (fields.kind) entry.kind = fields.kind;
      return entry;
    })
    .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return { 'index-version': 2, files };
}

/** Every file of the package folder: name → bytes as text. */
export function packageFiles(resources: readonly FhirResource[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('package.json', packageJson(packageManifest()));
  files.set('.index.json', packageJson(packageIndex(resources)));
  for (const r of resources) files.set(resourceFileName(r), packageJson(r));
  return files;
}
