import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../shared/dispatch';
import { emptySnapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import type { PlatformCollectors } from '../collectors/types';
import { createBackend } from './backend';
import { SwitchableBackend } from './switchable-backend';
import { loopbackListener, platformWithConnections } from './test-collectors';

const live: PlatformCollectors = platformWithConnections(() => [loopbackListener(80)]);

const imported = emptySnapshot({
  seq: 1,
  platform: 'win32',
  source: { kind: 'import', file: 'customer.txt', formats: ['windows-netstat-an'] },
});

describe('SwitchableBackend', () => {
  it('moves its subscribers to an imported file and back to live, pausing the live engine meanwhile', async () => {
    const liveBackend = createBackend({
      mode: 'electron',
      allowEndProcess: true,
      collectors: live,
      intervalMs: 60_000,
    });
    const window = new SwitchableBackend(liveBackend);
    window.start();
    await dispatchInvoke(window.handlers, 'refreshNow', []);
    const seen: PushMessage[] = [];
    window.subscribe((m) => seen.push(m));
    expect(seen.map((m) => m.channel)).toEqual(['snapshot', 'status']);

    await window.show(createBackend({ mode: 'electron', allowEndProcess: true, fixedSnapshot: imported }));
    expect(window.isLive).toBe(false);
    const afterImport = seen.slice(2);
    expect(afterImport[0]).toMatchObject({
      channel: 'snapshot',
      payload: { source: { kind: 'import', file: 'customer.txt' } },
    });
    expect(afterImport[1]).toMatchObject({ channel: 'status', payload: { readOnly: true, title: 'customer.txt' } });
    expect(await dispatchInvoke(liveBackend.handlers, 'getStatus', [])).toMatchObject({
      ok: true,
      value: { paused: true },
    });
    expect(await dispatchInvoke(window.handlers, 'pause', [])).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });

    await window.showLive();
    expect(window.isLive).toBe(true);
    expect(seen.some((m, i) => i > 3 && m.channel === 'snapshot' && m.payload.source.kind === 'live')).toBe(true);
    expect(await dispatchInvoke(window.handlers, 'getStatus', [])).toMatchObject({
      ok: true,
      value: { paused: false, readOnly: false },
    });
    await window.stop();
  });

  it('a listener that joins late gets the current source at once', async () => {
    const window = new SwitchableBackend(
      createBackend({ mode: 'electron', allowEndProcess: false, fixedSnapshot: imported }),
    );
    window.subscribe(() => undefined);
    const late: string[] = [];
    window.subscribe((m) => late.push(m.channel));
    expect(late).toEqual(['snapshot', 'status']);
    await window.stop();
  });
});
