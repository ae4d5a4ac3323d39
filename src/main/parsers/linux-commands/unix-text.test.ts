import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../../import/import-core';
import { blankUnixSocket } from '../../../shared/unix-socket';
import { LINUX_COMMAND_FORMATS } from './formats';
import { parseLinuxNetstat } from './netstat';
import { parseSs } from './ss';
import { parseNetstatUnixLine, parseSsUnixLine } from './unix-text';

const FIXTURES = '../shared/fixtures/linux';
const hasFixtures = existsSync(FIXTURES);

describe('ss -x rows', () => {
  it('reads a listener at a path, a connected pair with peers and an owner, an abstract name', () => {
    // Written from iproute2's unix_stats_print(): name or '*', inode, peer name or '*', peer inode.
    const text = [
      'Netid State  Recv-Q Send-Q Local Address:Port           Peer Address:Port  Process',
      'u_str LISTEN 0      4096   /run/systemd/private 13021   * 0                users:(("systemd",pid=1,fd=16))',
      'u_str ESTAB  0      0      * 45611                      * 45612            users:(("sshd",pid=812,fd=4))',
      'u_str ESTAB  3      0      /run/dbus/system_bus_socket 45612 * 45611',
      'u_dgr UNCONN 0      0      @/org/kernel/udev 2112       * 0',
      'u_seq LISTEN 0      4096   /run/udev/control 20699      * 0',
      'tcp   LISTEN 0      128    0.0.0.0:22 0.0.0.0:*',
    ].join('\n');
    const result = parseSs(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.connections).toHaveLength(1);
    expect(result.data.unixSockets).toEqual([
      blankUnixSocket({
        ...{ type: 'stream', state: 'LISTENING', path: '/run/systemd/private', inode: 13021 },
        ...{ rxQueue: 0, txQueue: 4096, pid: 1, processName: 'systemd' },
      }),
      blankUnixSocket({
        ...{ type: 'stream', state: 'CONNECTED', path: null, inode: 45611, peerInode: 45612 },
        ...{ rxQueue: 0, txQueue: 0, pid: 812, processName: 'sshd' },
      }),
      blankUnixSocket({
        ...{ type: 'stream', state: 'CONNECTED', path: '/run/dbus/system_bus_socket', inode: 45612 },
        ...{ peerInode: 45611, rxQueue: 3, txQueue: 0 },
      }),
      blankUnixSocket({
        type: 'dgram',
        state: 'UNCONNECTED',
        path: '@/org/kernel/udev',
        inode: 2112,
        rxQueue: 0,
        txQueue: 0,
      }),
      blankUnixSocket({
        type: 'seqpacket',
        state: 'LISTENING',
        path: '/run/udev/control',
        inode: 20699,
        rxQueue: 0,
        txQueue: 4096,
      }),
    ]);
  });

  it('counts a broken u_str row as unreadable', () => {
    expect(parseSsUnixLine('u_str ESTAB zero')).toBeNull();
    const result = parseSs('Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\nu_str ESTAB x\n');
    expect(result.skipped).toEqual(['u_str ESTAB x']);
  });

  it.skipIf(!hasFixtures)('reads every u_ row of the captured ss -a outputs', () => {
    for (const name of ['ss-a--jc--1.txt', 'ss-a--jc--2.txt']) {
      const text = readFileSync(`${FIXTURES}/${name}`, 'utf8');
      const rows = text.split('\n').filter((l) => /^u_(str|dgr|seq)\s/.test(l)).length;
      const result = parseSs(text);
      expect(result.skipped).toEqual([]);
      expect(result.data.unixSockets).toHaveLength(rows);
      expect(result.data.unixSockets?.every((s) => s.inode !== null && s.type !== 'unknown')).toBe(true);
    }
  });
});

describe('netstat -x rows', () => {
  it('reads flags, type, blank and named states, inode, program and path', () => {
    // Written from net-tools' unix_do_one(): '%-5s %-6ld %-11s %-10s %-13s ', inode '%-8lu', ' %-20s' program, ' %s' path.
    const text = [
      'Active UNIX domain sockets (servers and established)',
      'Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path',
      'unix  2      [ ACC ]     STREAM     LISTENING     8981     1/systemd            /run/systemd/journal/stdout',
      'unix  3      [ ]         DGRAM                    8971     -                    /run/systemd/notify',
      'unix  3      [ ]         STREAM     CONNECTED     45611    1234/Web Content     ',
      'unix  2      [ ACC ]     SEQPACKET  LISTENING     20699    1220/dockerd-curren  /run/my dir/control',
    ].join('\n');
    const result = parseLinuxNetstat(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.unixSockets).toEqual([
      blankUnixSocket({
        type: 'stream',
        state: 'LISTENING',
        path: '/run/systemd/journal/stdout',
        inode: 8981,
        pid: 1,
        processName: 'systemd',
      }),
      blankUnixSocket({ type: 'dgram', state: 'UNCONNECTED', path: '/run/systemd/notify', inode: 8971 }),
      blankUnixSocket({
        type: 'stream',
        state: 'CONNECTED',
        path: null,
        inode: 45611,
        pid: 1234,
        processName: 'Web Content',
      }),
      blankUnixSocket({
        type: 'seqpacket',
        state: 'LISTENING',
        path: '/run/my dir/control',
        inode: 20699,
        pid: 1220,
        processName: 'dockerd-curren',
      }),
    ]);
  });

  it('reads rows without the program column', () => {
    expect(
      parseNetstatUnixLine('unix  3      [ ]         DGRAM                    8971     /run/systemd/notify', false),
    ).toEqual(blankUnixSocket({ type: 'dgram', state: 'UNCONNECTED', path: '/run/systemd/notify', inode: 8971 }));
  });

  it('recognises a netstat -x file with only the UNIX section', () => {
    const text = [
      'Active UNIX domain sockets (only servers)',
      'Proto RefCnt Flags       Type       State         I-Node   Path',
      'unix  2      [ ACC ]     STREAM     LISTENING     8981     /run/systemd/journal/stdout',
    ].join('\n');
    const outcome = importText(text, 'x.txt', {
      formats: LINUX_COMMAND_FORMATS,
      decode: () => ({ text, encoding: 'utf-8' }),
    });
    expect(outcome.ok && outcome.snapshot.unixSockets).toEqual([
      {
        ...blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/run/systemd/journal/stdout', inode: 8981 }),
        id: 'unix:8981',
      },
    ]);
  });

  it.skipIf(!hasFixtures)('reads every unix row of the captured netstat outputs', () => {
    const names = readdirSync(FIXTURES).filter((n) => /^netstat(-[a-z]*)?--/.test(n) && !/-(i|r|s)\w*--/.test(n));
    let total = 0;
    for (const name of names) {
      const text = readFileSync(`${FIXTURES}/${name}`, 'utf8');
      const rows = text.split('\n').filter((l) => /^unix\s/.test(l)).length;
      const result = parseLinuxNetstat(text);
      expect(result.data.unixSockets ?? [], name).toHaveLength(rows);
      total += rows;
    }
    expect(total).toBeGreaterThan(100);
  });
});
