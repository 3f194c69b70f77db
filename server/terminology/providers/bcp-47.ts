// BCP-47 language tags (urn:ietf:bcp:47): a grammar over the IANA subtag registry, checked by language-tags.
import tags from 'language-tags';
import type { CodeSystemProvider } from './provider';

/**
 * The display of a valid tag from the registry's descriptions: the language, then the other subtags in brackets
 * (`nb-NO` → "Norwegian Bokmål (Norway)").
 */
function display(tag: ReturnType<typeof tags>): string {
  const [language, ...rest] = tag.subtags();
  const name = (s: (typeof rest)[number]): string => s.descriptions()[0] ?? s.format();
  if (!language || language.type() !== 'language') return tag.format();
  return rest.length === 0 ? name(language) : `${name(language)} (${rest.map(name).join(', ')})`;
}

/**
 * BCP-47. Any well-formed tag whose subtags are registered is a code (`nb-NO`, `en`, `zh-Hant-TW`); `english` is
 * not. Tags compare case-insensitively (RFC 5646 §2.1.1).
 */
export const BCP_47: CodeSystemProvider = {
  url: 'urn:ietf:bcp:47',
  aliases: [],
  name: 'BCP-47',
  title: 'Tags for Identifying Languages (BCP 47)',
  publisher: 'IETF',
  description: 'Language tags (RFC 5646) over the IANA Language Subtag Registry, validated by language-tags.',
  // The registry's own date (`File-Date`): the registry is the code system's content.
  version: tags.date(),
  source: 'language-tags, language-subtag-registry',
  caseSensitive: false,
  lookup(code) {
    const tag = tags(code);
    if (!tag.valid()) return undefined;
    return { code, display: display(tag) };
  },
};
