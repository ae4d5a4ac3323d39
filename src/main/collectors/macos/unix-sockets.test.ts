/**
 * macOS UNIX sockets: `lsof -U -F` read as lsof's FIELD OUTPUT documents it, and
 * the collector joining its owners to `netstat -an -f unix` rows by kernel
 * address (netstat's captured layout: fixtures/macos/netstat--jc--1.txt).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelAddressKey, parseLsofUnixFields } from '../../parsers/macos/lsof-unix';
import { NETSTAT_UNIX_LINES } from '../../parsers/macos/netstat-unix.fixtures';
import { CommandError, type CommandRunner } from '../run-command';
import { createMacosUnixSocketsCollector, LSOF_UNIX_ARGS, NETSTAT_UNIX_ARGS } from './unix-sockets';

const signal = new AbortController().signal;
const FIXTURE = '../shared/fixtures/macos/netstat--jc--1.txt';

const NETSTAT = [...NETSTAT_UNIX_LINES, ''].join('\n');

// Written from lsof(8) FIELD OUTPUT: p/c/u/L per process, f/t/d/n per file; d is a socket's address.
const LSOF = [
  'p412',
  'cmDNSResponder',
  'u65',
  'L_mdnsresponder',
  'f3',
  'tunix',
  'd0x7fb03cb94a63b065',
  'n/var/run/my app.sock',
  'f4',
  'tIPv4',
  'd0x1234',
  'n*:5353',
  'p900',
  'cDocker',
  'u501',
  'Lalice',
  'f7',
  'tunix',
  'd0x7fb03cb94a63a7cd',
  'n->0x7fb03cb94a63cedd',
  'f8',
  'tunix',
  'n/tmp/no-address',
  '',
].join('\n');

function runner(outputs: Record<string, string | Error>): CommandRunner {
  return async (cmd, args) => {
    const out = outputs[`${cmd} ${args.join(' ')}`];
    if (out === undefined || out instanceof Error) throw out ?? new Error(`unexpected ${cmd} ${args.join(' ')}`);
    return { stdout: new TextEncoder().encode(out), stderr: new Uint8Array(), code: 0 };
  };
}

const NETSTAT_CMD = `netstat ${NETSTAT_UNIX_ARGS.join(' ')}`;
const LSOF_CMD = `lsof ${LSOF_UNIX_ARGS.join(' ')}`;
const deps = (outputs: Record<string, string | Error>) => ({
  run: runner(outputs),
  isRoot: () => true,
  timeoutMs: 1000,
});

describe('lsof -U field output', () => {
  const parsed = parseLsofUnixFields(LSOF);

  it('reads owner, address, path and peer of each UNIX socket; other files are ignored', () => {
    expect(parsed.files).toEqual([
      {
        ...{ pid: 412, command: 'mDNSResponder', uid: 65, user: '_mdnsresponder' },
        ...{ address: '7fb03cb94a63b065', path: '/var/run/my app.sock', peerAddress: null },
      },
      {
        ...{ pid: 900, command: 'Docker', uid: 501, user: 'alice' },
        ...{ address: '7fb03cb94a63a7cd', path: null, peerAddress: '7fb03cb94a63cedd' },
      },
    ]);
    expect(parsed.skipped).toBe(1);
  });

  it('reads -F0 output (NUL-ended fields) the same', () => {
    expect(parseLsofUnixFields(LSOF.replace(/\n/g, '\0'))).toEqual(parsed);
  });

  it('reads a name with both a path and a peer', () => {
    const both = parseLsofUnixFields('p1\nf3\ntunix\nd0xab\nn/tmp/s ->0x00cd\n');
    expect(both.files[0]).toMatchObject({ address: 'ab', path: '/tmp/s', peerAddress: 'cd' });
  });

  it('spells addresses as netstat does', () => {
    expect([kernelAddressKey('0x00AB'), kernelAddressKey('ab'), kernelAddressKey('0x0'), kernelAddressKey('')]).toEqual(
      ['ab', 'ab', null, null],
    );
  });
});

describe('macOS UNIX socket collector', () => {
  it("lists netstat's sockets with lsof's owners, matched by kernel address", async () => {
    const { data, warnings } = await createMacosUnixSocketsCollector(
      deps({ [NETSTAT_CMD]: NETSTAT, [LSOF_CMD]: LSOF }),
    ).collect({ signal });
    expect(warnings).toEqual([]);
    expect(data.map((s) => [s.type, s.state, s.path, s.pid, s.processName])).toEqual([
      ['stream', 'CONNECTED', null, 900, 'Docker'],
      ['stream', 'CONNECTED', null, null, null],
      ['stream', 'LISTENING', '/var/run/my app.sock', 412, 'mDNSResponder'],
      ['dgram', 'UNCONNECTED', '/var/run/syslog', null, null],
    ]);
    expect(new Set(data.map((s) => s.id)).size).toBe(4);
  });

  it('keeps the rows without owners, and says so, when lsof fails', async () => {
    const { data, warnings } = await createMacosUnixSocketsCollector(
      deps({
        [NETSTAT_CMD]: NETSTAT,
        [LSOF_CMD]: new CommandError('lsof: not found', null, new Uint8Array(), new Uint8Array()),
      }),
    ).collect({ signal });
    expect(data).toHaveLength(4);
    expect(data.every((s) => s.pid === null)).toBe(true);
    expect(warnings.join('\n')).toMatch(/lsof -U failed/);
  });

  it("lists lsof's sockets alone when netstat fails, and fails when both do", async () => {
    const alone = await createMacosUnixSocketsCollector(
      deps({ [NETSTAT_CMD]: new Error('netstat: no such file'), [LSOF_CMD]: LSOF }),
    ).collect({ signal });
    expect(alone.data.map((s) => [s.path, s.state, s.pid])).toEqual([
      ['/var/run/my app.sock', 'UNKNOWN', 412],
      [null, 'CONNECTED', 900],
    ]);
    expect(alone.warnings.join('\n')).toMatch(/netstat -f unix failed/);
    const none = createMacosUnixSocketsCollector(deps({}));
    await expect(none.collect({ signal })).rejects.toThrow(/unexpected netstat/);
  });

  it.skipIf(!existsSync(FIXTURE))("reads a captured macOS netstat's UNIX section with nothing skipped", async () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const from = lines.findIndex((l) => l.startsWith('Active LOCAL (UNIX)'));
    const to = lines.findIndex((l, i) => i > from && l.startsWith('Active '));
    const section = lines.slice(from, to).join('\n');
    const rows = lines.slice(from + 2, to).filter((l) => /^[0-9a-f]+ /.test(l));
    const owner = rows[0]?.split(' ')[0] as string;
    const { data, warnings } = await createMacosUnixSocketsCollector(
      deps({ [NETSTAT_CMD]: section, [LSOF_CMD]: `p7\ncx\nf3\ntunix\nd0x${owner}\nn->0x1\n` }),
    ).collect({ signal });
    expect(warnings).toEqual([]);
    expect(data).toHaveLength(rows.length);
    expect(data.filter((s) => s.pid === 7).map((s) => s.kernelAddress)).toEqual([owner]);
  });
});
