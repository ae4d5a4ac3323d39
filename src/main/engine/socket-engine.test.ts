/**
 * The app's socket engine choice: the backend switches the Linux collectors
 * between procfs and netlink through the API (validated), the next snapshot
 * says which engine ran and carries counters, and platforms without a choice
 * say so. Real collectors on this machine's kernel (Linux).
 */
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/api';
import { dispatchInvoke } from '../../shared/dispatch';
import { socketEngineOf } from '../../shared/traffic';
import { createLinuxCollectors } from '../collectors/linux';
import { resolveLinuxOptions } from '../collectors/linux/proc-fs';
import { emptyPlatform, fixedCollector } from './test-collectors';
import { createBackend } from './backend';

describe.runIf(process.platform === 'linux')('backend: the socket engine choice', () => {
  it('starts as asked, switches through the API (validated), and the next snapshot says which ran', async () => {
    const linux = createLinuxCollectors({ socketEngine: 'procfs' });
    const b = createBackend({
      mode: 'browser',
      allowEndProcess: false,
      collectors: { ...linux, routes: fixedCollector('routes', []), interfaces: fixedCollector('interfaces', []) },
    });
    try {
      const first = await b.handlers.getStatus();
      expect(first.ok && first.value.socketEngine).toBe('procfs');
      // Named by the caller (as --socket-engine does): a page must not switch it to the engine it saved.
      expect(first.ok && first.value.socketEngineFromLaunch).toBe(true);
      await b.handlers.refreshNow();
      let snap = await b.handlers.getSnapshot();
      expect(snap.ok && socketEngineOf(snap.value)).toMatchObject({ name: 'procfs', traffic: false });
      expect(snap.ok && socketEngineOf(snap.value)?.trafficNote).toMatch(/netlink/);

      expect((await dispatchInvoke(b.handlers, 'setSocketEngine', ['pcap'])).ok).toBe(false);
      const on = await dispatchInvoke(b.handlers, 'setSocketEngine', ['netlink']);
      expect(on.ok && (on.value as EngineStatus).socketEngine).toBe('netlink');
      await b.handlers.refreshNow();
      snap = await b.handlers.getSnapshot();
      expect(snap.ok && socketEngineOf(snap.value)).toMatchObject({
        name: 'netlink',
        requested: 'netlink',
        traffic: true,
        fallbackReason: null,
      });
    } finally {
      await b.stop();
    }
  });
});

describe('the socket engine named at launch', () => {
  it('is the option, else NETSCOPE_SOCKET_ENGINE, else the default, which nobody named', () => {
    const saved = process.env.NETSCOPE_SOCKET_ENGINE;
    try {
      delete process.env.NETSCOPE_SOCKET_ENGINE;
      expect(resolveLinuxOptions({})).toMatchObject({ socketEngine: 'auto', socketEngineFromLaunch: false });
      expect(resolveLinuxOptions({ socketEngine: 'auto' })).toMatchObject({
        socketEngine: 'auto',
        socketEngineFromLaunch: true,
      });
      process.env.NETSCOPE_SOCKET_ENGINE = 'netlink';
      expect(resolveLinuxOptions({})).toMatchObject({ socketEngine: 'netlink', socketEngineFromLaunch: true });
      process.env.NETSCOPE_SOCKET_ENGINE = 'ebpf';
      expect(resolveLinuxOptions({})).toMatchObject({ socketEngine: 'auto', socketEngineFromLaunch: false });
    } finally {
      if (saved === undefined) delete process.env.NETSCOPE_SOCKET_ENGINE;
      else process.env.NETSCOPE_SOCKET_ENGINE = saved;
    }
  });
});

describe('backend: no socket engine choice', () => {
  it('is refused where the collectors have none, and the status does not offer it', async () => {
    const platform = emptyPlatform('darwin');
    const b = createBackend({ mode: 'browser', allowEndProcess: false, collectors: platform });
    try {
      const status = await b.handlers.getStatus();
      expect(status.ok && 'socketEngine' in status.value).toBe(false);
      const r = await b.handlers.setSocketEngine('netlink');
      expect(r.ok ? null : r.error.code).toBe('unsupported');
      await b.handlers.refreshNow();
      const snap = await b.handlers.getSnapshot();
      expect(snap.ok && socketEngineOf(snap.value)).toMatchObject({
        traffic: false,
        trafficNote: 'this connections collector reads no per-connection counters',
      });
    } finally {
      await b.stop();
    }
  });
});
