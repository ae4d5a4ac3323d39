import { describe, expect, it } from 'vitest';
import { ReverseDnsCache } from './reverse-dns';

describe('ReverseDnsCache', () => {
  it('caches answers and failures, and asks once for concurrent lookups', async () => {
    const asked: string[] = [];
    const cache = new ReverseDnsCache(async (a) => {
      asked.push(a);
      if (a === '192.0.2.1') throw new Error('ENOTFOUND');
      return ['host.example'];
    });
    expect(await Promise.all([cache.resolve('127.0.0.1'), cache.resolve('127.0.0.1')])).toEqual([
      'host.example',
      'host.example',
    ]);
    expect(await cache.resolve('192.0.2.1')).toBeNull();
    expect(await cache.resolve('192.0.2.1')).toBeNull();
    expect(asked).toEqual(['127.0.0.1', '192.0.2.1']);
  });

  it('gives up after the timeout instead of blocking', async () => {
    const cache = new ReverseDnsCache(() => new Promise(() => undefined), 60_000, 10, 50);
    expect(await cache.resolve('10.0.0.1')).toBeNull();
  });

  it('stays within its size bound', async () => {
    const asked: string[] = [];
    const cache = new ReverseDnsCache(
      async (a) => {
        asked.push(a);
        return [a];
      },
      60_000,
      2,
    );
    await cache.resolve('a');
    await cache.resolve('b');
    await cache.resolve('c');
    await cache.resolve('a');
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
