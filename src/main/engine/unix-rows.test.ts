import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../shared/dispatch';
import { COLUMN_BY_ID } from '../../shared/columns';
import { compileFilter } from '../../shared/filter';
import { rowWithoutCounters } from '../../shared/traffic';
import { assignConnectionIds, emptySnapshot, type Connection } from '../../shared/model';
import { blankUnixSocket, type UnixSocket } from '../../shared/unix-socket';
import type { Collector, PlatformCollectors } from '../collectors/types';
import { createBackend } from './backend';
import { loopbackListener, platformWithConnections } from './test-collectors';
import { unixSocketRows, withUnixRows } from './unix-rows';
import { LISTING_REUSE_MS, UnixSocketsSwitch } from './unix-switch';

const signal = new AbortController().signal;
const matching = (text: string) => {
  const predicate = compileFilter(text);
  if (!predicate) throw new Error(`no filter: ${text}`);
  return predicate;
};
const tcp = loopbackListener(80, { pid: 10 });

const listener = blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/run/app.sock', inode: 100, pid: 10 });
const accepted = blankUnixSocket({
  type: 'stream',
  state: 'CONNECTED',
  path: '/run/app.sock',
  inode: 101,
  peerInode: 102,
  pid: 10,
});
const client = blankUnixSocket({ type: 'stream', state: 'CONNECTED', path: null, inode: 102, peerInode: 101, pid: 20 });
const abstract = blankUnixSocket({ type: 'dgram', state: 'UNCONNECTED', path: '@bus', inode: 103, pid: 20 });
const SOCKETS = [listener, accepted, client, abstract];

function unixCollector(sockets: () => UnixSocket[], calls = { n: 0 }): Collector<UnixSocket[]> {
  return {
    name: 'unix-sockets',
    collect: async () => {
      calls.n++;
      return { data: sockets().map((s) => ({ ...s })), warnings: [] };
    },
  };
}

function platform(unix?: Collector<UnixSocket[]>): PlatformCollectors {
  return { ...platformWithConnections(() => [{ ...tcp }]), ...(unix ? { unixSockets: unix } : {}) };
}

describe('unixSocketRows', () => {
  const rows = unixSocketRows(SOCKETS);

  it('makes a row per socket: the path, @name or (unnamed), no ports, the peer by name where it has one', () => {
    expect(rows.map((r) => [r.protocol, r.localAddress, r.remoteAddress, r.localPort, r.remotePort])).toEqual([
      ['unix', '/run/app.sock', '*', 0, 0],
      ['unix', '/run/app.sock', '*', 0, 0],
      ['unix', '(unnamed)', '/run/app.sock', 0, 0],
      ['unix', '@bus', '*', 0, 0],
    ]);
  });

  it('keeps type, inode, peer and owner, with the state in the words ss -x uses', () => {
    expect(rows.map((r) => [r.unixType, r.state, r.inode, r.peerInode, r.pid])).toEqual([
      ['stream', 'LISTEN', 100, null, 10],
      ['stream', 'ESTABLISHED', 101, 102, 10],
      ['stream', 'ESTABLISHED', 102, 101, 20],
      ['dgram', 'NONE', 103, null, 20],
    ]);
  });

  it('is what proto:unix selects, and -proto:unix leaves out', () => {
    const all = [tcp, ...rows];
    expect(all.filter(matching('proto:unix'))).toEqual(rows);
    expect(all.filter(matching('-proto:unix'))).toEqual([tcp]);
    expect(all.filter(matching('proto:unix /run/app'))).toHaveLength(3);
  });

  it('reads as the grid and the CSV show it: no ports, type and peer inode in their columns, no traffic', () => {
    const cells = (row: Connection) =>
      [
        'proto',
        'localAddress',
        'localPort',
        'remoteAddress',
        'remotePort',
        'state',
        'unixType',
        'inode',
        'peerInode',
      ].map((id) => COLUMN_BY_ID.get(id)?.text(row));
    expect(rows.map(cells)).toEqual([
      ['unix', '/run/app.sock', '', '*', '', 'LISTEN', 'STREAM', '100', ''],
      ['unix', '/run/app.sock', '', '*', '', 'ESTABLISHED', 'STREAM', '101', '102'],
      ['unix', '(unnamed)', '', '/run/app.sock', '', 'ESTABLISHED', 'STREAM', '102', '101'],
      ['unix', '@bus', '', '*', '', '', 'DGRAM', '103', ''],
    ]);
    expect(rowWithoutCounters(rows[0] as Connection)).toBe('no counters for UNIX sockets');
  });

  it('names a macOS peer by its kernel address', () => {
    const [a, b] = unixSocketRows([
      blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/tmp/x', kernelAddress: 'aa' }),
      blankUnixSocket({ type: 'stream', state: 'CONNECTED', path: null, peerKernelAddress: 'aa' }),
    ]);
    expect([a?.remoteAddress, b?.remoteAddress]).toEqual(['*', '/tmp/x']);
  });
});

describe('withUnixRows', () => {
  it('adds the rows only while switched on, and drops unixSockets from the snapshot', async () => {
    const calls = { n: 0 };
    const toggle = { enabled: false };
    const wrapped = withUnixRows(
      platform(),
      unixCollector(() => SOCKETS, calls),
      toggle,
    );
    expect(wrapped.unixSockets).toBeUndefined();
    expect((await wrapped.connections.collect({ signal })).data).toEqual([tcp]);
    expect(calls.n).toBe(0);
    toggle.enabled = true;
    const on = await wrapped.connections.collect({ signal });
    expect(on.data.map((r) => r.protocol)).toEqual(['tcp', 'unix', 'unix', 'unix', 'unix']);
  });

  it("passes on the inet collector's engine status, with and without the UNIX listing", async () => {
    // WHY: collect.ts fills a missing status with the OS default ('linux', "counters are not read on this OS"),
    // so a dropped status made the toggle look like an engine switch and blanked every traffic cell.
    const engine = {
      name: 'netlink',
      requested: 'auto',
      fallbackReason: null,
      traffic: true,
      trafficNote: null,
    } as const;
    const inet: PlatformCollectors = {
      ...platform(),
      connections: { name: 'connections', collect: async () => ({ data: [{ ...tcp }], warnings: [], engine }) },
    };
    const failing: Collector<UnixSocket[]> = {
      name: 'unix-sockets',
      collect: async () => {
        throw new Error('EACCES');
      },
    };
    for (const unix of [unixCollector(() => SOCKETS), failing]) {
      const result = await withUnixRows(inet, unix, { enabled: true }).connections.collect({ signal });
      expect(result.engine).toEqual(engine);
    }
  });

  it('keeps the inet rows, with a warning, when the UNIX listing fails', async () => {
    const failing: Collector<UnixSocket[]> = {
      name: 'unix-sockets',
      collect: async () => {
        throw new Error('ENOENT /proc/net/unix');
      },
    };
    const result = await withUnixRows(platform(), failing, { enabled: true }).connections.collect({ signal });
    expect(result.data).toEqual([tcp]);
    expect(result.warnings).toEqual(['UNIX sockets could not be listed: ENOENT /proc/net/unix']);
  });
});

describe('backend: the UNIX sockets switch', () => {
  it('is off at start, turns on through the API (validated), and the next snapshot has the rows', async () => {
    const calls = { n: 0 };
    const b = createBackend({
      mode: 'browser',
      allowEndProcess: false,
      collectors: platform(unixCollector(() => SOCKETS, calls)),
    });
    const first = await b.handlers.getStatus();
    expect(first.ok && first.value.unixSockets).toBe(false);
    expect((await dispatchInvoke(b.handlers, 'setUnixSockets', ['yes'])).ok).toBe(false);
    const on = await dispatchInvoke(b.handlers, 'setUnixSockets', [true]);
    expect(on.ok && on.value).toMatchObject({ unixSockets: true });
    await b.handlers.refreshNow();
    const snapshot = await b.handlers.getSnapshot();
    const rows = snapshot.ok ? snapshot.value.connections : [];
    expect(rows.filter((r: Connection) => r.protocol === 'unix')).toHaveLength(4);
    // Every row has its own id (the unnamed and the shared-path sockets by inode).
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(snapshot.ok && snapshot.value.unixSockets).toBeUndefined();
    await b.handlers.setUnixSockets(false);
    await b.handlers.refreshNow();
    const off = await b.handlers.getSnapshot();
    expect(off.ok && off.value.connections.map((r) => r.protocol)).toEqual(['tcp']);
    await b.stop();
  });

  it("lists a process's UNIX sockets in its details even while the grid does not", async () => {
    const b = createBackend({
      mode: 'browser',
      allowEndProcess: false,
      collectors: platform(unixCollector(() => SOCKETS)),
    });
    await b.handlers.refreshNow();
    const details = await b.handlers.getProcessDetails(20);
    expect(details.ok && details.value.connections.map((c) => [c.protocol, c.localAddress])).toEqual([
      ['unix', '(unnamed)'],
      ['unix', '@bus'],
    ]);
    await b.stop();
  });

  it("shows an imported file's UNIX sockets by the same switch, at once (the file does not refresh)", async () => {
    const fixedSnapshot = emptySnapshot({
      seq: 1,
      source: { kind: 'import', file: 'ss-x.txt', formats: ['ss'] },
      connections: assignConnectionIds([{ ...tcp }]),
      unixSockets: SOCKETS,
    });
    const b = createBackend({ mode: 'browser', allowEndProcess: false, fixedSnapshot, collectors: platform() });
    const pushed: Connection[][] = [];
    b.subscribe((m) => {
      if (m.channel === 'snapshot') pushed.push(m.payload.connections);
    });
    const status = await b.handlers.getStatus();
    expect(status.ok && status.value.unixSockets).toBe(false);
    const on = await b.handlers.setUnixSockets(true);
    expect(on.ok && on.value.unixSockets).toBe(true);
    expect(pushed.at(-1)?.map((r) => r.protocol)).toEqual(['tcp', 'unix', 'unix', 'unix', 'unix']);
    await b.handlers.setUnixSockets(false);
    expect(pushed.at(-1)?.map((r) => r.protocol)).toEqual(['tcp']);
    await b.stop();
  });

  it('says where UNIX sockets cannot be listed', async () => {
    const b = createBackend({ mode: 'browser', allowEndProcess: false, collectors: platform() });
    const status = await b.handlers.getStatus();
    expect(status.ok && 'unixSockets' in status.value).toBe(false);
    const r = await b.handlers.setUnixSockets(true);
    expect(r.ok ? null : r.error.code).toBe('unsupported');
    await b.stop();
  });
});

describe("the process panel's UNIX listing", () => {
  it(`is made once per ${LISTING_REUSE_MS} ms however often the panel asks, and not at all while the grid lists them`, async () => {
    const calls = { n: 0 };
    let clock = 0;
    const control = new UnixSocketsSwitch(
      unixCollector(() => SOCKETS, calls),
      null,
      () => clock,
    );
    expect((await control.rowsOf(20)).map((r) => r.inode)).toEqual([102, 103]);
    clock += LISTING_REUSE_MS - 1;
    expect((await control.rowsOf(10)).map((r) => r.inode)).toEqual([100, 101]);
    expect(calls.n).toBe(1);
    clock += 1;
    await control.rowsOf(10);
    expect(calls.n).toBe(2);
    control.set(true);
    expect(await control.rowsOf(10)).toEqual([]);
    expect(calls.n).toBe(2);
  });
});
