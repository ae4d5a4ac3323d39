/**
 * The app's Template column on live Windows data: setTcpTemplates through the API (validated) switches the Windows
 * collectors' netstat -any reads on and off, the status says the state, and other platforms and imported files
 * refuse it plainly. The Windows collectors run here with recorded netstat output (no Windows needed).
 */
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/api';
import { dispatchInvoke } from '../../shared/dispatch';
import { emptySnapshot } from '../../shared/model';
import { createWindowsCollectors } from '../collectors/windows';
import type { CommandResult, CommandRunner } from '../collectors/windows/run';
import type { PlatformCollectors } from '../collectors/types';
import { emptyPlatform, fixedCollector } from './test-collectors';
import { createBackend } from './backend';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const NETSTAT_ANO = '  TCP    10.0.0.5:50000         10.0.0.9:443           ESTABLISHED     4242\r\n';
const NETSTAT_ANY =
  '  Proto  Local Address          Foreign Address        State           Template\r\n' +
  '  TCP    10.0.0.5:50000         10.0.0.9:443           ESTABLISHED     Datacenter\r\n';

function windowsPlatform(): { collectors: PlatformCollectors; templateReads: () => number } {
  let reads = 0;
  const run: CommandRunner = async (name, args): Promise<CommandResult> => {
    const key = [name, ...args].join(' ');
    if (key === 'netstat -any') reads++;
    const text = key === 'netstat -ano' ? NETSTAT_ANO : key === 'netstat -any' ? NETSTAT_ANY : null;
    if (text === null) throw new Error(`unexpected command ${key}`);
    return { code: 0, stdout: bytes(text), stderr: new Uint8Array() };
  };
  const windows = createWindowsCollectors({
    run,
    loadIpHelper: () => Promise.reject(new Error('no IP Helper here')),
    loadProcessReader: () => Promise.reject(new Error('no reader here')),
    loadEStats: () => Promise.reject(new Error('no EStats here')),
  });
  return {
    collectors: {
      ...windows,
      routes: fixedCollector('routes', []),
      interfaces: fixedCollector('interfaces', []),
      protocolStats: fixedCollector('protocol-stats', {}),
    },
    templateReads: () => reads,
  };
}

describe('backend: setTcpTemplates', () => {
  it('Windows: off at start; on reads netstat -any in the background and the rows get their template', async () => {
    const { collectors, templateReads } = windowsPlatform();
    const b = createBackend({ mode: 'browser', allowEndProcess: false, collectors });
    try {
      const first = await b.handlers.getStatus();
      expect(first.ok && first.value.tcpTemplates).toBe('off');
      await b.handlers.refreshNow();
      expect(templateReads()).toBe(0);

      expect((await dispatchInvoke(b.handlers, 'setTcpTemplates', ['yes'])).ok).toBe(false);
      const on = await dispatchInvoke(b.handlers, 'setTcpTemplates', [true]);
      expect(on.ok && (on.value as EngineStatus).tcpTemplates).toBe('first-read');
      // The tick the switch started reads in the background; a later one applies what it read.
      await b.handlers.refreshNow();
      await new Promise((resolve) => setImmediate(resolve));
      await b.handlers.refreshNow();
      const snap = await b.handlers.getSnapshot();
      expect(snap.ok && snap.value.connections.map((c) => c.template)).toEqual(['Datacenter']);
      const status = await b.handlers.getStatus();
      expect(status.ok && status.value.tcpTemplates).toBe('on');
      expect(templateReads()).toBe(1);

      const off = await b.handlers.setTcpTemplates(false);
      expect(off.ok && off.value.tcpTemplates).toBe('off');
      await b.handlers.refreshNow();
      const after = await b.handlers.getSnapshot();
      expect(after.ok && after.value.connections.map((c) => c.template)).toEqual([undefined]);
    } finally {
      await b.stop();
    }
  });

  it('is refused on platforms that cannot read templates, and the status does not offer it', async () => {
    const platform = emptyPlatform('linux');
    const b = createBackend({ mode: 'browser', allowEndProcess: false, collectors: platform });
    try {
      const status = await b.handlers.getStatus();
      expect(status.ok && 'tcpTemplates' in status.value).toBe(false);
      const r = await b.handlers.setTcpTemplates(true);
      expect(r.ok ? null : r.error).toEqual({
        code: 'unsupported',
        message: 'TCP templates (netstat -y) are read on Windows only',
      });
    } finally {
      await b.stop();
    }
  });

  it('is refused for an imported file (its templates are the ones it has)', async () => {
    const { collectors } = windowsPlatform();
    const b = createBackend({
      mode: 'browser',
      allowEndProcess: false,
      collectors,
      fixedSnapshot: emptySnapshot({ seq: 1, host: 'h' }),
    });
    try {
      const status = await b.handlers.getStatus();
      expect(status.ok && 'tcpTemplates' in status.value).toBe(false);
      const r = await b.handlers.setTcpTemplates(true);
      expect(r.ok ? null : r.error.code).toBe('unsupported');
    } finally {
      await b.stop();
    }
  });
});
