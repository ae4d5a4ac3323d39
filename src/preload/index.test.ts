import { describe, it, expect, vi, beforeAll } from 'vitest';
import { INVOKE_CHANNELS, INVOKE_METHODS, PUSH_CHANNELS } from '../shared/channels';

type Listener = (event: unknown, ...args: unknown[]) => void;

const h = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    listeners,
    exposed: [] as [string, unknown][],
    invoke: vi.fn((channel: string, ...args: unknown[]) => Promise.resolve({ ok: true, value: { channel, args } })),
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => h.exposed.push([key, value]),
  },
  ipcRenderer: {
    invoke: h.invoke,
    on: (channel: string, l: Listener) => {
      const set = h.listeners.get(channel) ?? new Set();
      set.add(l);
      h.listeners.set(channel, set);
    },
    removeListener: (channel: string, l: Listener) => {
      h.listeners.get(channel)?.delete(l);
    },
  },
}));

function emit(channel: string, payload: unknown): void {
  const fakeEvent = { sender: { secret: 'ipcRenderer' }, senderId: 0 };
  for (const l of h.listeners.get(channel) ?? []) l(fakeEvent, payload);
}

let api: Record<string, (...args: unknown[]) => unknown>;

beforeAll(async () => {
  await import('./index');
  api = h.exposed[0]?.[1] as typeof api;
});

describe('preload', () => {
  it('exposes exactly one key, "netscope"', () => {
    expect(h.exposed).toHaveLength(1);
    expect(h.exposed[0]?.[0]).toBe('netscope');
  });

  it('exposes exactly the invoke methods plus the on* subscriptions, all functions', () => {
    const expected = [...INVOKE_METHODS, 'onSnapshot', 'onDiff', 'onStatus', 'onCommand'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const k of Object.keys(api)) expect(typeof api[k]).toBe('function');
    expect(Object.values(api)).not.toContain(h.invoke);
  });

  it('sends each invoke method to its own channel with its arguments', async () => {
    const argsFor: Record<string, unknown[]> = {
      setInterval: [1000],
      exportCsv: [{ csv: 'PID\r\n1\r\n', fileName: 'x.csv' }],
      getProcessDetails: [42],
      endProcess: [{ pid: 42, startTime: null }],
      revealFile: ['/usr/bin/ssh'],
      resolveHost: ['1.1.1.1'],
    };
    for (const m of INVOKE_METHODS) {
      h.invoke.mockClear();
      const args = argsFor[m] ?? [];
      const result = await api[m]?.(...args);
      expect(h.invoke).toHaveBeenCalledTimes(1);
      expect(h.invoke).toHaveBeenCalledWith(INVOKE_CHANNELS[m], ...args);
      expect(result).toEqual({ ok: true, value: { channel: INVOKE_CHANNELS[m], args } });
    }
  });

  it.each([
    ['onSnapshot', PUSH_CHANNELS.snapshot],
    ['onDiff', PUSH_CHANNELS.diff],
    ['onStatus', PUSH_CHANNELS.status],
    ['onCommand', PUSH_CHANNELS.command],
  ])('%s delivers only the payload and unsubscribes', (method, channel) => {
    const received: unknown[][] = [];
    const unsubscribe = api[method]?.((...args: unknown[]) => received.push(args)) as () => void;
    emit(channel, { seq: 1 });
    expect(received).toEqual([[{ seq: 1 }]]); // one argument: the event object never reaches the page
    expect(h.listeners.get(channel)?.size).toBe(1);
    unsubscribe();
    expect(h.listeners.get(channel)?.size).toBe(0);
    emit(channel, { seq: 2 });
    expect(received).toHaveLength(1);
  });

  it('keeps listeners independent: unsubscribing one leaves the other', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const ua = api.onStatus?.((s: unknown) => a.push(s)) as () => void;
    const ub = api.onStatus?.((s: unknown) => b.push(s)) as () => void;
    ua();
    emit(PUSH_CHANNELS.status, 'x');
    expect(a).toEqual([]);
    expect(b).toEqual(['x']);
    ub();
  });
});
