import { Lru } from '../../server/terminology/lru';

describe('Lru', () => {
  it('keeps at most `capacity` entries and evicts the least recently used', () => {
    const lru = new Lru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.size).toBe(2);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });

  it('with a weight budget, evicts the oldest entries until the total fits', () => {
    const lru = new Lru<string>(100, { maxWeight: 10, weigh: (_k, v) => v.length });
    lru.set('a', 'xxxx');
    lru.set('b', 'xxxx');
    expect(lru.weight).toBe(8);
    lru.set('c', 'xxxx');
    expect(lru.get('a')).toBeUndefined();
    expect([lru.get('b'), lru.get('c')]).toEqual(['xxxx', 'xxxx']);
    expect(lru.weight).toBe(8);
  });

  it('does not keep an entry heavier than the whole budget, and drops the old value of its key', () => {
    const lru = new Lru<string>(100, { maxWeight: 10, weigh: (_k, v) => v.length });
    lru.set('a', 'xx');
    lru.set('b', 'yy');
    lru.set('a', 'z'.repeat(11));
    expect(lru.get('a')).toBeUndefined();
    expect(lru.get('b')).toBe('yy');
    expect(lru.weight).toBe(2);
  });

  it('keeps the weight right when an entry is replaced or deleted', () => {
    const lru = new Lru<string>(100, { maxWeight: 100, weigh: (_k, v) => v.length });
    lru.set('a', 'xxx');
    lru.set('a', 'xxxxx');
    expect(lru.weight).toBe(5);
    lru.delete('a');
    lru.delete('missing');
    expect(lru.weight).toBe(0);
    expect(lru.size).toBe(0);
  });
});

describe('Lru eviction order over many evictions', () => {
  it('always evicts the least recently used, whatever was read, replaced or deleted in between', () => {
    // A reference LRU with an array, against the Map-backed one, over a long seeded sequence of operations.
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 16807) % 2147483647;
      return seed % n;
    };
    const lru = new Lru<number>(20);
    let order: string[] = [];
    for (let step = 0; step < 20_000; step++) {
      const key = `k${next(60)}`;
      const op = next(10);
      if (op < 5) {
        lru.set(key, step);
        order = [...order.filter((k) => k !== key), key];
        if (order.length > 20) order = order.slice(order.length - 20);
      } else if (op < 9) {
        const had = order.includes(key);
        expect(lru.get(key) !== undefined).toBe(had);
        if (had) order = [...order.filter((k) => k !== key), key];
      } else {
        lru.delete(key);
        order = order.filter((k) => k !== key);
      }
      expect(lru.size).toBe(order.length);
    }
    for (const key of order) expect(lru.get(key)).toBeDefined();
  });
});
