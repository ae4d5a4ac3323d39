/**
 * The contract's types are the test here: tsc (part of npm test) fails when a
 * handler returns another method's result, takes the wrong arguments, or two
 * methods share a channel. The runtime checks confirm the method objects are
 * built from the one list.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ok, type ApiResult, type Capabilities, type EngineStatus, type NetScopeApi } from './api';
import {
  buildHandlers,
  INVOKE_CHANNELS,
  INVOKE_METHODS,
  type ApiHandlers,
  type InvokeArgs,
  type InvokeResult,
  type SharedChannelKeys,
} from './channels';

const capabilities: Capabilities = {
  mode: 'browser',
  canEndProcess: false,
  canRevealFile: false,
  canElevate: false,
  platform: 'linux',
};

describe('the typed contract', () => {
  it('types each method by NetScopeApi', () => {
    expectTypeOf<InvokeResult<'getStatus'>>().toEqualTypeOf<EngineStatus>();
    expectTypeOf<InvokeResult<'getCapabilities'>>().toEqualTypeOf<Capabilities>();
    expectTypeOf<InvokeArgs<'setInterval'>>().toEqualTypeOf<[ms: number]>();
    expectTypeOf<ApiHandlers['getStatus']>().returns.resolves.toEqualTypeOf<ApiResult<EngineStatus>>();
    // The handler object covers exactly NetScopeApi's request/answer methods.
    type AnsweringMethods = {
      [K in keyof NetScopeApi]-?: NetScopeApi[K] extends (...args: never[]) => Promise<ApiResult<unknown>> ? K : never;
    }[keyof NetScopeApi];
    expectTypeOf<keyof ApiHandlers>().toEqualTypeOf<AnsweringMethods>();
  });

  it('refuses a getStatus that answers with the capabilities', () => {
    const handlers = buildHandlers(async () => ok(null as never));
    // @ts-expect-error getStatus must resolve to ApiResult<EngineStatus>, not ApiResult<Capabilities>
    const wrong: ApiHandlers = { ...handlers, getStatus: async () => ok(capabilities) };
    // @ts-expect-error setInterval takes a number of milliseconds
    const wrongArgs: ApiHandlers = { ...handlers, setInterval: async (ms: string) => ok(ms) };
    expect(wrong.getStatus).toBeTypeOf('function');
    expect(wrongArgs.setInterval).toBeTypeOf('function');
  });

  it('finds two methods sharing a channel at compile time', () => {
    expectTypeOf<SharedChannelKeys<{ getStatus: 'a'; getCapabilities: 'a'; pause: 'b' }>>().toEqualTypeOf<
      'getStatus' | 'getCapabilities'
    >();
    expectTypeOf<SharedChannelKeys<typeof INVOKE_CHANNELS>>().toEqualTypeOf<never>();
    expect(new Set(Object.values(INVOKE_CHANNELS)).size).toBe(INVOKE_METHODS.length);
  });

  it('builds one method per invoke method, each sending its own name and arguments', async () => {
    const seen: [string, readonly unknown[]][] = [];
    const handlers = buildHandlers(async (method, args) => {
      seen.push([method, args]);
      return ok(null as never);
    });
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_METHODS].sort());
    await handlers.setInterval(1000);
    await handlers.getStatus();
    expect(seen).toEqual([
      ['setInterval', [1000]],
      ['getStatus', []],
    ]);
  });
});
