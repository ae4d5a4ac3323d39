import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError, type CommandRunner } from '../run-command';
import { createMacosCollectors } from './index';
import { fixturesPath, fixturesPresent } from '../../../../test/helpers/fixtures';

const FIXTURES = fixturesPath('macos');
const hasFixtures = fixturesPresent('macos', 'macOS collector fixture tests');
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const ctx = { signal: new AbortController().signal };

/** A runner that answers from recorded outputs, keyed by 'cmd arg arg'; unknown commands fail like a missing binary. */
function recorded(outputs: Record<string, string | Error>, calls: string[] = []): CommandRunner {
  return async (cmd, args) => {
    const key = [cmd, ...args].join(' ');
    calls.push(key);
    const out = outputs[key];
    if (out instanceof Error) throw out;
    if (out === undefined) throw new CommandError(`${cmd} was not found`, null, new Uint8Array(), new Uint8Array());
    return { stdout: enc(out), stderr: new Uint8Array(), code: 0 };
  };
}

const LSOF = 'lsof -nP -iTCP -iUDP -Tqs -F pcuLfnPtT';
const LSOF_OUT =
  'p501\ncControl Center\nu501\nLalice\nf12\ntIPv4\nPTCP\nn*:7000\nTST=LISTEN\nTQR=0\nTQS=0\nf13\ntIPv6\nPUDP\nn*:*\n';

describe('macOS connections', () => {
  it('reads lsof field output with live wildcards and warns when not root', async () => {
    const collectors = createMacosCollectors({ run: recorded({ [LSOF]: LSOF_OUT }), isRoot: () => false });
    const { data, warnings } = await collectors.connections.collect(ctx);
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      localAddress: '0.0.0.0',
      localPort: 7000,
      remoteAddress: '0.0.0.0',
      state: 'LISTEN',
      pid: 501,
      processName: 'Control Center',
      user: 'alice',
    });
    expect(data[1]).toMatchObject({ protocol: 'udp', family: 6, localAddress: '::', state: 'NONE' });
    expect(data[0]?.id).toBe('tcp4 0.0.0.0:7000 0.0.0.0:0');
    expect(warnings.join()).toMatch(/run as root/);
  });

  it('keeps what lsof printed when it exits 1', async () => {
    const partial = new CommandError('lsof exited with code 1', 1, enc(LSOF_OUT), new Uint8Array());
    const collectors = createMacosCollectors({ run: recorded({ [LSOF]: partial }), isRoot: () => true });
    const { data, warnings } = await collectors.connections.collect(ctx);
    expect(data).toHaveLength(2);
    // Only nettop's absence (traffic.test.ts covers nettop): nothing about lsof's exit code.
    expect(warnings).toEqual(['the traffic columns are empty: nettop failed: nettop was not found']);
  });

  it('falls back to netstat -anv when lsof fails', async () => {
    const tcp =
      'Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid  state    options\ntcp4       0      0  127.0.0.1.8000         *.*                    LISTEN      131072 131072  24811      0 0x0000 0x00000006\n';
    const udp =
      'Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid  state    options\nudp4       0      0  *.5353                 *.*                                786896   9216    321      0 0x0000 0x00000000\n';
    const calls: string[] = [];
    const run = recorded(
      {
        [LSOF]: new CommandError('lsof: permission denied', 1, new Uint8Array(), new Uint8Array()),
        'netstat -anv -p tcp': tcp,
        'netstat -anv -p udp': udp,
      },
      calls,
    );
    const { data, warnings } = await createMacosCollectors({ run, isRoot: () => true }).connections.collect(ctx);
    expect(calls.filter((c) => !c.startsWith('nettop '))).toEqual([LSOF, 'netstat -anv -p tcp', 'netstat -anv -p udp']);
    expect(data.map((c) => [c.protocol, c.localAddress, c.localPort, c.pid])).toEqual([
      ['tcp', '127.0.0.1', 8000, 24811],
      ['udp', '0.0.0.0', 5353, 321],
    ]);
    expect(warnings[0]).toMatch(/^lsof failed \(lsof: permission denied\): sockets read from netstat/);
  });

  it('fails clearly when neither lsof nor netstat runs', async () => {
    await expect(createMacosCollectors({ run: recorded({}) }).connections.collect(ctx)).rejects.toThrow(
      /netstat was not found/,
    );
  });
});

describe.skipIf(!hasFixtures)('macOS tables from recorded outputs', () => {
  const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
  // vitest runs a skipped suite's body to collect it: read the fixtures lazily, inside the tests.
  const tables = () =>
    createMacosCollectors({
      run: recorded({
        'netstat -rn': fixture('netstat-rnl--jc--1.txt'),
        'netstat -ibn': fixture('netstat-ibn--gopsutil--1.txt'),
        'netstat -s': fixture('netstat-s-p-tcp--unknown-ruby-stripchart-example--1.txt'),
      }),
    });

  it('routes', async () => {
    const { data } = await tables().routes.collect(ctx);
    expect(data[0]).toMatchObject({ family: 4, destination: '0.0.0.0', prefixLength: 0, gateway: '192.168.1.254' });
    expect(data.some((r) => r.family === 6)).toBe(true);
  });

  it('interfaces', async () => {
    const { data, warnings } = await tables().interfaces.collect(ctx);
    expect(data[0]).toMatchObject({ name: 'lo0', mtu: 16384 });
    expect(data[0]?.counters.rxBytes).toBe(3769823);
    expect(warnings.join()).toMatch(/truncated/);
  });

  it('protocol stats', async () => {
    const { data } = await tables().protocolStats.collect(ctx);
    expect(data.Tcp?.['packets sent']).toBe(6878757);
  });
});

describe('macOS processInfo', () => {
  it('parses ps output and returns null when ps fails', async () => {
    const ps = 'ps -o pid=,uid=,lstart=,user=,comm=,args= -p';
    const run = recorded({
      [`${ps} 88`]:
        '   88    65 Tue Jan  2 03:04:05 2024 _mdnsresponder /usr/sbin/mDNSResponder /usr/sbin/mDNSResponder\n',
      [`${ps} 99`]: new CommandError('ps exited with code 1', 1, new Uint8Array(), new Uint8Array()),
    });
    const collectors = createMacosCollectors({ run });
    expect(await collectors.processInfo(88)).toEqual({
      pid: 88,
      name: 'mDNSResponder',
      exePath: '/usr/sbin/mDNSResponder',
      commandLine: '/usr/sbin/mDNSResponder',
      user: '_mdnsresponder',
      uid: 65,
      startTime: new Date(2024, 0, 2, 3, 4, 5).getTime(),
    });
    expect(await collectors.processInfo(99)).toBeNull();
    expect(await collectors.processInfo(-1)).toBeNull();
  });
});
