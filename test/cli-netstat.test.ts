/**
 * The grouped switches mean what they mean to netstat: `netscope -tulpn` and
 * `netstat -tulpn` (net-tools) list the same rows for the sockets this test
 * holds open, and so on for each form in the issue. Skipped (with a message)
 * where netstat is not installed (Debian: apt-get install net-tools).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoopbackSockets, type LoopbackSockets } from './loopback';

const bin = resolve(__dirname, '..', 'bin', 'netscope.js');
const built = existsSync(resolve(__dirname, '..', 'out', 'cli', 'index.js'));

function hasNetstat(): boolean {
  try {
    execFileSync('netstat', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const netstat = process.platform === 'linux' && hasNetstat();
if (process.platform === 'linux' && !netstat) console.warn('cli-netstat.test: no netstat here (net-tools); skipped');

function output(cmd: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(cmd, args, { maxBuffer: 256 << 20, timeout: 60_000 }, (error, stdout) =>
      error ? fail(error) : done(stdout),
    );
  });
}

/** `tcp6 ::1:4000 :::* LISTEN`: netstat's spelling (no brackets around IPv6 addresses). */
const unbracket = (endpoint: string) => endpoint.replace(/^\[([^\]]*)\]/, '$1');

/** Rows of a netstat-style table (netstat's or netscope's) whose local or foreign port is one of ours. */
function rowsOf(table: string, ports: ReadonlySet<string>): string[] {
  const rows: string[] = [];
  for (const line of table.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (!/^(tcp|udp)6?$/.test(cols[0] ?? '')) continue;
    const [proto = '', , , local = '', foreign = ''] = cols;
    const port = (endpoint: string) => endpoint.slice(endpoint.lastIndexOf(':') + 1);
    if (!ports.has(port(local)) && !ports.has(port(foreign))) continue;
    // TCP rows have a state; netstat leaves it empty for an unconnected UDP socket.
    const state = proto.startsWith('tcp') || /^[A-Z_]+\d?$/.test(cols[5] ?? '') ? (cols[5] ?? '') : '';
    rows.push(`${proto} ${unbracket(local)} ${unbracket(foreign)} ${state}`.trim());
  }
  return rows.sort();
}

describe.skipIf(!netstat || !built)('grouped switches, against netstat', () => {
  let sockets: LoopbackSockets;
  let ports: Set<string>;

  beforeAll(async () => {
    sockets = await openLoopbackSockets();
    ports = new Set(
      [sockets.listener4, sockets.listener6, sockets.client4Port, sockets.client6Port, sockets.udpPort].map(String),
    );
  });
  afterAll(() => sockets?.close());

  for (const form of ['-tulpn', '-lntu', '-ant', '-antp', '-tunap', '-tn', '-uln']) {
    it(`netscope ${form} lists what netstat ${form} lists`, async () => {
      const [theirs, ours] = await Promise.all([output('netstat', [form]), output(process.execPath, [bin, form])]);
      const expected = rowsOf(theirs, ports);
      // netstat without -a or -l lists no listening sockets; NetScope always lists them (README): compare the rest.
      const listing = /[al]/.test(form);
      const got = rowsOf(ours, ports).filter((r) => listing || !/ LISTEN$|\*$/.test(r));
      expect(got, `netstat ${form}:\n${theirs}`).toEqual(expected.filter((r) => listing || !/ LISTEN$|\*$/.test(r)));
      expect(expected.length, form).toBeGreaterThan(0);
    });
  }

  it('netscope -rn lists the IPv4 main-table routes netstat -rn lists', async () => {
    const prefix = (mask: string) =>
      mask.split('.').reduce((n, octet) => n + Number(octet).toString(2).split('1').length - 1, 0);
    const theirs = (await output('netstat', ['-rn']))
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => /^\d+\.\d+\.\d+\.\d+$/.test(c[0] ?? ''))
      .map((c) => `${c[0]}/${prefix(c[2] ?? '')} ${c[7]}`)
      .sort();
    const json = JSON.parse(await output(process.execPath, [bin, '-rn', '--json'])) as {
      routes: { family: number; destination: string; prefixLength: number; interface: string; table: string | null }[];
    };
    const ours = json.routes
      .filter((r) => r.family === 4 && (r.table === null || r.table === 'main'))
      .map((r) => `${r.destination}/${r.prefixLength} ${r.interface}`)
      .sort();
    expect(ours).toEqual(theirs);
  });

  it('netscope -s -t shows the TCP sections only, as netstat -st does', async () => {
    const json = JSON.parse(await output(process.execPath, [bin, '-s', '-t', '--json'])) as {
      protocolStats: Record<string, unknown>;
    };
    const groups = Object.keys(json.protocolStats);
    expect(groups).toContain('Tcp');
    expect(groups.every((g) => /tcp/i.test(g))).toBe(true);
    expect(await output('netstat', ['-st'])).toMatch(/^Tcp:$/m);
  });
});
