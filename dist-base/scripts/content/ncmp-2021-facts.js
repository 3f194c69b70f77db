"use strict";
/**
 * The facts of the official NCMP change document 2020→2021 ("Endringsdokument for norsk utgave av NCMP
 * gjeldende fra 31/12-2020 til 31/12-2021", Direktoratet for e-helse, 11.02.2021; seed 000), in data form.
 *
 * Texts are transcribed from the PDF extraction: lines the extraction broke are joined, runs of blanks are
 * collapsed, and everything else (spelling, punctuation, typos) is kept as the document prints it. The
 * document marks new text in blue and removed text in red strike-through; the extraction lost the colours, so
 * where it matters the decision taken is documented on the concept.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.SAERKODE_SUCCESSION_2021 = exports.NCMP_2021_CHANGES = exports.PROJECT_PUBLISHER = exports.NCMP_CHANGE_DOCUMENT_2021 = void 0;
/** The change document itself: the source every shipped 2021 fact cites. */
exports.NCMP_CHANGE_DOCUMENT_2021 = {
    title: 'Endringsdokument for norsk utgave av NCMP gjeldende fra 31/12-2020 til 31/12-2021',
    shortName: 'NCMP change document 2021',
    publisher: 'Direktoratet for e-helse',
    /** The document's date (it was issued, with the ZWUU40 correction, on 11.02.2021). */
    date: '2021-02-11',
    /** "endringer ... som innføres fra 1. januar 2021". */
    effectiveFrom: '2021-01-01',
};
/** Publisher of the artefacts this project authors itself (ConceptMaps), as opposed to the code systems. */
exports.PROJECT_PUBLISHER = 'ncmp-terminology-server project';
const USE_GUIDE = 'For bruk av denne koden, se årets kodeveiledning.';
const USE_GUIDE_SHORT = 'For bruk av koden, se årets kodeveiledning.';
const ABOUT_GUIDE = 'Om bruk av denne koden, se årets kodeveiledning.';
const SAERKODE_REFERENCE_REMOVED = 'Henvisning til tidligere særkoder fjernes fra 2021.';
const PHBU = 'For PHBU: Prosedyren kan registreres på barnet dersom barnet ikke er tilstede i behandlingen';
const REACTIVATED_NOTE = 'Koden ble tatt ut av bruk fra 1/1-20. Den er ønsket benyttet i pakkeforløp for hjerneslag. ' +
    'Settes aktiv igjen med samme bruksområde og uendret kodetegn og-tekst';
const OUTSIDE_SERVICES = 'Samarbeid med kommunal helse- og omsorgstjeneste, barnevern, NAV eller skole- og utdanningsrelatert ' +
    'virksomhet. Møte som beskrevet er hovedformålet med kontakten, og kan gjennomføres som videomøte.';
const PSYCHOTHERAPY_INCLUSION = 'Samtalebaserte terapiretninger innen psykodynamisk terapi, kognitiv atferdsterapi eller tilsvarende behandlingsformer';
/** "Erstatter tidligere særkode X." as the previous text of a code put it. */
function replaces(saerkode, sentence = 'Erstatter tidligere særkode') {
    return `${sentence} ${saerkode}.`;
}
/**
 * Every code the change document names, in document order: the new (and re-activated) codes, the retired
 * code, and the codes whose text changed. Codes that appear only inside another code's text (`IBBC00`,
 * `WPCD00`, `WPBE55`, …) are not listed: the document says nothing about them.
 */
exports.NCMP_2021_CHANGES = [
    // ── Nye koder som innføres ──────────────────────────────────────────────────────────────────────
    {
        code: 'AXDP05',
        changeType: 'new',
        display: 'Video-hodeimpulstest (vHIT)',
        subTexts: ['Høyhastighetsvideo for måling av vestibulær refleks ved raske hodebevegelser.'],
        // The document writes "… hodebevegelser. Inkl. tolking av videoopptak." on one line: an inclusion.
        inclusions: ['tolking av videoopptak.'],
        note: 'Innføres etter ønske fra Helse Bergen',
    },
    {
        code: 'JAGD55',
        changeType: 'new',
        display: 'Pasientadministrert peritonealdialyse',
        // New in 2021, so the reference to the særkode it replaces is part of its 2021 text.
        subTexts: ['For bruk av denne koden, se ISF-regelverket. Erstatter tidligere særkode A0093.'],
        note: 'Helsedirektoratet ønsker at tidligere særkode A0093 blir erstattet av en ordinær prosedyrekode',
    },
    {
        code: 'MAFX11',
        changeType: 'new',
        display: 'Laktatmåling i fosterskalp',
        note: 'Vi har allerede kode for måling av pH i fosterskap. Ny kode for å dekke også denne prøvetakingen',
    },
    {
        code: 'OAEA00',
        changeType: 'reactivated',
        display: 'Utarbeiding av ny (re)habiliteringsplan',
        note: REACTIVATED_NOTE,
    },
    {
        code: 'OCAA00',
        changeType: 'reactivated',
        display: 'Revidering av (re)habiliteringsplan',
        note: REACTIVATED_NOTE,
    },
    {
        code: 'RXGD50',
        changeType: 'new',
        display: 'Oppstart av pasientadministrert hemodialyse',
        inclusions: ['opplæring i bruk av medisinsk teknisk utstyr'],
        // The note continues on the document's second page.
        note: 'Det finnes allerede tilsvarende kode for oppstart av pasientadministrert peritonealdialyse, og det er ' +
            'naturlig at det også er tilsvarende oppstartskode for pasientadministrert hemodialyse',
    },
    {
        code: 'RXGD55',
        changeType: 'new',
        display: 'Pasientadministrert hemodialyse',
        subTexts: ['For bruk av denne koden, se ISF-regelverket. Erstatter tidligere særkode A0094'],
        note: 'Helsedirektoratet ønsker at tidligere særkode A0094 blir erstattet av en ordinær prosedyrekode',
    },
    {
        code: 'WABA30',
        changeType: 'new',
        display: 'Isolering på grunn av strålevernhensyn',
        note: 'Ny kode for isolasjonstiltak til bruk når pasienten er behandlet med radioaktivt legemiddel, eller har ' +
            'vært utsatt for radioaktiv eksponering som kan gi fare for omgivelsene.',
    },
    {
        code: 'WMAA11',
        changeType: 'new',
        display: 'Tverrfaglig vurdering av kjent tilstand',
        subTexts: ['Se ISF-regelverket for bruk av denne koden.'],
        exclusions: ['Tverrfaglig utredning av ukjent tilstand (WMAA10)'],
        note: 'Ny kode for rapportering av tverrfaglig vurdering når pasienten har en kjent diagnose, og følges opp ' +
            'tverrfaglig. Opprettes etter ønske fra Helsedirektoratet.',
    },
    // ── Koder som utgår ─────────────────────────────────────────────────────────────────────────────
    {
        code: 'ZWUU40',
        changeType: 'retired',
        display: 'Bruk av telemedisin',
        note: 'Bruk av telemedisin registreres ved bruk av administrative kodeverk (OID 8434, og som indirekte ' +
            'aktivitet (OID=8454) Koden er derfor overflødig som prosedyrekode\n' +
            'Korreksjon 11.02.2021: Bruk av telemedisin skal rapporteres i henhold til bestemmelsene i årets ' +
            'ISF-regelverk. Kontakttype og sted for aktivitet avhenger av hvilken type helsehjelp det er snakk om.',
    },
    // ── Tekstendringer i eksisterende koder ─────────────────────────────────────────────────────────
    {
        code: 'IBBA15',
        changeType: 'text-changed',
        display: 'Psykoterapi, familiebehandling',
        inclusions: [PSYCHOTHERAPY_INCLUSION],
        subTexts: [PHBU, USE_GUIDE],
        exclusions: ['motiverende intervju (IBBC00)', 'mestringsorientert samtale (OBAA00)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0014')],
    },
    {
        code: 'IBBA20',
        changeType: 'text-changed',
        display: 'Psykoterapi, gruppebehandling',
        inclusions: [PSYCHOTHERAPY_INCLUSION],
        subTexts: [USE_GUIDE],
        exclusions: ['motiverende intervju (IBBC00)', 'mestringsorientert samtale (OBAA00)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0013')],
    },
    {
        code: 'IBBB15',
        changeType: 'text-changed',
        display: 'Psykoedukativ behandling, familiebehandling',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0014')],
    },
    {
        code: 'IBBB20',
        changeType: 'text-changed',
        display: 'Psykoedukativ behandling, gruppebehandling',
        subTexts: [USE_GUIDE],
        exclusions: ['grupperettet pasientopplæring (A0099)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0013')],
    },
    {
        code: 'IBBD15',
        changeType: 'text-changed',
        display: 'Annen kunnskapsbasert terapiform, familiebehandling',
        subTexts: [USE_GUIDE, PHBU],
        exclusions: ['psykoterapi, familiebehandling (IBBA15)', 'psykoedukativ behandling, familiebehandling (IBBB15)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0014')],
    },
    {
        code: 'IBBD20',
        changeType: 'text-changed',
        display: 'Annen kunnskapsbasert terapiform, gruppebehandling',
        subTexts: [USE_GUIDE],
        exclusions: ['psykoterapi, gruppebehandling (IBBA20)', 'psykoedukativ behandling, gruppebehandling (IBBB20)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0013')],
    },
    {
        code: 'IBBE20',
        changeType: 'text-changed',
        display: 'Musikkterapi, gruppebehandling',
        subTexts: ['Utføres av musikkterapeut med godkjent femårig høyere utdanning i musikkterapi.', USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        // The document prints this one without a full stop.
        removedIn2021: ['Erstatter tidligere særkode B0013'],
    },
    {
        code: 'IBBH10',
        changeType: 'text-changed',
        display: 'Terapeutassistert eksponeringsterapi',
        // One sub-text: the list only means something under its lead-in.
        subTexts: [
            'Koden skal kun anvendes når behandlingen:\n' +
                '- er del av strukturert og planlagt eksponeringsterapi\n' +
                '- har varighet på minimum 60 minutter\n' +
                '- gjennomføres i kontekster der pasientens problemer utspiller seg',
            USE_GUIDE,
        ],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0007')],
    },
    {
        code: 'IBBH15',
        changeType: 'text-changed',
        display: 'Familiebasert behandling spesifikt for spiseforstyrrelser',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0014')],
    },
    {
        code: 'IEAA00',
        changeType: 'text-changed',
        display: 'Strukturert poliklinisk dagtilbud, hovedsakelig diagnostisk formål',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0005')],
    },
    {
        code: 'IEAA10',
        changeType: 'text-changed',
        display: 'Strukturert poliklinisk dagtilbud, hovedsakelig terapeutisk formål',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0006')],
    },
    {
        code: 'IEAA20',
        changeType: 'text-changed',
        display: 'Testing og kartlegging med bruk av standardiserte verktøy med normert eller anbefalt tidsbruk 75 minutter ' +
            'eller mer, for vurdering av psykisk, rusrelatert eller avhengighetsrelatert tilstand',
        subTexts: [
            'Tidskravet gjelder innenfor samme kontakt. I tilfeller der testingen fordeles over to eller flere separate ' +
                'kontakter som hver har tidsbruk <75 minutter registreres disse hver for seg uten denne koden.',
            USE_GUIDE,
        ],
        inclusions: ['bruk av standardiserte verktøy for utredning av demens.'],
        exclusions: ['kognitiv utredning ved hjelp av standardiserte verktøy og varighet <75 minutter (IAAJ00)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0012')],
    },
    {
        code: 'IEAB20',
        changeType: 'text-changed',
        display: 'Gjennomført nettbasert behandlingsprogram',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0017')],
    },
    {
        code: 'IEAD00',
        changeType: 'text-changed',
        display: 'Behandling og oppfølging gjennom ACT-team eller liknende ambulant oppsøkende behandlingsteam',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0016')],
    },
    {
        code: 'IECC10',
        changeType: 'text-changed',
        display: 'Kontinuerlig legemiddelbehandling gjennom LAR - utlevering og inntak i spesialistpoliklinikk',
        subTexts: [
            'Hvis bruk av injeksjonspreparat: legg til kode for type injeksjon fra WBGM + ATC-kode for benyttet preparat',
            USE_GUIDE,
        ],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0003')],
    },
    {
        code: 'IECC15',
        changeType: 'text-changed',
        display: 'Kontinuerlig legemiddelbehandling gjennom LAR - utlevering og inntak i apotek',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0001')],
    },
    {
        code: 'IECC20',
        changeType: 'text-changed',
        display: 'Kontinuerlig legemiddelbehandling gjennom LAR - utlevering og inntak i regi av kommunal tjeneste',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0002')],
    },
    {
        code: 'IECC25',
        changeType: 'text-changed',
        // The document writes an en dash here, a hyphen in IECC10/15/20: kept as printed.
        display: 'Kontinuerlig legemiddelbehandling gjennom LAR – annen gjennomføringsform',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0004')],
    },
    {
        code: 'JAGD50',
        changeType: 'text-changed',
        display: 'Oppstart av peritonealdialyse',
        // Printed "Ekskl:  Inkl.: Opplæring i bruk av medisinsk teknisk utstyr (WPCD00)" with the note
        // "Korreksjon av undertekst": the exclusion became an inclusion. Whether "(WPCD00)" was struck through
        // cannot be seen in the extraction, so it is kept as printed.
        inclusions: ['Opplæring i bruk av medisinsk teknisk utstyr (WPCD00)'],
        note: 'Korreksjon av undertekst',
        removedIn2021: ['Ekskl:'],
    },
    {
        code: 'OADC00',
        changeType: 'text-changed',
        display: 'Observasjon av pasientens funksjonsevne i sitt nærmiljø (hjem, barnehage, skole) og/eller miljøfaktorer',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0019')],
    },
    {
        code: 'OBAB00',
        changeType: 'text-changed',
        display: 'Veiledet og instruert fysisk trening knyttet til motorikk og/eller kondisjon',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0018')],
    },
    {
        code: 'RXGD30',
        changeType: 'text-changed',
        display: 'Hemofiltrasjon',
        // A bare second line; read as a sub-text added to clarify the scope (note: "Presisering av bruksområdet").
        subTexts: ['Ultrafiltrasjon'],
        note: 'Presisering av bruksområdet',
    },
    {
        code: 'WBGM90',
        changeType: 'text-changed',
        display: 'Intravenøs trombolysebehandling',
        exclusions: [
            'bildeveiledet intrakraniell endovaskulær trombolyse (AAT11B)',
            'bildeveiledete intervensjoner på arterier (inkl. trombolyse): Se Kapittel P',
            'bildeveiledede intervensjoner på vener (inkl. trombolyse) (PHx)',
        ],
        note: 'Henvisning til tidligere særkoder fjernes fra 2021. WBGM har merknad om tillegg av ATC-kode på ' +
            'kategorinivå, og det er derfor unødvendig å ha det samme på kodenivå.',
        // Both sentences of the sub-text line go, per the note.
        removedIn2021: ['Tidligere særkode 1XX01 utgår.', 'Angi om ønskelig ATC-kode for benyttet legemiddel.'],
    },
    {
        code: 'WMAA10',
        changeType: 'text-changed',
        display: 'Tverrfaglig utredning av ukjent tilstand',
        subTexts: ['Utredning av ikke tidligere diagnostisert tilstand', 'Se ISF-regelverket for bruk av denne koden.'],
        exclusions: ['Tverrfaglig vurdering av kjent tilstand (WMAA11)'],
        note: 'Endring av kodetekst og undertekst for presisering av bruksområdet',
    },
    {
        code: 'WMGA28',
        changeType: 'text-changed',
        display: 'Digital, skjemabasert pasientoppfølging og monitorering basert på pasientrapporterte utfallsmål (PRO)',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0028')],
    },
    {
        code: 'WMGA42',
        changeType: 'text-changed',
        display: 'Fjernmonitorering eller asynkron telemedisinsk oppfølging av andre tilstander',
        subTexts: [USE_GUIDE],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0042')],
    },
    {
        code: 'WPBA10',
        changeType: 'text-changed',
        display: 'Oppfølgings- og samarbeidsmøte med tjenester utenfor spesialisthelsetjenesten, uten pasient, foreldre ' +
            'eller pårørende tilstede',
        subTexts: [OUTSIDE_SERVICES, USE_GUIDE_SHORT],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0009', 'Koden erstatter tidligere særkode')],
    },
    {
        code: 'WPBA15',
        changeType: 'text-changed',
        display: 'Oppfølgings- og samarbeidsmøte med tjenester utenfor spesialisthelsetjenesten, med pasient, foreldre ' +
            'eller pårørende tilstede',
        // Printed "Inkl. ansvarsgruppemøte." (no colon): an inclusion line all the same.
        inclusions: ['ansvarsgruppemøte.'],
        subTexts: [OUTSIDE_SERVICES, USE_GUIDE_SHORT],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0009', 'Koden erstatter tidligere særkode')],
    },
    {
        code: 'WPBA20',
        changeType: 'text-changed',
        display: 'Oppfølgings- og samarbeidssamtale per telefon, med kommunal helse- og omsorgstjeneste, barnevern, NAV, ' +
            'eller skole- og utdanningsrelatert virksomhet',
        subTexts: [
            'Rapporteres bare i tilknytning til indirekte kontakt. Kan gjennomføres som asynkron elektronisk dialog.',
            'Kan ikke rapporteres for korte samtaler med formål å avtale ny kontakt.',
            USE_GUIDE_SHORT,
        ],
        exclusions: ['videokonsultasjon, se ISF-regelverket'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0010', 'Koden erstatter tidligere særkode')],
    },
    {
        code: 'WPBA25',
        changeType: 'text-changed',
        display: 'Konsultasjon med pårørende eller andre nærstående personer, uten pasienten tilstede',
        subTexts: ['Koden kan kun benyttes når aktiviteten gjelder én enkelt pasient', USE_GUIDE_SHORT],
        exclusions: [
            'strukturert kartlegging av mindreårige barns situasjon (WMFE15)',
            // Printed "(WPBE55 WPBE00)": one struck, one added. WPBE00 is the code whose text this is (see WPBE00).
            'samtale med barn under 18 år om foreldres eller søskens helsetilstand (WPBE00)',
            'oppfølgings- og samarbeidsmøte med andre tjenester (se WPBA)',
        ],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: ['Erstatter tidligere særkode B0008.', 'WPBE55'],
    },
    {
        code: 'WPBE00',
        changeType: 'text-changed',
        display: 'Samtale med barn under 18 år om foreldres eller søskens helsetilstand',
        exclusions: ['Konsultasjon med pårørende eller andre nærstående personer, uten pasienten tilstede (WPBA25)'],
        note: 'Eksklusjon lagt til for å presisere bruksområdet',
    },
    {
        code: 'WRBA20',
        changeType: 'text-changed',
        display: 'Døgnbehandling i palliativ enhet',
        // "åres" [sic]: the document's typo for "årets", kept as printed.
        subTexts: ['Om bruk av denne koden, se åres kodeveiledning.'],
        exclusions: ['behandling i regi av palliativ enhet i annen avdeling (WRBA21)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: ['Erstatter tidligere særkode B0020'],
    },
    {
        code: 'WRBA21',
        changeType: 'text-changed',
        display: 'Palliativ behandling av innlagt pasient, i regi av palliativt senter',
        subTexts: [ABOUT_GUIDE],
        exclusions: ['døgnbehandling i palliativ enhet (WRBA20)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0021')],
    },
    {
        code: 'WRBA22',
        changeType: 'text-changed',
        display: 'Ambulant dagbehandling i regi av palliativt senter',
        subTexts: [ABOUT_GUIDE],
        exclusions: [
            'døgnbehandling i palliativ enhet (WRBA20)',
            'palliativ behandling av innlagt pasient, i regi av palliativt senter (WRBA21)',
        ],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0022')],
    },
    {
        code: 'WRBA23',
        changeType: 'text-changed',
        display: 'Poliklinisk palliativ behandling i regi av palliativt senter',
        subTexts: [ABOUT_GUIDE],
        exclusions: [
            'døgnbehandling i palliativ enhet (WRBA20)',
            'palliativ behandling av innlagt pasient, i regi av palliativt senter (WRBA21)',
        ],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0023')],
    },
    {
        code: 'WRBA24',
        changeType: 'text-changed',
        display: 'Rådgivning og samarbeid mellom palliativt senter og kommunal helse- og omsorgstjeneste',
        subTexts: [ABOUT_GUIDE],
        exclusions: ['oppfølgings- og samarbeidsmøte med tjenester utenfor spesialisthelsetjenesten (WPBA10, WPBA15)'],
        note: SAERKODE_REFERENCE_REMOVED,
        removedIn2021: [replaces('B0024')],
    },
];
const BEFORE_2021 = { kind: 'before', before: exports.NCMP_CHANGE_DOCUMENT_2021.effectiveFrom };
const FROM_2021 = { kind: 'from', start: exports.NCMP_CHANGE_DOCUMENT_2021.effectiveFrom };
/**
 * The særkode → NCMP succession the change document states (DOMAIN.md §7): 34 pairs over 27 særkoder.
 * A0093/A0094 are replaced from 2021-01-01 by the new codes JAGD55/RXGD55. For every other pair the document
 * only removes the reference to the særkode from the code text, so the succession was in force before 2021
 * (B0001–B0006 were still særkoder in 2017); its date is not in the source and is not invented here.
 */
exports.SAERKODE_SUCCESSION_2021 = [
    { saerkode: 'A0093', successors: ['JAGD55'], inForce: FROM_2021 },
    { saerkode: 'A0094', successors: ['RXGD55'], inForce: FROM_2021 },
    { saerkode: '1XX01', successors: ['WBGM90'], inForce: BEFORE_2021 },
    { saerkode: 'B0001', successors: ['IECC15'], inForce: BEFORE_2021 },
    { saerkode: 'B0002', successors: ['IECC20'], inForce: BEFORE_2021 },
    { saerkode: 'B0003', successors: ['IECC10'], inForce: BEFORE_2021 },
    { saerkode: 'B0004', successors: ['IECC25'], inForce: BEFORE_2021 },
    { saerkode: 'B0005', successors: ['IEAA00'], inForce: BEFORE_2021 },
    { saerkode: 'B0006', successors: ['IEAA10'], inForce: BEFORE_2021 },
    { saerkode: 'B0007', successors: ['IBBH10'], inForce: BEFORE_2021 },
    { saerkode: 'B0008', successors: ['WPBA25'], inForce: BEFORE_2021 },
    { saerkode: 'B0009', successors: ['WPBA10', 'WPBA15'], inForce: BEFORE_2021 },
    { saerkode: 'B0010', successors: ['WPBA20'], inForce: BEFORE_2021 },
    { saerkode: 'B0012', successors: ['IEAA20'], inForce: BEFORE_2021 },
    { saerkode: 'B0013', successors: ['IBBA20', 'IBBB20', 'IBBD20', 'IBBE20'], inForce: BEFORE_2021 },
    { saerkode: 'B0014', successors: ['IBBA15', 'IBBB15', 'IBBD15', 'IBBH15'], inForce: BEFORE_2021 },
    { saerkode: 'B0016', successors: ['IEAD00'], inForce: BEFORE_2021 },
    { saerkode: 'B0017', successors: ['IEAB20'], inForce: BEFORE_2021 },
    { saerkode: 'B0018', successors: ['OBAB00'], inForce: BEFORE_2021, foldedIntoExistingCode: true },
    { saerkode: 'B0019', successors: ['OADC00'], inForce: BEFORE_2021, foldedIntoExistingCode: true },
    { saerkode: 'B0020', successors: ['WRBA20'], inForce: BEFORE_2021 },
    { saerkode: 'B0021', successors: ['WRBA21'], inForce: BEFORE_2021 },
    { saerkode: 'B0022', successors: ['WRBA22'], inForce: BEFORE_2021 },
    { saerkode: 'B0023', successors: ['WRBA23'], inForce: BEFORE_2021 },
    { saerkode: 'B0024', successors: ['WRBA24'], inForce: BEFORE_2021 },
    { saerkode: 'B0028', successors: ['WMGA28'], inForce: BEFORE_2021 },
    { saerkode: 'B0042', successors: ['WMGA42'], inForce: BEFORE_2021 },
];
//# sourceMappingURL=ncmp-2021-facts.js.map