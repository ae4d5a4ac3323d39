/**
 * A Backend for the Electron adapter tests: dispatch validates with the real
 * validator (as the engine does) and records what reached it.
 */
import { ok, type ApiResult, type ShellCommand } from '../../shared/api';
import { validateInvoke } from '../../shared/validate';
import type { Backend, PushMessage } from '../engine/backend-types';

export interface FakeBackend extends Backend {
  calls: { method: string; args: unknown[] }[];
  commands: ShellCommand[];
  listeners: Set<(m: PushMessage) => void>;
  push(message: PushMessage): void;
  started: number;
  stopped: number;
}

export function createFakeBackend(): FakeBackend {
  const listeners = new Set<(m: PushMessage) => void>();
  const fake: FakeBackend = {
    calls: [],
    commands: [],
    listeners,
    started: 0,
    stopped: 0,
    async dispatch(method: unknown, args: unknown): Promise<ApiResult<unknown>> {
      const v = validateInvoke(method, args);
      if (!v.ok) return { ok: false, error: v.error };
      fake.calls.push({ method: v.method, args: [...v.args] });
      return ok({ handled: v.method });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sendCommand(command) {
      fake.commands.push(command);
      fake.push({ channel: 'command', payload: command });
    },
    push(message) {
      for (const l of [...listeners]) l(message);
    },
    start() {
      fake.started++;
    },
    async stop() {
      fake.stopped++;
    },
  };
  return fake;
}
