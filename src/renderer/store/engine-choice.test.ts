/** The socket engine chosen in the status bar is kept in the prefs and asked for again on the next start. */
import { describe, expect, it } from 'vitest';
import type { EngineStatus, NetScopeApi } from '../../shared/api';
import type { SocketEngineChoice } from '../../shared/traffic';
import { PREFS_KEY, sanitizePrefs } from './prefs';
import { createNetScopeStore } from './store';
import { FakeApi, memoryStorage } from './test-helpers';

const linuxStatus: EngineStatus = {
  intervalMs: 1000,
  paused: false,
  seq: 1,
  readOnly: false,
  title: 'h',
  socketEngine: 'procfs',
};

/** A store on a fake API that records the engine switches it is asked for. */
function start(storage: ReturnType<typeof memoryStorage>) {
  const asked: SocketEngineChoice[] = [];
  const api: NetScopeApi = {
    ...new FakeApi().asApi(),
    setSocketEngine: async (engine) => {
      asked.push(engine);
      return { ok: true, value: { ...linuxStatus, socketEngine: engine } };
    },
  };
  return { store: createNetScopeStore(api, storage), asked };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('socket engine choice', () => {
  it('is saved when the user picks an engine, and asked for once on the next start', async () => {
    const storage = memoryStorage();
    const first = start(storage);
    first.store.getState().handleStatus(linuxStatus);
    await first.store.getState().setSocketEngine('netlink');
    expect(first.asked).toEqual(['netlink']);
    expect(JSON.parse(storage.data[PREFS_KEY] ?? '{}')).toMatchObject({
      state: { prefs: { socketEngine: 'netlink' } },
    });

    const next = start(storage);
    expect(next.store.getState().prefs.socketEngine).toBe('netlink');
    // The engine starts on its default; the saved choice is asked for on its first status, and only then.
    next.store.getState().handleStatus(linuxStatus);
    await flush();
    expect(next.asked).toEqual(['netlink']);
    expect(next.store.getState().status?.socketEngine).toBe('netlink');
    next.store.getState().handleStatus(linuxStatus);
    await flush();
    expect(next.asked).toEqual(['netlink']);
  });

  it('asks nothing when nothing was chosen, when the engine already runs the choice, or where there is no choice', async () => {
    const none = start(memoryStorage());
    none.store.getState().handleStatus(linuxStatus);

    const storage = memoryStorage();
    const chose = start(storage);
    await chose.store.getState().setSocketEngine('procfs');
    const same = start(storage);
    same.store.getState().handleStatus(linuxStatus);

    const elsewhere = start(storage);
    const { socketEngine, ...notLinux } = linuxStatus;
    void socketEngine;
    elsewhere.store.getState().handleStatus(notLinux);
    await flush();
    expect([none.asked, same.asked, elsewhere.asked]).toEqual([[], [], []]);
  });

  it('leaves an engine named at launch (--socket-engine) as it is, whatever this page saved', async () => {
    const storage = memoryStorage();
    await start(storage).store.getState().setSocketEngine('netlink');
    const next = start(storage);
    next.store.getState().handleStatus({ ...linuxStatus, socketEngineFromLaunch: true });
    await flush();
    expect(next.asked).toEqual([]);
    // The user can still switch it by hand.
    await next.store.getState().setSocketEngine('auto');
    expect(next.asked).toEqual(['auto']);
  });

  it('reads a stored value no engine knows, or none (an entry from before), as no choice', () => {
    expect(sanitizePrefs({ socketEngine: 'ebpf' }).socketEngine).toBeNull();
    expect(sanitizePrefs({ filter: 'x' }).socketEngine).toBeNull();
    expect(sanitizePrefs({ socketEngine: 'auto' }).socketEngine).toBe('auto');
  });
});
