/**
 * A Backend for the Electron adapter tests: its handlers record what reached
 * them (after the adapter's validation, as the engine's would).
 */
import { ok, type ShellCommand } from '../../shared/api';
import { buildHandlers, type Invoker } from '../../shared/channels';
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
    // A fake answers every method alike; its answers are not the methods' result types.
    handlers: buildHandlers((async (method: string, args: readonly unknown[]) => {
      fake.calls.push({ method, args: [...args] });
      return ok({ handled: method });
    }) as Invoker),
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
