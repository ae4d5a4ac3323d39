/** The UNIX socket model's helpers: type/state guards, blank rows, ids stable per socket, netstat -x labels. */
import { describe, expect, it } from 'vitest';
import {
  assignUnixSocketIds,
  blankUnixSocket,
  isUnixSocketState,
  isUnixSocketType,
  unixTypeLabel,
} from './unix-socket';

describe('UNIX socket guards', () => {
  it('know exactly the types and states of the model', () => {
    for (const t of ['stream', 'dgram', 'seqpacket', 'unknown']) expect(isUnixSocketType(t)).toBe(true);
    for (const t of ['STREAM', 'raw', '', 'stream ', 1, null, undefined]) expect(isUnixSocketType(t)).toBe(false);
    for (const s of ['LISTENING', 'CONNECTED', 'CONNECTING', 'DISCONNECTING', 'UNCONNECTED', 'UNKNOWN'])
      expect(isUnixSocketState(s)).toBe(true);
    for (const s of ['listening', 'LISTEN', 'ESTABLISHED', '', 0, null]) expect(isUnixSocketState(s)).toBe(false);
  });
});

describe('blankUnixSocket', () => {
  it('leaves every field it was not given empty (null), id included', () => {
    expect(blankUnixSocket({ type: 'dgram', state: 'UNCONNECTED', path: null })).toEqual({
      id: '',
      type: 'dgram',
      state: 'UNCONNECTED',
      path: null,
      inode: null,
      peerInode: null,
      rxQueue: null,
      txQueue: null,
      pid: null,
      processName: null,
      user: null,
      uid: null,
    });
  });

  it('keeps what it was given over the blanks', () => {
    const s = blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/run/x.sock', inode: 7, pid: 42, uid: 0 });
    expect(s).toMatchObject({ inode: 7, pid: 42, uid: 0, path: '/run/x.sock', peerInode: null });
  });
});

describe('assignUnixSocketIds', () => {
  it('names a socket by its inode where there is one', () => {
    const [a] = assignUnixSocketIds([blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/a', inode: 12 })]);
    expect(a?.id).toBe('unix:12');
  });

  it('without an inode, by its path (or "(unnamed)") and an ordinal counted per path only', () => {
    const s = (path: string | null, inode: number | null = null) =>
      blankUnixSocket({ type: 'stream', state: 'CONNECTED', path, inode });
    const ids = assignUnixSocketIds([s('/a'), s(null), s('/a'), s('/b', 5), s(null), s('/b')]).map((x) => x.id);
    expect(ids).toEqual(['unix:/a#1', 'unix:(unnamed)#1', 'unix:/a#2', 'unix:5', 'unix:(unnamed)#2', 'unix:/b#1']);
  });

  it('returns the same array, the ids set in place', () => {
    const list = [blankUnixSocket({ type: 'dgram', state: 'UNCONNECTED', path: '@abs' })];
    expect(assignUnixSocketIds(list)).toBe(list);
    expect(list[0]?.id).toBe('unix:@abs#1');
  });
});

describe('unixTypeLabel', () => {
  it('prints the type as netstat -x does, ? for unknown', () => {
    expect((['stream', 'dgram', 'seqpacket', 'unknown'] as const).map(unixTypeLabel)).toEqual([
      'STREAM',
      'DGRAM',
      'SEQPACKET',
      '?',
    ]);
  });
});
