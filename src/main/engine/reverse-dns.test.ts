import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ReverseDnsCache, type ReverseResolver } from './reverse-dns';

function fakeResolver(answer: (address: string) => Promise<string[]>) {
  const asked: string[] = [];
  const resolver: ReverseResolver = {
    reverse: (address: string) => {
      asked.push(address);
      return answer(address);
    },
    cancel: () => undefined,
  };
  return { asked, resolver };
}

/** A DNS server on loopback that receives queries and never answers. */
async function silentDnsServer(): Promise<{ socket: Socket; port: number; queries: () => number }> {
  const socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', () => queries++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port, queries: () => queries };
}

let server: Awaited<ReturnType<typeof silentDnsServer>> | null = null;
afterEach(() => {
  server?.socket.close();
  server = null;
});

describe('ReverseDnsCache', () => {
  it('caches answers and failures, and asks once for concurrent lookups', async () => {
    const { asked, resolver } = fakeResolver(async (a) => {
      if (a === '192.0.2.1') throw new Error('ENOTFOUND');
      return ['host.example'];
    });
    const cache = new ReverseDnsCache({ resolver });
    expect(await Promise.all([cache.resolve('127.0.0.1'), cache.resolve('127.0.0.1')])).toEqual([
      'host.example',
      'host.example',
    ]);
    expect(await cache.resolve('192.0.2.1')).toBeNull();
    expect(await cache.resolve('192.0.2.1')).toBeNull();
    expect(asked).toEqual(['127.0.0.1', '192.0.2.1']);
  });

  it('gives up after the resolver timeout and tries, and the query stops there', async () => {
    server = await silentDnsServer();
    const resolver = new Resolver({ timeout: 100, tries: 2 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
    const cache = new ReverseDnsCache({ resolver });
    expect(await cache.resolve('192.0.2.7')).toBeNull();
    // Two tries reached the server, and nothing was left retrying after the answer.
    const afterGivingUp = server.queries();
    expect(afterGivingUp).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.queries()).toBe(afterGivingUp);
  });

  it('cancels lookups in flight on dispose', async () => {
    server = await silentDnsServer();
    // A timeout far beyond the test's: only the cancel can end this lookup in time.
    const resolver = new Resolver({ timeout: 120_000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
    const cache = new ReverseDnsCache({ resolver });
    const pending = cache.resolve('192.0.2.8');
    await new Promise<void>((resolve) => server?.socket.once('message', () => resolve()));
    cache.dispose();
    expect(await pending).toBeNull();
  });

  it('evicts the least recently used address, not the oldest', async () => {
    const { asked, resolver } = fakeResolver(async (a) => [a]);
    const cache = new ReverseDnsCache({ resolver, maxEntries: 2 });
    await cache.resolve('a');
    await cache.resolve('b');
    await cache.resolve('a'); // a is now the most recently used
    await cache.resolve('c'); // evicts b
    await cache.resolve('a');
    await cache.resolve('b');
    expect(asked).toEqual(['a', 'b', 'c', 'b']);
  });
});
