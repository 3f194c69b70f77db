/**
 * The one reader of FHIR `date`, `dateTime` and `instant` text (parameters, resource shapes, search, imports).
 *
 * The rule: a value is parsed strictly (a day that exists, hours 00–23, minutes and seconds 00–59 or a leap
 * second 60, an offset between -14:00 and +14:00). A partial date (`2021`, `2021-03`) stands for the first
 * instant of its period (`2021-01-01`, `2021-03-01`). A dateTime with a time and zone is an instant: it is
 * turned into the calendar date it falls on in Norway (Europe/Oslo), since NCMP versions change at midnight
 * Norwegian time; `2020-12-31T23:30:00-01:00` is 2021-01-01.
 */
// Built once: constructing an Intl.DateTimeFormat costs more than a whole code lookup.
const NORWAY_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });

const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** The rule above, in words, for README-like places (TerminologyCapabilities). */
export const DATE_RULE =
  'A date parameter is a FHIR date or dateTime: a partial date (2021, 2021-03) stands for the first day of its ' +
  'period; a dateTime with a time zone is turned into the calendar date in Norway (Europe/Oslo) before a version ' +
  'is chosen; an invalid date, time or offset is refused (400).';

export type FhirDateKind = 'date' | 'dateTime' | 'instant';

/** A parsed FHIR date/dateTime/instant. */
export interface FhirDate {
  /** The calendar date in Norway (`YYYY-MM-DD`); a partial date's first day. */
  date: string;
  /** Characters of precision in the date as written: 4 (year), 7 (month) or 10 (day or finer). */
  precision: 4 | 7 | 10;
  /** Whether the text had a time (and so a zone). */
  hasTime: boolean;
}

/** The last text `parseFhirDate` parsed, of what kind, and the result (a request's date is read twice: checked, then used). */
let lastParsed: { text: string; kind: FhirDateKind; parsed: Readonly<FhirDate> | undefined } = { text: '', kind: 'date', parsed: undefined };

/** Parses FHIR date/dateTime text strictly; `kind` narrows what is accepted. Undefined when invalid. */
export function parseFhirDate(text: string, kind: FhirDateKind = 'dateTime'): Readonly<FhirDate> | undefined {
  if (text === lastParsed.text && kind === lastParsed.kind) return lastParsed.parsed;
  const parsed = parseFhirDateOnce(text, kind);
  lastParsed = { text, kind, parsed };
  return parsed;
}

function parseFhirDateOnce(text: string, kind: FhirDateKind): FhirDate | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, , zone] = m;
  if (kind === 'date' && hh !== undefined) return undefined;
  if (kind === 'instant' && hh === undefined) return undefined;
  const year = Number(y);
  const month = Number(mo ?? '01');
  const day = Number(d ?? '01');
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  const precision = d !== undefined ? 10 : mo !== undefined ? 7 : 4;
  const calendar = `${y}-${mo ?? '01'}-${d ?? '01'}`;
  if (hh === undefined) return { date: calendar, precision, hasTime: false };
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 60) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zone!.slice(1, 3));
    const om = Number(zone!.slice(4, 6));
    if (om > 59 || oh > 14 || (oh === 14 && om !== 0)) return undefined;
    offsetMinutes = (zone![0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, Number(hh), Number(mi), Math.min(Number(ss), 59)) - offsetMinutes * 60_000;
  return { date: norwayDateOf(utc), precision: 10, hasTime: true };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The days of a month (1–12) of the proleptic Gregorian calendar, as `new Date(Date.UTC(year, month, 0))` counted
 * them before (which reads the years 0–99 as 1900–1999: year 0 has a 28-day February).
 */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  const y = year < 100 ? year + 1900 : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/**
 * Norway's calendar date for each UTC day asked (bounded): Intl formatting costs more than a whole lookup.
 * A day keeps the date of its first 20 hours and of each of its last four, where Norway's midnight falls.
 */
const NORWAY_DATES_BY_DAY = new Map<number, string[]>();
/** From 1900 on, Norway's offset from UTC is +1 or +2 hours: UTC hours 0–19 fall on the UTC date's own date there. */
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1900, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function norwayDateOf(utc: number): string {
  if (utc < WHOLE_HOUR_OFFSETS_FROM) return NORWAY_DATE.format(new Date(utc));
  const day = Math.floor(utc / DAY);
  let dates = NORWAY_DATES_BY_DAY.get(day);
  if (dates === undefined) {
    const start = day * DAY;
    dates = [NORWAY_DATE.format(new Date(start)), ...[20, 21, 22, 23].map((h) => NORWAY_DATE.format(new Date(start + h * HOUR)))];
    if (NORWAY_DATES_BY_DAY.size >= 20_000) NORWAY_DATES_BY_DAY.clear();
    NORWAY_DATES_BY_DAY.set(day, dates);
  }
  const hour = Math.floor((utc - day * DAY) / HOUR);
  return hour < 20 ? dates[0]! : dates[hour - 19]!;
}

/** Whether the text is a valid FHIR value of the kind. */
export function isFhirDate(text: unknown, kind: FhirDateKind = 'dateTime'): boolean {
  return typeof text === 'string' && parseFhirDate(text, kind) !== undefined;
}

/**
 * The calendar date in Norway a FHIR `date`/`dateTime` input stands for (`2021` → `2021-01-01`,
 * `2021-06` → `2021-06-01`, `2020-12-31T23:30:00-01:00` → `2021-01-01`). Undefined when invalid.
 */
export function toIsoDate(text: string): string | undefined {
  return parseFhirDate(text)?.date;
}

/** Whether `YYYY-MM-DD` is a day that exists. */
export function isRealDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && parseFhirDate(day, 'date') !== undefined;
}

/**
 * A day from a source file: `2021-01-01`, a dateTime (its Norwegian date), or Norwegian `01.01.2021`.
 * Undefined when it is none of these or not a day that exists.
 */
export function sourceDay(text: string): string | undefined {
  const norwegian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const candidate = norwegian ? `${norwegian[3]}-${norwegian[2]!.padStart(2, '0')}-${norwegian[1]!.padStart(2, '0')}` : text;
  const parsed = parseFhirDate(candidate);
  if (parsed) return parsed.precision === 10 ? parsed.date : undefined;
  // A spreadsheet's local date and time without a zone: the day as written.
  const local = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(text);
  return local && isRealDay(local[1]!) ? local[1] : undefined;
}


let memoSecond = -1;
let memoDate = '';

/** Today's date in Norway, where NCMP versions change at midnight on 1 January. */
export function todayInNorway(now?: Date): string {
  if (now) return NORWAY_DATE.format(now);
  // Asked on every request: formatted at most once a second.
  const second = Math.floor(Date.now() / 1000);
  if (second !== memoSecond) {
    memoDate = NORWAY_DATE.format(new Date(second * 1000));
    memoSecond = second;
  }
  return memoDate;
}

/** The day before an ISO date (`2021-01-01` → `2020-12-31`). */
export function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
