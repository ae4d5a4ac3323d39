/**
 * The counters in the CLI's outputs: the table gains ss -i's columns when the
 * engine read counters, the CSV always has them (a note says why they are
 * empty), `--json` names the engine; the built command on this machine with
 * `--socket-engine netlink` and with a bad engine.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection, type SocketEngineStatus } from '../../shared/model';
import { printSnapshot } from './output';
import { chooseSocketEngine, parseSocketEngine } from './socket-engine-flag';
import { capturePrint } from './test-helpers';

const netlink: SocketEngineStatus = {
  name: 'netlink',
  requested: 'netlink',
  fallbackReason: null,
  traffic: true,
  trafficNote: null,
};
const procfs: SocketEngineStatus = {
  ...netlink,
  name: 'procfs',
  requested: 'procfs',
  traffic: false,
  trafficNote: 'counters need the netlink engine (--socket-engine netlink)',
};

const row: Connection = {
  ...blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 5000,
    remoteAddress: '127.0.0.1',
    remotePort: 6000,
    state: 'ESTABLISHED',
    pid: 42,
    processName: 'scp',
  }),
  traffic: {
    bytesSent: 2_000_000,
    bytesReceived: 300,
    segmentsSent: 10,
    segmentsReceived: 5,
    retransmissions: 1,
    rttMs: 0.25,
    rttVarianceMs: 0.1,
    sendRate: 125_000,
    receiveRate: 0,
    segmentSendRate: 1,
    segmentReceiveRate: 0,
    retransmissionRate: 0,
  },
};

function print(engine: SocketEngineStatus, format: 'table' | 'csv' | 'json', connections: Connection[]) {
  const { options, out, err } = capturePrint(['connections'], { format });
  const snapshot = emptySnapshot({
    connections,
    collectors: [{ name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], engine }],
  });
  printSnapshot(snapshot, options);
  return { out: out.join('\n'), err };
}

describe('traffic in the CLI outputs', () => {
  it('the table shows the counters after State when the engine read them', () => {
    const lines = print(netlink, 'table', [row]).out.split('\n');
    expect(lines[2]).toMatch(/^Proto.*State\s+Sent\s+Received\s+Send\/s\s+Recv\/s\s+RTT\s+Retrans\s+PID\s+Program/);
    expect(lines[3]).toMatch(/ESTABLISHED\s+2\.00MB\s+300B\s+125kB\/s\s+0B\/s\s+0\.25ms\s+1\s+42\s+scp/);
  });

  it('a single listing (no rates yet: they need two refreshes) leaves the rate columns out', () => {
    const first = {
      ...row,
      traffic: { ...(row.traffic as NonNullable<Connection['traffic']>), sendRate: null, receiveRate: null },
    };
    const lines = print(netlink, 'table', [first]).out.split('\n');
    expect(lines[2]).toMatch(/State\s+Sent\s+Received\s+RTT\s+Retrans\s+PID/);
    expect(lines[3]).toMatch(/ESTABLISHED\s+2\.00MB\s+300B\s+0\.25ms\s+1\s+42\s+scp/);
  });

  it("a listing whose rows have no counters (-l, -u) keeps netstat's table, even from netlink", () => {
    const listener = { ...row, state: 'LISTEN' as const, remoteAddress: '0.0.0.0', remotePort: 0, traffic: undefined };
    const { out, err } = print(netlink, 'table', [listener]);
    expect(out.split('\n')[2]).toMatch(/^Proto.*State\s+PID\s+Program/);
    expect(out).not.toMatch(/Sent|Retrans/);
    expect(err).toEqual([]);
  });

  it("the table stays netstat's without counters, and says nothing about them", () => {
    const { out, err } = print(procfs, 'table', [{ ...row, traffic: undefined }]);
    expect(out).not.toMatch(/Sent|Retrans/);
    expect(err).toEqual([]);
  });

  it('CSV always has the columns: plain numbers, or empty with a note on stderr', () => {
    const withCounters = print(netlink, 'csv', [row]);
    expect(withCounters.out.split('\r\n')[0]).toMatch(
      /,Sent \(B\),Received \(B\),Send Rate \(B\/s\),Receive Rate \(B\/s\),RTT \(ms\),Retransmissions$/,
    );
    expect(withCounters.out.split('\r\n')[1]?.trimEnd()).toMatch(/,2000000,300,125000,0,0\.25,1$/);
    expect(withCounters.err).toEqual([]);
    const without = print(procfs, 'csv', [{ ...row, traffic: undefined }]);
    expect(without.out.split('\r\n')[1]?.trimEnd()).toMatch(/,,,,,,$/);
    expect(without.err).toEqual([
      'netscope: note: the traffic columns are empty: counters need the netlink engine (--socket-engine netlink)',
    ]);
  });

  it('--json names the engine beside the rows, which carry their counters', () => {
    const json = JSON.parse(print(netlink, 'json', [row]).out) as {
      socketEngine: SocketEngineStatus;
      connections: Connection[];
    };
    expect(json.socketEngine).toEqual(netlink);
    expect(json.connections[0]?.traffic?.bytesSent).toBe(2_000_000);
  });

  it('--socket-engine takes netlink, procfs or auto', () => {
    expect(parseSocketEngine('NetLink', '--socket-engine')).toBe('netlink');
    expect(() => parseSocketEngine('ebpf', '--socket-engine')).toThrow(
      "--socket-engine must be one of netlink, procfs, auto (got 'ebpf')",
    );
    const env: NodeJS.ProcessEnv = {};
    chooseSocketEngine('auto', env);
    expect(env.NETSCOPE_SOCKET_ENGINE).toBe('auto');
  });
});

const root = resolve(__dirname, '..', '..', '..');
const built = existsSync(resolve(root, 'out', 'cli', 'index.js'));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [resolve(root, 'bin', 'netscope.js'), ...args],
      { timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

describe.runIf(process.platform === 'linux' && built)('the built netscope with --socket-engine', () => {
  it('netlink: --json says so and the connection of this test carries the bytes it sent', async () => {
    const server = net.createServer((s) => s.resume());
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    await new Promise((ok) => client.once('connect', ok));
    await new Promise<void>((ok) => client.write(Buffer.alloc(1 << 20), () => ok()));
    try {
      const r = await run(['--socket-engine', 'netlink', '-t', '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as { socketEngine: SocketEngineStatus; connections: Connection[] };
      expect(json.socketEngine).toMatchObject({ name: 'netlink', requested: 'netlink', traffic: true });
      const mine = json.connections.find((c) => c.localPort === client.localPort && c.remotePort === port);
      expect(mine?.pid).toBe(process.pid);
      expect(mine?.traffic?.bytesSent).toBeGreaterThanOrEqual(1 << 20);
    } finally {
      client.destroy();
      await new Promise((ok) => server.close(ok));
    }
  }, 90_000);

  it('a bad engine is a usage error (exit 2) with the choices', async () => {
    const r = await run(['--socket-engine', 'ebpf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--socket-engine must be one of netlink, procfs, auto/);
  });
});
