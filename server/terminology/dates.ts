const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The calendar date a FHIR `date`/`dateTime` input stands for (`2021` → `2021-01-01`, `2021-06` → `2021-06-01`,
 * a dateTime → its own date part as written). Undefined when the text is not a valid FHIR date or dateTime.
 */
export function toIsoDate(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', hh, mi] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  if (hh !== undefined && (Number(hh) > 23 || Number(mi) > 59)) return undefined;
  if (m[4] !== undefined && m[7] === undefined) return undefined; // a time needs a zone in FHIR dateTime
  return `${y}-${mo}-${d}`;
}

// Built once: constructing an Intl.DateTimeFormat costs more than a whole code lookup.
const NORWAY_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });

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
