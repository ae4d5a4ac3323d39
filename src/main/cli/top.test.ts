/**
 * `netscope top`: its flags, what one refresh prints, and the built command on
 * this machine with a transfer this test makes on loopback (Linux, netlink).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../shared/model';
import type { TalkerRow } from '../../shared/top-talkers';
import { UsageError } from './flag-table';
import { formatTopScreen, parseTop } from './top';

const row = (over: Partial<TalkerRow>): TalkerRow => ({
  key: 'pid:1',
  label: 'curl',
  pid: 1,
  host: null,
  sendRate: 0,
  receiveRate: 0,
  sent: 0,
  received: 0,
  connections: 1,
  ...over,
});

describe('netscope top flags', () => {
  it('takes nethogs-style -d and -c, --once, --by, -n, --json', () => {
    expect(parseTop([])).toMatchObject({ intervalMs: 1000, count: null, by: 'process', limit: null, json: false });
    expect(parseTop(['-d', '2.5', '-c', '3', '--by', 'host', '-n', '5', '--json'])).toMatchObject({
      intervalMs: 2500,
      count: 3,
      by: 'host',
      limit: 5,
      json: true,
    });
    expect(parseTop(['--once']).count).toBe(1);
  });

  it('refuses bad values with the reason', () => {
    expect(() => parseTop(['-c', '0'])).toThrow(/whole number >= 1/);
    expect(() => parseTop(['--by', 'user'])).toThrow(/process or host/);
    expect(() => parseTop(['--socket-engine', 'pcap'])).toThrow(/netlink, procfs, auto/);
    expect(() => parseTop(['extra'])).toThrow(UsageError);
  });
});

describe('a refresh of netscope top', () => {
  const engine = { name: 'netlink', requested: 'auto', fallbackReason: null, traffic: true, trafficNote: null };
  const snapshot = emptySnapshot({
    takenAt: Date.UTC(2026, 0, 1),
    collectors: [{ name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], engine }],
  });

  it('lists the busiest first with rates and totals', () => {
    const text = formatTopScreen(
      snapshot,
      [row({ pid: 7, label: 'scp', sendRate: 2_500_000, sent: 10_000_000 }), row({ receiveRate: 10 })],
      parseTop([]),
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/2 processes, by rate - engine netlink$/);
    expect(lines[2]).toMatch(/^PID\s+Program\s+Sent\/s\s+Received\/s\s+Sent\s+Received\s+Conns$/);
    expect(lines[3]).toMatch(/^7\s+scp\s+2\.50 MB\/s\s+0 B\/s\s+10\.0 MB\s+0 B\s+1$/);
  });

  it('says why there is nothing when the engine has no counters', () => {
    const procfs = { ...engine, name: 'procfs', traffic: false, trafficNote: 'counters need the netlink engine' };
    const text = formatTopScreen(
      {
        ...snapshot,
        collectors: [{ name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], engine: procfs }],
      },
      [],
      parseTop([]),
    );
    expect(text).toMatch(/no traffic counters: counters need the netlink engine$/);
  });
});

const bin = resolve(__dirname, '..', '..', '..', 'bin', 'netscope.js');
const built = existsSync(resolve(__dirname, '..', '..', '..', 'out', 'cli', 'index.js'));

describe.runIf(process.platform === 'linux' && built)('the built netscope top', () => {
  it('prints this process with the bytes it is sending, as JSON, and exits after -c', async () => {
    const server = net.createServer((s) => s.resume());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise((done) => client.once('connect', done));
    let sending = true;
    const block = Buffer.alloc(256 * 1024);
    const pump = (): void => {
      while (sending && client.write(block));
      if (sending) client.once('drain', pump);
    };
    pump();
    try {
      const out = await new Promise<string>((done, fail) =>
        execFile(
          process.execPath,
          [bin, 'top', '--json', '-c', '1', '-d', '0.5', '--socket-engine', 'netlink'],
          { timeout: 60_000, maxBuffer: 16 << 20 },
          (error, stdout) => (error ? fail(error) : done(stdout)),
        ),
      );
      const lines = out.trim().split('\n');
      expect(lines).toHaveLength(1);
      const refresh = JSON.parse(lines[0] as string) as { socketEngine: { name: string }; rows: TalkerRow[] };
      expect(refresh.socketEngine.name).toBe('netlink');
      const me = refresh.rows.find((r) => r.pid === process.pid);
      expect(me?.sendRate).toBeGreaterThan(0);
      expect(me?.receiveRate).toBeGreaterThan(0); // the server end is this process too
      expect(me?.sent).toBeGreaterThan(0);
    } finally {
      sending = false;
      client.destroy();
      await new Promise((done) => server.close(done));
    }
  }, 90_000);
});
