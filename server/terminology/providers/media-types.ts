// Media types (urn:ietf:bcp:13): the IANA registry and common unregistered types, from mime-db.
import db from 'mime-db';
import type { CodeSystemProvider, ProvidedConcept } from './provider';

const PACKAGE = 'mime-db';
const PACKAGE_VERSION = (require(`${PACKAGE}/package.json`) as { version: string }).version;

/**
 * A media type as a concept: the type is its own display (tx.fhir.org gives no other text). Parameters
 * (`text/plain; charset=UTF-8`) are not part of the type: the type before them is looked up.
 */
function mediaType(code: string): ProvidedConcept | undefined {
  const type = code.split(';')[0]!.trim().toLowerCase();
  return Object.hasOwn(db, type) ? { code, display: type } : undefined;
}

/** BCP-13 media types (`application/fhir+json`); compared without regard to case (RFC 6838 §4.2). A list: it expands. */
export const MEDIA_TYPES: CodeSystemProvider = {
  url: 'urn:ietf:bcp:13',
  aliases: [],
  name: 'MimeTypes',
  title: 'Media types (BCP 13)',
  publisher: 'IANA',
  description: 'Media types of the IANA registry (and common unregistered ones), from mime-db.',
  version: PACKAGE_VERSION,
  source: PACKAGE,
  caseSensitive: false,
  lookup: mediaType,
  enumerate: () => Object.keys(db).map((type) => ({ code: type, display: type })),
};
