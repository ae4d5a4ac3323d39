/**
 * Test doubles for the engine's handlers: one recording function stands in for
 * every method, built from the same list of methods as the real transports.
 */
import type { ApiResult } from '../../src/shared/api';
import { buildHandlers, type ApiHandlers, type InvokeMethod, type Invoker } from '../../src/shared/channels';

export type UntypedHandler = (method: InvokeMethod, args: readonly unknown[]) => Promise<ApiResult<unknown>>;

/** Handlers that all answer through `handler`; a fake's answers are not checked against each method's type. */
export function fakeHandlers(handler: UntypedHandler): ApiHandlers {
  return buildHandlers(handler as Invoker);
}
