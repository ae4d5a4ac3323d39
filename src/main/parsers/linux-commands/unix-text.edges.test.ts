/**
 * UNIX domain socket rows of `ss -x` (iproute2 unix_stats_print) and net-tools `netstat -x`
 * (unix_do_one) at the edges: every state word, unknown types, flags, the PID/Program cell's width.
 */
import { describe, expect, it } from 'vitest';
import { parseNetstatUnixLine, parseSsUnixLine } from './unix-text';

describe('ss -x rows', () => {
  it('maps the TCP state names sock_diag reports onto UNIX states', () => {
    const state = (word: string): string | undefined => parseSsUnixLine(`u_str ${word} 0 0 /x 1 * 0`)?.state;
    expect(state('SYN-SENT')).toBe('CONNECTING');
    expect(state('CLOSE-WAIT')).toBe('DISCONNECTING');
    expect(state('UNCONN')).toBe('UNCONNECTED');
    expect(state('TIME-WAIT')).toBe('UNKNOWN');
  });

  it('reads a row without a Netid column (ss -x with one type) as an unknown type', () => {
    expect(parseSsUnixLine('ESTAB 0 0 /run/a.sock 100 * 101')).toMatchObject({
      type: 'unknown',
      state: 'CONNECTED',
      path: '/run/a.sock',
      inode: 100,
      peerInode: 101,
    });
  });

  it('keeps a local name with spaces and reads the owner after the peer', () => {
    expect(parseSsUnixLine('u_dgr UNCONN 5 6 /run/my app/s 7 * 0 users:(("app",pid=8,fd=9))')).toMatchObject({
      type: 'dgram',
      path: '/run/my app/s',
      inode: 7,
      peerInode: null,
      rxQueue: 5,
      txQueue: 6,
      pid: 8,
      processName: 'app',
    });
    expect(parseSsUnixLine('u_seq LISTEN 0 0 * 7 * 0 uid:0')).toMatchObject({
      path: null,
      pid: null,
      processName: null,
    });
  });

  it('is null when queues or inodes are not numbers', () => {
    for (const line of ['u_str ESTAB x 0 /a 1 * 2', 'u_str ESTAB 0 0 /a x * 2', 'u_str ESTAB 0 0 /a 1 * x', 'u_str']) {
      expect(parseSsUnixLine(line), line).toBeNull();
    }
  });
});

describe('netstat -x rows', () => {
  const row = (state: string, type = 'STREAM', flags = '[ ]'): string =>
    `unix  2      ${flags.padEnd(11)} ${type.padEnd(10)} ${state.padEnd(13)} 4242     /run/x`;

  it('reads every state word, FREE as unconnected, and ACC as listening whatever the state says', () => {
    const state = (line: string): string | undefined => parseNetstatUnixLine(line, false)?.state;
    expect(state(row('CONNECTING'))).toBe('CONNECTING');
    expect(state(row('DISCONNECTING'))).toBe('DISCONNECTING');
    expect(state(row('FREE'))).toBe('UNCONNECTED');
    expect(state(row('UNKNOWN'))).toBe('UNKNOWN');
    expect(state(row('CONNECTED'))).toBe('CONNECTED');
    expect(state(row('CONNECTED', 'STREAM', '[ ACC ]'))).toBe('LISTENING');
    expect(state(row('', 'STREAM', '[ W ]'))).toBe('UNCONNECTED');
  });

  it('reads RAW, RDM and other types as unknown, SEQPACKET and DGRAM by name', () => {
    const type = (t: string): string | undefined => parseNetstatUnixLine(row('', t), false)?.type;
    expect(type('RAW')).toBe('unknown');
    expect(type('RDM')).toBe('unknown');
    expect(type('SOCK_PACKET')).toBe('unknown');
    expect(type('SEQPACKET')).toBe('seqpacket');
    expect(type('DGRAM')).toBe('dgram');
  });

  it('reads an unnamed socket without a path, with or without a trailing space', () => {
    expect(parseNetstatUnixLine('unix  3      [ ]         STREAM     CONNECTED     45611', false)).toMatchObject({
      path: null,
      inode: 45611,
    });
    expect(parseNetstatUnixLine('unix  3      [ ]         STREAM     CONNECTED     45611   ', false)?.path).toBeNull();
  });

  it('reads the PID/Program cell by width, and by word where the padding was lost', () => {
    const padded = parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 1234/Web Content      /tmp/a b', true);
    expect(padded).toMatchObject({ pid: 1234, processName: 'Web Content', path: '/tmp/a b' });
    const squeezed = parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 99/xyz /tmp/some/long/sock', true);
    expect(squeezed).toMatchObject({ pid: 99, processName: 'xyz', path: '/tmp/some/long/sock' });
    // Within the cell's 20 columns there is no telling a name with spaces from a path: net-tools pads, so it is the name.
    const short = parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 99/x y', true);
    expect(short).toMatchObject({ pid: 99, processName: 'x y', path: null });
    const dash = parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 -                    /tmp/sock', true);
    expect(dash).toMatchObject({ pid: null, processName: null, path: '/tmp/sock' });
    const exactWidth = parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 12345/abcdefghijklmn', true);
    expect(exactWidth).toMatchObject({ pid: 12345, processName: 'abcdefghijklmn', path: null });
    const longWord = parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 12345/abcdefghijklmnopqrstu /p', true);
    expect(longWord).toMatchObject({ pid: 12345, processName: 'abcdefghijklmnopqrstu', path: '/p' });
  });

  it('refuses a row whose program cell is not PID/name, and rows that are not netstat -x rows', () => {
    expect(parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 systemd              /run/x', true)).toBeNull();
    expect(parseNetstatUnixLine('unix 2 [ ] STREAM CONNECTED 1 /x/                  /run/x', true)).toBeNull();
    expect(parseNetstatUnixLine('unix x [ ] STREAM CONNECTED 1 /run/x', false)).toBeNull();
    expect(parseNetstatUnixLine('unix 2 STREAM CONNECTED 1 /run/x', false)).toBeNull();
    expect(parseNetstatUnixLine('tcp 2 [ ] STREAM CONNECTED 1 /run/x', false)).toBeNull();
  });
});
