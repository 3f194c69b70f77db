// NKPK, Norsk klinisk prosedyrekodeverk: NCMP, NCSP and NCRP together (DOMAIN.md §1–3). Not another name for NCMP:
// on a date, its codes are those of the NCMP, NCSP and NCRP versions in force, each from the version it came from.
import { PROJECT_BASE } from '../systems';
import { NATIONAL_CODE_LIST_TRAITS, type CodeSystemTraits } from './traits';
import type { StoredIdentifier } from '../../../db/schema';

export const NKPK_URL = 'urn:oid:2.16.578.1.12.4.1.1.7275';

/** The concept property that names the member version a union concept came from (its canonical `url|version`). */
export const MEMBER_VERSION_PROPERTY = 'memberVersion';

/**
 * A code system whose content on a date is the union of other systems' versions in force on that date. It is never
 * stored: the engine makes its versions from its members' (one per date on which a member's version changes), and
 * each concept carries `memberVersion`. The members' code shapes must never collide (a test checks every version).
 */
export interface UnionSystem extends CodeSystemTraits {
  key: string;
  url: string;
  name: string;
  title: string;
  publisher: string;
  description: string;
  identifiers: StoredIdentifier[];
  aliases: string[];
  /** Prefix of the resource ids of its versions (`nkpk` → `nkpk-2014`). */
  idPrefix: string;
  /** The primary urls of the member systems, in the order their codes are listed. */
  members: readonly string[];
  valueSetUrl: string;
}

const MEMBER_NAMES: Readonly<Record<string, string>> = {
  'urn:oid:2.16.578.1.12.4.1.1.7220': 'NCMP',
  'urn:oid:2.16.578.1.12.4.1.1.7210': 'NCSP',
  'urn:oid:2.16.578.1.12.4.1.1.7270': 'NCRP',
};

export const NKPK: UnionSystem = {
  ...NATIONAL_CODE_LIST_TRAITS,
  key: 'nkpk',
  url: NKPK_URL,
  name: 'NKPK',
  title: 'Norsk klinisk prosedyrekodeverk (NKPK: NCMP, NCSP og NCRP)',
  publisher: 'Direktoratet for e-helse / Helsedirektoratet',
  description:
    'The Norwegian clinical procedure codes: on a date, the codes of the NCMP, NCSP and NCRP versions in force then, ' +
    'each answered from the version it came from (its concept property memberVersion).',
  identifiers: [{ system: 'urn:ietf:rfc:3986', value: NKPK_URL }],
  aliases: ['http://ehelse.no/fhir/CodeSystem/no-kodeverk-7275', 'http://helsedir.no/fhir/CodeSystem/no-kodeverk-7275'],
  idPrefix: 'nkpk',
  // NCMP, NCSP, NCRP (the urls of ncmp.ts, ncsp.ts and ncrp.ts; written out here so that the modules do not import each other in a circle).
  members: Object.keys(MEMBER_NAMES),
  valueSetUrl: `${PROJECT_BASE}/ValueSet/nkpk`,
  conceptOrigin: (concept) => {
    const canonical = concept.properties.find((p) => p.code === MEMBER_VERSION_PROPERTY)?.valueString;
    if (!canonical) return undefined;
    const [url, version] = canonical.split('|');
    const name = MEMBER_NAMES[url ?? ''];
    return name ? `${name} ${version ?? ''} (${canonical})` : canonical;
  },
};
