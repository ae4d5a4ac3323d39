import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blankUnixSocket } from '../../../shared/unix-socket';
import { importText } from '../../import/import-core';
import { MACOS_FORMATS } from './formats';
import { parseBsdNetstat } from './netstat-an';
import { parseBsdUnixLine } from './netstat-unix';
import { NETSTAT_UNIX_LINES } from './netstat-unix.fixtures';

const FIXTURES = '../shared/fixtures/macos';

describe('macOS / FreeBSD netstat UNIX section', () => {
  it('reads a connected pair (peers by kernel address), a listener at a path, a bound datagram socket', () => {
    // Written from the captured macOS `netstat -a` layout (fixtures/macos/netstat--jc--1.txt).
    const text = [...NETSTAT_UNIX_LINES, 'Active kernel event sockets'].join('\n');
    const result = parseBsdNetstat(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.unixSockets).toEqual([
      blankUnixSocket({
        ...{ type: 'stream', state: 'CONNECTED', path: null, rxQueue: 1, txQueue: 0 },
        ...{ kernelAddress: '7fb03cb94a63a7cd', peerKernelAddress: '7fb03cb94a63cedd' },
      }),
      blankUnixSocket({
        ...{ type: 'stream', state: 'CONNECTED', path: null, rxQueue: 0, txQueue: 0 },
        ...{ kernelAddress: '7fb03cb94a63cedd', peerKernelAddress: '7fb03cb94a63a7cd' },
      }),
      blankUnixSocket({
        ...{ type: 'stream', state: 'LISTENING', path: '/var/run/my app.sock', rxQueue: 0, txQueue: 0 },
        ...{ kernelAddress: '7fb03cb94a63b065', peerKernelAddress: null },
      }),
      blankUnixSocket({
        ...{ type: 'dgram', state: 'UNCONNECTED', path: '/var/run/syslog', rxQueue: 0, txQueue: 0 },
        ...{ kernelAddress: '7fb03cb94a63b1c3', peerKernelAddress: null },
      }),
    ]);
  });

  it('rejects a row that is not one', () => {
    expect(parseBsdUnixLine('7fb03cb94a63a7cd stream one 0 0 0 0 0')).toBeNull();
  });

  it.skipIf(!existsSync(FIXTURES))('reads every UNIX row of the captured macOS and FreeBSD outputs', () => {
    for (const name of ['netstat--jc--1.txt', 'netstat-Aax-freebsd12--jc--1.txt']) {
      const text = readFileSync(`${FIXTURES}/${name}`, 'utf8');
      const rows = text.split('\n').filter((l) => /^[0-9a-f]{16} (stream|dgram|seqpac)/.test(l)).length;
      const result = parseBsdNetstat(text);
      expect(result.data.unixSockets ?? [], name).toHaveLength(rows);
      expect(rows).toBeGreaterThan(0);
    }
  });
});

describe('netstat -f unix alone', () => {
  it('is recognised as macOS/BSD netstat and read', () => {
    const text = [
      'Active LOCAL (UNIX) domain sockets',
      'Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr',
      '7fb03cb94a63b065 stream      0      0 7fb03cb94a63f0a1                0                0                0 /var/run/x.sock',
    ].join('\n');
    const outcome = importText(text, 'unix.txt', {
      formats: MACOS_FORMATS,
      decode: () => ({ text, encoding: 'utf-8' }),
    });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.format.id).toBe('macos-netstat-anv');
    expect(outcome.snapshot.unixSockets?.map((s) => s.path)).toEqual(['/var/run/x.sock']);
  });
});
