/**
 * The wire entry to the engine's handlers. Only the adapters that receive
 * untyped input call these: Electron IPC (dispatchInvoke: validate, then run)
 * and the WebSocket server (its envelope check validates the arguments, so it
 * runs the validated call with runInvoke and nothing is validated twice).
 * In-process callers call the typed handlers directly.
 */
import { fail, type ApiResult } from './api';
import { callHandler, type ApiHandlers } from './channels';
import { validateInvoke, type ValidInvoke } from './validate';

/** Runs a validated call; a handler that throws still yields an ApiResult. */
export async function runInvoke(handlers: ApiHandlers, call: ValidInvoke): Promise<ApiResult<unknown>> {
  try {
    return await callHandler(handlers, call.method, call.args);
  } catch (error) {
    return fail('internal', error instanceof Error ? error.message : String(error));
  }
}

/** method: any value from the wire; args: the raw argument array. Never throws. */
export function dispatchInvoke(handlers: ApiHandlers, method: unknown, args: unknown): Promise<ApiResult<unknown>> {
  const valid = validateInvoke(method, args);
  if (!valid.ok) return Promise.resolve({ ok: false, error: valid.error });
  return runInvoke(handlers, valid);
}
