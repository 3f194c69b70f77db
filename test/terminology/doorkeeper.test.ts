import { Doorkeeper } from '../../server/http/doorkeeper';

describe('Doorkeeper', () => {
  it('says a key is new the first time and seen from the second time on', () => {
    const door = new Doorkeeper();
    expect(door.seen('/fhir/CodeSystem/$lookup?code=JAGD55')).toBe(false);
    expect(door.seen('/fhir/CodeSystem/$lookup?code=JAGD55')).toBe(true);
    expect(door.seen('/fhir/CodeSystem/$lookup?code=JAGD55')).toBe(true);
    expect(door.seen('/fhir/CodeSystem/$lookup?code=JAGD56')).toBe(false);
  });

  it('takes few new keys for seen: under 3% of 20,000 with the default size', () => {
    const door = new Doorkeeper();
    let falsePositives = 0;
    for (let i = 0; i < 20_000; i++) if (door.seen(`/fhir/ValueSet/$validate-code?code=K${i}&date=2014-01-01T00:00:${i}`)) falsePositives++;
    expect(falsePositives).toBeLessThan(600);
  });

  it('forgets everything after `resetAfter` new keys, so its false positives stay bounded', () => {
    const door = new Doorkeeper(1 << 10, 3);
    expect(door.seen('a')).toBe(false);
    expect(door.seen('b')).toBe(false);
    expect(door.seen('a')).toBe(true);
    expect(door.seen('c')).toBe(false); // the third new key: the filter starts empty again
    expect(door.seen('a')).toBe(false);
    expect(door.seen('a')).toBe(true);
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new Doorkeeper(1000)).toThrow(RangeError);
  });
});
