// parseFhirDate turns a dateTime into its calendar date in Norway; the date of each UTC hour is kept (Norway's
// offset has been a whole number of hours since 1900). Checked against Intl for instants from 1880 to 2100,
// DST changes included, with offsets in minutes, on the first ask and from the kept dates alike.
import fc from 'fast-check';
import { parseFhirDate } from '../../server/terminology/dates';

const OSLO = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });
const two = (n: number): string => String(n).padStart(2, '0');

/** `instant` written as a FHIR dateTime in the zone `offsetMinutes` east of UTC. */
function written(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}${sign}${two(Math.floor(off / 60))}:${two(off % 60)}`;
}

describe('dateTime to the date in Norway', () => {
  it('agrees with Intl for any instant and offset, asked once or again', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1880, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (seconds, offset) => {
        const instant = seconds * 1000;
        const text = written(instant, offset);
        const expected = OSLO.format(new Date(instant));
        expect({ text, date: parseFhirDate(text)?.date }).toEqual({ text, date: expected });
        expect(parseFhirDate(text)?.date).toBe(expected);
      }),
      { numRuns: 3000, seed: 16 },
    );
  });

  it('changes date at midnight in Norway, summer and winter', () => {
    expect(parseFhirDate('2021-06-30T21:59:59Z')?.date).toBe('2021-06-30');
    expect(parseFhirDate('2021-06-30T22:00:00Z')?.date).toBe('2021-07-01');
    expect(parseFhirDate('2020-12-31T22:59:59Z')?.date).toBe('2020-12-31');
    expect(parseFhirDate('2020-12-31T23:00:00Z')?.date).toBe('2021-01-01');
    expect(parseFhirDate('2020-12-31T23:30:00-01:00')?.date).toBe('2021-01-01');
  });
});
