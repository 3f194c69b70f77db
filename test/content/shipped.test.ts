import type { CodeSystem, CodeSystemConcept, ConceptMap, ConceptMapGroupElementTarget } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_PACKAGE_DIR } from '../../server/content';
import { NCMP, SAERKODER } from '../../server/terminology/code-systems';
import { EFFECTIVE_PERIOD_EXT, MAPPING_VALIDITY_EXT, MAPPING_VALIDITY_NOTE_EXT, PROJECT_BASE, SOURCE_FILE_EXT } from '../../server/terminology/systems';

const NEW_2021 = ['AXDP05', 'JAGD55', 'MAFX11', 'OAEA00', 'OCAA00', 'RXGD50', 'RXGD55', 'WABA30', 'WMAA11'];
const TEXT_CHANGED_2021 = [
  'IBBA15', 'IBBA20', 'IBBB15', 'IBBB20', 'IBBD15', 'IBBD20', 'IBBE20', 'IBBH10', 'IBBH15', 'IEAA00', 'IEAA10',
  'IEAA20', 'IEAB20', 'IEAD00', 'IECC10', 'IECC15', 'IECC20', 'IECC25', 'JAGD50', 'OADC00', 'OBAB00', 'RXGD30',
  'WBGM90', 'WMAA10', 'WMGA28', 'WMGA42', 'WPBA10', 'WPBA15', 'WPBA20', 'WPBA25', 'WPBE00', 'WRBA20', 'WRBA21',
  'WRBA22', 'WRBA23', 'WRBA24',
];

interface Pair {
  source: string;
  target: ConceptMapGroupElementTarget;
}

function pairs(map: ConceptMap): Pair[] {
  return (map.group ?? []).flatMap((g) =>
    (g.element ?? []).flatMap((e) => (e.target ?? []).map((target) => ({ source: e.code ?? '', target }))),
  );
}

function targetsOf(map: ConceptMap, source: string): ConceptMapGroupElementTarget[] {
  return pairs(map).filter((p) => p.source === source).map((p) => p.target);
}

function conceptOf(cs: CodeSystem, code: string): CodeSystemConcept {
  const concept = (cs.concept ?? []).find((c) => c.code === code);
  if (!concept) throw new Error(`no concept ${code}`);
  return concept;
}

function propertyValues(concept: CodeSystemConcept, code: string): unknown[] {
  return (concept.property ?? [])
    .filter((p) => p.code === code)
    .map((p) => p.valueCode ?? p.valueString ?? p.valueBoolean ?? p.valueDateTime);
}

/** A resource of the shipped package, read from its file. */
function shipped<T>(file: string): T {
  return JSON.parse(readFileSync(join(SHIPPED_PACKAGE_DIR, file), 'utf8')) as T;
}
const ncmp2021Fragment = (): CodeSystem => shipped<CodeSystem>('CodeSystem-ncmp-2021.json');
const saerkodeToNcmpConceptMap = (): ConceptMap => shipped<ConceptMap>('ConceptMap-saerkode-to-ncmp.json');

describe('ConceptMap saerkode-to-ncmp', () => {
  const map = saerkodeToNcmpConceptMap();
  const all = pairs(map);

  it('has the agreed metadata', () => {
    expect(map).toMatchObject({
      id: 'saerkode-to-ncmp',
      url: `${PROJECT_BASE}/ConceptMap/saerkode-to-ncmp`,
      version: '2021',
      status: 'active',
      date: '2021-02-11',
      sourceUri: SAERKODER.valueSetUrl,
      targetUri: NCMP.valueSetUrl,
    });
    expect(map.name).toBeTruthy();
    expect(map.title).toBeTruthy();
    expect(map.publisher).toBeTruthy();
    expect(map.description).toContain('Endringsdokument for norsk utgave av NCMP');
    expect(map.group).toHaveLength(1);
    expect(map.group?.[0]?.source).toBe('urn:oid:2.16.578.1.12.4.1.1.7020');
    expect(map.group?.[0]?.target).toBe('urn:oid:2.16.578.1.12.4.1.1.7220');
  });

  it('holds 34 pairs over 27 særkoder, each særkode once', () => {
    const sources = (map.group?.[0]?.element ?? []).map((e) => e.code);
    expect(all).toHaveLength(34);
    expect(sources).toHaveLength(27);
    expect(new Set(sources).size).toBe(27);
    for (const s of sources) expect(s).toMatch(SAERKODER.codePattern);
  });

  it('maps B0014 to four targets, all narrower', () => {
    const targets = targetsOf(map, 'B0014');
    expect(targets.map((t) => t.code)).toEqual(['IBBA15', 'IBBB15', 'IBBD15', 'IBBH15']);
    for (const t of targets) expect(t.equivalence).toBe('narrower');
  });

  it('maps B0013 to four and B0009 to two narrower targets; every other særkode to one equivalent target', () => {
    expect(targetsOf(map, 'B0013').map((t) => t.code)).toEqual(['IBBA20', 'IBBB20', 'IBBD20', 'IBBE20']);
    expect(targetsOf(map, 'B0009').map((t) => t.code)).toEqual(['WPBA10', 'WPBA15']);
    for (const e of map.group?.[0]?.element ?? []) {
      const targets = e.target ?? [];
      const expected = targets.length > 1 ? 'narrower' : 'equivalent';
      for (const t of targets) expect(t.equivalence).toBe(expected);
    }
  });

  it('maps B0020 … B0024 one to one, in order, to WRBA20 … WRBA24', () => {
    for (let i = 0; i <= 4; i++) {
      expect(targetsOf(map, `B002${i}`).map((t) => t.code)).toEqual([`WRBA2${i}`]);
    }
  });

  it('dates A0093 → JAGD55 and A0094 → RXGD55 from 2021-01-01', () => {
    for (const [source, code] of [['A0093', 'JAGD55'], ['A0094', 'RXGD55']] as const) {
      const [target, ...rest] = targetsOf(map, source);
      expect(rest).toHaveLength(0);
      expect(target?.code).toBe(code);
      expect(target?.equivalence).toBe('equivalent');
      expect(target?.extension).toEqual([{ url: MAPPING_VALIDITY_EXT, valuePeriod: { start: '2021-01-01' } }]);
      expect(target?.comment).toContain('Replaced from 2021-01-01');
    }
  });

  it('invents no date for any other pair: a validity note instead of a validity period', () => {
    const others = all.filter((p) => p.source !== 'A0093' && p.source !== 'A0094');
    expect(others).toHaveLength(32);
    for (const { target } of others) {
      expect(target.extension?.some((x) => x.url === MAPPING_VALIDITY_EXT)).toBe(false);
      const notes = (target.extension ?? []).filter((x) => x.url === MAPPING_VALIDITY_NOTE_EXT);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.valueString).toMatch(/before 2021-01-01.*exact date is not stated in the source/);
      expect(target.comment).toMatch(/exact date is not stated in the source/);
      expect(JSON.stringify(target)).not.toMatch(/"(start|end)"/);
    }
  });

  it('says that B0018 and B0019 were folded into existing codes', () => {
    expect(targetsOf(map, 'B0018')[0]?.comment).toContain('folded into the existing NCMP code OBAB00');
    expect(targetsOf(map, 'B0019')[0]?.comment).toContain('folded into the existing NCMP code OADC00');
    expect(targetsOf(map, 'B0001')[0]?.comment).not.toContain('folded');
  });

  it('has NCMP-shaped target codes, each a concept of the 2021 fragment, with its 2021 text as display', () => {
    const fragment = ncmp2021Fragment();
    for (const { target } of all) {
      expect(target.code).toMatch(/^[A-Z]{4}[0-9]{2}$/);
      expect(target.display).toBe(conceptOf(fragment, target.code ?? '').display);
    }
  });

  it('gives every narrower target a comment (R4 invariant cmd-1) and leaves særkode displays absent', () => {
    for (const { target } of all) expect(target.comment).toBeTruthy();
    for (const e of map.group?.[0]?.element ?? []) expect(e.display).toBeUndefined();
  });

  it('answers the reverse question: IBBA15 replaced B0014', () => {
    expect(all.filter((p) => p.target.code === 'IBBA15').map((p) => p.source)).toEqual(['B0014']);
  });
});

describe('CodeSystem ncmp-2021 (fragment)', () => {
  const cs = ncmp2021Fragment();

  it('has the agreed metadata', () => {
    expect(cs).toMatchObject({
      id: 'ncmp-2021',
      url: 'urn:oid:2.16.578.1.12.4.1.1.7220',
      version: '2021',
      name: 'NCMP',
      status: 'active',
      content: 'fragment',
      hierarchyMeaning: 'is-a',
      caseSensitive: true,
    });
    expect(cs.title).toBeTruthy();
    expect(cs.identifier).toEqual([{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.578.1.12.4.1.1.7220' }]);
    expect(cs.extension?.[0]).toEqual({ url: EFFECTIVE_PERIOD_EXT, valuePeriod: { start: '2021-01-01' } });
    expect(cs.extension?.[1]?.url).toBe(SOURCE_FILE_EXT);
  });

  it('declares the concept properties with their types', () => {
    const types = Object.fromEntries((cs.property ?? []).map((p) => [p.code, p.type]));
    expect(types).toEqual({
      inactive: 'boolean',
      status: 'code',
      retirementDate: 'dateTime',
      notSelectable: 'boolean',
      parent: 'code',
      inclusion: 'string',
      exclusion: 'string',
      subText: 'string',
      note: 'string',
      changeType: 'code',
    });
    const uris = Object.fromEntries((cs.property ?? []).map((p) => [p.code, p.uri]));
    expect(uris['inactive']).toBe('http://hl7.org/fhir/concept-properties#inactive');
    expect(uris['status']).toBe('http://hl7.org/fhir/concept-properties#status');
    expect(uris['retirementDate']).toBe('http://hl7.org/fhir/concept-properties#retirementDate');
  });

  it('uses only declared properties, with the declared value type', () => {
    const declared = new Map((cs.property ?? []).map((p) => [p.code, p.type]));
    const valueKey = { boolean: 'valueBoolean', code: 'valueCode', string: 'valueString', dateTime: 'valueDateTime' };
    for (const c of cs.concept ?? []) {
      for (const p of c.property ?? []) {
        const type = declared.get(p.code);
        expect(type).toBeDefined();
        expect(Object.keys(p).filter((k) => k.startsWith('value'))).toEqual([valueKey[type as keyof typeof valueKey]]);
      }
    }
  });

  it('holds exactly the codes the change document names, once each', () => {
    const codes = (cs.concept ?? []).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...NEW_2021, 'ZWUU40', ...TEXT_CHANGED_2021].sort());
    for (const code of codes) expect(code).toMatch(/^[A-Z]{4}[0-9]{2}$/);
  });

  it('retires ZWUU40 from 2021-01-01, with the 11.02.2021 correction in its note', () => {
    const zwuu40 = conceptOf(cs, 'ZWUU40');
    expect(zwuu40.display).toBe('Bruk av telemedisin');
    expect(propertyValues(zwuu40, 'status')).toEqual(['retired']);
    expect(propertyValues(zwuu40, 'inactive')).toEqual([true]);
    expect(propertyValues(zwuu40, 'retirementDate')).toEqual(['2021-01-01']);
    expect(propertyValues(zwuu40, 'changeType')).toEqual(['retired']);
    const [note] = propertyValues(zwuu40, 'note');
    expect(note).toMatch(/^Bruk av telemedisin registreres ved bruk av administrative kodeverk/);
    expect(note).toContain('Korreksjon 11.02.2021: Bruk av telemedisin skal rapporteres');
  });

  it('has the 9 new codes, OAEA00 and OCAA00 as re-activated, none of them inactive', () => {
    for (const code of NEW_2021) {
      const concept = conceptOf(cs, code);
      const expected = code === 'OAEA00' || code === 'OCAA00' ? 'reactivated' : 'new';
      expect(propertyValues(concept, 'changeType')).toEqual([expected]);
      expect(propertyValues(concept, 'inactive')).toEqual([]);
      expect(propertyValues(concept, 'status')).toEqual([]);
    }
  });

  it('marks only ZWUU40 as inactive and every text change as such', () => {
    const inactive = (cs.concept ?? []).filter((c) => propertyValues(c, 'inactive').includes(true));
    expect(inactive.map((c) => c.code)).toEqual(['ZWUU40']);
    for (const code of TEXT_CHANGED_2021) {
      expect(propertyValues(conceptOf(cs, code), 'changeType')).toEqual(['text-changed']);
    }
  });

  it('gives every concept a display and a note, with clean text', () => {
    for (const c of cs.concept ?? []) {
      expect(c.display).toBeTruthy();
      expect(propertyValues(c, 'note')).toHaveLength(1);
      const texts = [c.display ?? '', ...(c.property ?? []).map((p) => p.valueString ?? '')];
      for (const text of texts) {
        expect(text).not.toContain('\uFFFD');
        expect(text).not.toContain('Ã');
        expect(text).not.toMatch(/ {2}|^\s|\s$/);
      }
    }
  });

  it('has the 2021 displays of the seed, lines broken by the PDF extraction joined', () => {
    const displays: Record<string, string> = {
      JAGD55: 'Pasientadministrert peritonealdialyse',
      JAGD50: 'Oppstart av peritonealdialyse',
      AXDP05: 'Video-hodeimpulstest (vHIT)',
      WMAA10: 'Tverrfaglig utredning av ukjent tilstand',
      OAEA00: 'Utarbeiding av ny (re)habiliteringsplan',
      IEAA20:
        'Testing og kartlegging med bruk av standardiserte verktøy med normert eller anbefalt tidsbruk 75 minutter ' +
        'eller mer, for vurdering av psykisk, rusrelatert eller avhengighetsrelatert tilstand',
      WPBA20:
        'Oppfølgings- og samarbeidssamtale per telefon, med kommunal helse- og omsorgstjeneste, barnevern, NAV, ' +
        'eller skole- og utdanningsrelatert virksomhet',
      OADC00:
        'Observasjon av pasientens funksjonsevne i sitt nærmiljø (hjem, barnehage, skole) og/eller miljøfaktorer',
      IECC25: 'Kontinuerlig legemiddelbehandling gjennom LAR – annen gjennomføringsform',
    };
    for (const [code, display] of Object.entries(displays)) expect(conceptOf(cs, code).display).toBe(display);
  });

  it('drops "Erstatter tidligere særkode" from the 2021 text of changed codes, but keeps it on the new ones', () => {
    for (const code of TEXT_CHANGED_2021) {
      const texts = (conceptOf(cs, code).property ?? []).filter((p) => p.code !== 'note').map((p) => p.valueString);
      expect(texts.join(' ')).not.toMatch(/særkode/i);
    }
    expect(propertyValues(conceptOf(cs, 'IBBA15'), 'subText')).toEqual([
      'For PHBU: Prosedyren kan registreres på barnet dersom barnet ikke er tilstede i behandlingen',
      'For bruk av denne koden, se årets kodeveiledning.',
    ]);
    expect(propertyValues(conceptOf(cs, 'JAGD55'), 'subText')).toEqual([
      'For bruk av denne koden, se ISF-regelverket. Erstatter tidligere særkode A0093.',
    ]);
  });

  it('splits inclusions, exclusions and sub-texts', () => {
    const iBBA15 = conceptOf(cs, 'IBBA15');
    expect(propertyValues(iBBA15, 'inclusion')).toEqual([
      'Samtalebaserte terapiretninger innen psykodynamisk terapi, kognitiv atferdsterapi eller tilsvarende behandlingsformer',
    ]);
    expect(propertyValues(iBBA15, 'exclusion')).toEqual([
      'motiverende intervju (IBBC00)',
      'mestringsorientert samtale (OBAA00)',
    ]);
    expect(propertyValues(conceptOf(cs, 'JAGD50'), 'inclusion')).toEqual([
      'Opplæring i bruk av medisinsk teknisk utstyr (WPCD00)',
    ]);
    expect(propertyValues(conceptOf(cs, 'JAGD50'), 'exclusion')).toEqual([]);
    expect(propertyValues(conceptOf(cs, 'WBGM90'), 'subText')).toEqual([]);
    expect(propertyValues(conceptOf(cs, 'WBGM90'), 'exclusion')).toHaveLength(3);
  });
});
