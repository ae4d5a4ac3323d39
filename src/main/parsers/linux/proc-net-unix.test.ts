import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankUnixSocket, type UnixSocketState, type UnixSocketType } from '../../../shared/unix-socket';
import { parseProcNetUnix, parseProcNetUnixLine } from './proc-net-unix';

const HEADER = 'Num       RefCount Protocol Flags    Type St Inode Path';
const FIXTURE = '../shared/fixtures/linux/proc-net-unix--jc--1.txt';

describe('parseProcNetUnix', () => {
  it('reads a path, an abstract name, an unnamed socket, each type and state', () => {
    const text = [
      HEADER,
      'ffff8d3c01e2b800: 00000002 00000000 00010000 0001 01 23456 /run/systemd/private',
      '0000000000000000: 00000003 00000000 00000000 0001 03 23457',
      'ffff8d3c01e2c000: 00000002 00000000 00000000 0002 01 34567 @/tmp/.X11-unix/X0',
      'ffff8d3c01e2c400: 00000002 00000000 00000000 0005 02 34568 /run/with space/s',
      'ffff8d3c01e2c800: 00000002 00000000 00000000 0001 04 34569 ',
      '',
    ].join('\n');
    const result = parseProcNetUnix(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.unixSockets).toEqual([
      blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/run/systemd/private', inode: 23456 }),
      blankUnixSocket({ type: 'stream', state: 'CONNECTED', path: null, inode: 23457 }),
      blankUnixSocket({ type: 'dgram', state: 'UNCONNECTED', path: '@/tmp/.X11-unix/X0', inode: 34567 }),
      blankUnixSocket({ type: 'seqpacket', state: 'CONNECTING', path: '/run/with space/s', inode: 34568 }),
      blankUnixSocket({ type: 'stream', state: 'DISCONNECTING', path: null, inode: 34569 }),
    ]);
  });

  it('counts a garbage line as skipped and keeps the rows around it', () => {
    const text = [HEADER, 'not a row at all', 'ffff8d3c01e2b800: 00000002 00000000 00000000 0002 01 7 /x'].join('\n');
    const result = parseProcNetUnix(text);
    expect(result.skipped).toEqual(['not a row at all']);
    expect(result.data.unixSockets).toHaveLength(1);
  });

  it('reads an unknown type and state without dropping the row', () => {
    const socket = parseProcNetUnixLine('ffff8d3c01e2b800: 00000002 00000000 00000000 0003 09 8 /x');
    expect(socket).toMatchObject({ type: 'unknown', state: 'UNKNOWN', inode: 8, path: '/x' });
  });

  it('reads any row the kernel can print back to its fields (property)', () => {
    const codeOf: Record<string, number> = { stream: 1, dgram: 2, seqpacket: 5 };
    const stateCode: Record<string, number> = { UNCONNECTED: 1, CONNECTING: 2, CONNECTED: 3, DISCONNECTING: 4 };
    const pathArb = fc.oneof(
      fc.constant(null),
      fc.stringMatching(/^\/[^\n\r]{0,100}$/),
      fc.stringMatching(/^@[^\n\r]{0,100}$/),
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.constantFrom<UnixSocketType>('stream', 'dgram', 'seqpacket'),
        fc.constantFrom<UnixSocketState>('LISTENING', 'UNCONNECTED', 'CONNECTING', 'CONNECTED', 'DISCONNECTING'),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 0xffff }),
        pathArb,
        (address, type, state, inode, otherFlags, path) => {
          const listening = state === 'LISTENING';
          const flags = (listening ? 0x10000 : 0) | otherFlags;
          const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
          const line =
            `${address.toString(16).padStart(16, '0')}: 00000002 00000000 ${hex(flags, 8)} ` +
            `${hex(codeOf[type] as number, 4)} ${hex(listening ? 1 : (stateCode[state] as number), 2)} ${inode}` +
            (path === null ? '' : ` ${path}`);
          const expected = blankUnixSocket({ type, state, path: path === '' ? null : path, inode });
          expect(parseProcNetUnixLine(line)).toEqual(expected);
          expect(parseProcNetUnix(`${HEADER}\n${line}\n`).data.unixSockets).toEqual([expected]);
        },
      ),
    );
  });

  it('never throws, and every non-blank line is a socket or skipped, on any text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 120 }), { maxLength: 20 }), (lines) => {
        const text = lines.join('\n');
        const result = parseProcNetUnix(text);
        const meaningful = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('Num '));
        expect((result.data.unixSockets ?? []).length + result.skipped.length).toBe(meaningful.length);
      }),
    );
  });

  it.skipIf(!existsSync(FIXTURE))('reads the captured /proc/net/unix whole', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const result = parseProcNetUnix(text);
    const rows = text.split('\n').filter((l) => l.trim() !== '').length - 1;
    expect(result.skipped).toEqual([]);
    expect(result.data.unixSockets).toHaveLength(rows);
    expect(result.data.unixSockets).toContainEqual(
      blankUnixSocket({ type: 'seqpacket', state: 'LISTENING', path: '/run/udev/control', inode: 29792 }),
    );
  });
});
