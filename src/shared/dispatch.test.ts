import { describe, expect, it } from 'vitest';
import { ok, type ApiResult } from './api';
import { buildHandlers, type InvokeMethod } from './channels';
import { dispatchInvoke, runInvoke } from './dispatch';

function recording(answer: (method: InvokeMethod) => Promise<ApiResult<unknown>>) {
  const calls: [InvokeMethod, readonly unknown[]][] = [];
  const handlers = buildHandlers(((method: InvokeMethod, args: readonly unknown[]) => {
    calls.push([method, args]);
    return answer(method);
  }) as Parameters<typeof buildHandlers>[0]);
  return { calls, handlers };
}

describe('dispatchInvoke (the wire entry)', () => {
  it('validates, then runs the one handler with its arguments', async () => {
    const { calls, handlers } = recording(async () => ok('done'));
    expect(await dispatchInvoke(handlers, 'setInterval', [2000])).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['setInterval', [2000]]]);
  });

  it('answers invalid input with invalid-argument and reaches no handler', async () => {
    const { calls, handlers } = recording(async () => ok('done'));
    for (const [method, args] of [
      ['nope', []],
      ['toString', []],
      ['setInterval', [1]],
      ['getStatus', [1]],
      ['getStatus', 'x'],
    ] as const) {
      expect(await dispatchInvoke(handlers, method, args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('turns a handler that throws or rejects into an internal error', async () => {
    const { handlers } = recording((method) => {
      if (method === 'pause') throw new Error('sync boom');
      return Promise.reject(new Error('async boom'));
    });
    expect(await dispatchInvoke(handlers, 'pause', [])).toEqual({
      ok: false,
      error: { code: 'internal', message: 'sync boom' },
    });
    expect(await runInvoke(handlers, { ok: true, method: 'resume', args: [] })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'async boom' },
    });
  });
});
