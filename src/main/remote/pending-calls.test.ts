/** Every call the remote backend makes ends once: with its answer, its timeout, or the link's loss. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../shared/api';
import { PendingCalls } from './pending-calls';

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingCalls', () => {
  it('gives each call its own id and ends it with its answer, once', async () => {
    const calls = new PendingCalls(1000);
    const ids: number[] = [];
    const first = calls.start<string>('getStatus', (id) => ids.push(id));
    const second = calls.start<string>('getSnapshot', (id) => ids.push(id));
    expect(ids).toEqual([1, 2]);
    calls.settle(2, ok('two'));
    calls.settle(1, ok('one'));
    calls.settle(1, ok('late')); // a second answer to the same id is ignored
    expect(await first).toEqual(ok('one'));
    expect(await second).toEqual(ok('two'));
    expect(calls.size).toBe(0);
  });

  it('ignores an answer to an id it never gave', () => {
    const calls = new PendingCalls(1000);
    void calls.start('getStatus', () => undefined);
    calls.settle(99, ok('forged'));
    expect(calls.size).toBe(1);
    calls.failAll('closed');
  });

  it('ends an unanswered call with an io-error naming the method after the timeout', async () => {
    vi.useFakeTimers();
    const calls = new PendingCalls(250);
    const answer = calls.start('getRoutes', () => undefined);
    vi.advanceTimersByTime(249);
    expect(calls.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await answer).toEqual(fail('io-error', 'The agent did not answer getRoutes within 250 ms.'));
    expect(calls.size).toBe(0);
  });

  it('lets the sender settle at once (a failed send) and then ignores the timeout', async () => {
    vi.useFakeTimers();
    const calls = new PendingCalls(100);
    const answer = calls.start('getStatus', (id) => calls.settle(id, fail('io-error', 'send failed')));
    vi.advanceTimersByTime(500);
    expect(await answer).toEqual(fail('io-error', 'send failed'));
  });

  it('ends a call whose send throws at once, with an io-error, leaving nothing waiting', async () => {
    const calls = new PendingCalls(10_000);
    const answer = calls.start('getStatus', () => {
      throw new Error('socket closing');
    });
    expect(calls.size).toBe(0);
    expect(await answer).toEqual(fail('io-error', 'Could not reach the agent: socket closing'));
  });

  it('fails every waiting call with the message when the link is lost', async () => {
    const calls = new PendingCalls(10_000);
    const a = calls.start('getStatus', () => undefined);
    const b = calls.start('getSnapshot', () => undefined);
    calls.failAll('Connection to the agent at h:1 lost.');
    expect(await a).toEqual(fail('io-error', 'Connection to the agent at h:1 lost.'));
    expect(await b).toEqual(fail('io-error', 'Connection to the agent at h:1 lost.'));
    expect(calls.size).toBe(0);
  });
});
