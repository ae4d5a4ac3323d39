/**
 * The UNIX section of macOS/FreeBSD `netstat -a` at the edges: states inferred from peer, type and
 * path (there is no state column), FreeBSD's 'seqpac' spelling, rows that are not socket rows.
 */
import { describe, expect, it } from 'vitest';
import { BSD_UNIX_SECTION, parseBsdUnixLine } from './netstat-unix';

const row = (type: string, conn: string, path = ''): string =>
  `fffff80003a1b200 ${type.padEnd(6)}      2      3 0 ${conn} 0 0 ${path}`.trimEnd();

describe('BSD UNIX rows', () => {
  it('infers the state from the peer, the type and the bound path', () => {
    const state = (line: string): string | undefined => parseBsdUnixLine(line)?.state;
    expect(state(row('stream', '0'))).toBe('UNKNOWN');
    expect(state(row('stream', '0000000000000000', '/var/run/x'))).toBe('LISTENING');
    expect(state(row('dgram', 'fffff80003a1b300'))).toBe('CONNECTED');
    expect(state(row('dgram', '0'))).toBe('UNCONNECTED');
    expect(state(row('seqpacket', '0'))).toBe('UNKNOWN');
  });

  it("reads FreeBSD's 'seqpac' and macOS's seqpacket alike, with queues and kernel addresses", () => {
    expect(parseBsdUnixLine(row('seqpac', 'fffff80003a1b300'))).toMatchObject({
      type: 'seqpacket',
      state: 'CONNECTED',
      rxQueue: 2,
      txQueue: 3,
      kernelAddress: 'fffff80003a1b200',
      peerKernelAddress: 'fffff80003a1b300',
      path: null,
    });
    expect(parseBsdUnixLine(row('dgram', '0', '/var/run/log'))).toMatchObject({ type: 'dgram', path: '/var/run/log' });
  });

  it('is null for rows of other types or with unreadable columns', () => {
    for (const line of [
      row('raw', '0'),
      'fffff80003a1b200 stream 2 3 0 0 0',
      'zzzz stream 2 3 0 0 0 0',
      'fffff80003a1b200 stream x 3 0 0 0 0',
      'Address Type Recv-Q Send-Q Inode Conn Refs Nextref Addr',
    ]) {
      expect(parseBsdUnixLine(line), line).toBeNull();
    }
  });

  it('knows both section titles', () => {
    expect(BSD_UNIX_SECTION.test('Active LOCAL (UNIX) domain sockets')).toBe(true);
    expect(BSD_UNIX_SECTION.test('Active UNIX domain sockets')).toBe(true);
    expect(BSD_UNIX_SECTION.test('Active Internet connections')).toBe(false);
  });
});
