/** Remote host names through the store's actions (issue 9): what is asked, what is remembered, what is said. */
import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, NetScopeApi } from '../../shared/api';
import { createNetScopeStore } from './store';
import { FakeApi } from './test-helpers';

const withResolver = (resolveHost: NetScopeApi['resolveHost']) =>
  createNetScopeStore({ ...new FakeApi().asApi(), resolveHost }, null);

/** A resolver whose answers the test gives, one address at a time. */
function heldResolver() {
  const pending = new Map<string, (r: ApiResult<string | null>) => void>();
  const fail = new Map<string, (e: Error) => void>();
  const resolveHost = vi.fn(
    (address: string) =>
      new Promise<ApiResult<string | null>>((answer, reject) => {
        pending.set(address, answer);
        fail.set(address, reject);
      }),
  );
  return { resolveHost, pending, fail };
}

describe('resolveVisible', () => {
  it('never asks for the unspecified addresses, and asks each other address once', () => {
    const { resolveHost } = heldResolver();
    const store = withResolver(resolveHost);
    store.getState().resolveVisible(['', '*', '0.0.0.0', '::', '::0', 'a', 'a', 'b']);
    expect(resolveHost.mock.calls.map((c) => c[0])).toEqual(['a', 'b']);
    // Still in flight: not asked again by the next screenful.
    store.getState().resolveVisible(['a', 'b', 'c']);
    expect(resolveHost.mock.calls.map((c) => c[0])).toEqual(['a', 'b', 'c']);
  });

  it('remembers no name, a refusal and a failed call as null, so they are not asked again', async () => {
    const { resolveHost, pending, fail } = heldResolver();
    const store = withResolver(resolveHost);
    store.getState().resolveVisible(['a', 'b', 'c', 'd']);
    pending.get('a')?.({ ok: true, value: 'a.example' });
    pending.get('b')?.({ ok: true, value: null });
    pending.get('c')?.({ ok: false, error: { code: 'io-error', message: 'no DNS' } });
    fail.get('d')?.(new Error('transport gone'));
    await vi.waitFor(() => expect(store.getState().hostNames.size).toBe(4));
    expect([...store.getState().hostNames]).toEqual([
      ['a', 'a.example'],
      ['b', null],
      ['c', null],
      ['d', null],
    ]);
    store.getState().resolveVisible(['a', 'b', 'c', 'd']);
    expect(resolveHost).toHaveBeenCalledTimes(4);
  });

  it('asks four at a time, the next as one answers, and gives a new map for each answer', async () => {
    const { resolveHost, pending } = heldResolver();
    const store = withResolver(resolveHost);
    const before = store.getState().hostNames;
    store.getState().resolveVisible(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(resolveHost).toHaveBeenCalledTimes(4);
    pending.get('b')?.({ ok: true, value: 'b.example' });
    await vi.waitFor(() => expect(resolveHost).toHaveBeenCalledTimes(5));
    expect(resolveHost.mock.calls[4]?.[0]).toBe('e');
    expect(store.getState().hostNames).not.toBe(before);
    expect(before.size).toBe(0);
  });
});

describe('lookUpHost', () => {
  it('says the name, or that there is none, and remembers either', async () => {
    const named = withResolver(async () => ({ ok: true, value: 'dns.example' }));
    await named.getState().lookUpHost('192.0.2.53');
    expect(named.getState().notice).toEqual({ kind: 'info', text: '192.0.2.53 is dns.example' });
    const unnamed = withResolver(async () => ({ ok: true, value: null }));
    await unnamed.getState().lookUpHost('192.0.2.54');
    expect(unnamed.getState().notice).toEqual({ kind: 'info', text: '192.0.2.54 has no host name.' });
    expect(unnamed.getState().hostNames.get('192.0.2.54')).toBeNull();
    expect(unnamed.getState().hostNames.has('192.0.2.54')).toBe(true);
  });

  it('says why a look-up failed, and remembers nothing (it can be asked again)', async () => {
    const store = withResolver(async () => ({ ok: false, error: { code: 'io-error', message: 'timed out' } }));
    await store.getState().lookUpHost('192.0.2.9');
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'Look-up of 192.0.2.9 failed: timed out' });
    expect(store.getState().hostNames.has('192.0.2.9')).toBe(false);
  });
});
