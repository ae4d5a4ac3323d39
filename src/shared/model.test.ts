import { describe, expect, it } from 'vitest';
import {
  assignConnectionIds,
  blankConnection,
  connectionKey,
  disambiguatedId,
  emptySnapshot,
  isSocketState,
  newUsedIds,
  protocolLabel,
  snapshotWarnings,
  SOCKET_STATES,
  type Connection,
} from './model';

const listener = (fields: Partial<Connection> = {}): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '0.0.0.0',
    localPort: 80,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    ...fields,
  });

describe('model helpers', () => {
  it('knows the socket states and nothing else', () => {
    for (const s of SOCKET_STATES) expect(isSocketState(s)).toBe(true);
    expect(SOCKET_STATES).toContain('NONE');
    expect(SOCKET_STATES).toContain('UNKNOWN');
    for (const v of ['', 'listen', 'BOGUS', 1, null, undefined, ['LISTEN']]) expect(isSocketState(v)).toBe(false);
  });

  it('starts an empty snapshot with empty parts, and takes overrides', () => {
    expect(emptySnapshot()).toEqual({
      seq: 0,
      takenAt: 0,
      tookMs: 0,
      host: '',
      platform: '',
      source: { kind: 'live' },
      connections: [],
      routes: [],
      interfaces: [],
      protocolStats: {},
      collectors: [],
    });
    expect(emptySnapshot({ seq: 5, host: 'h' })).toMatchObject({ seq: 5, host: 'h', platform: '' });
  });

  it('prefixes warnings with their collector', () => {
    const s = emptySnapshot({
      collectors: [
        { name: 'routes', ok: false, error: 'EACCES', warnings: ['w1'], tookMs: 1 },
        { name: 'connections', ok: true, error: null, warnings: [], tookMs: 1 },
      ] as never,
    });
    expect(snapshotWarnings(s)).toEqual(['routes: EACCES', 'routes: w1']);
  });

  it('labels protocols as netstat does', () => {
    expect(protocolLabel({ protocol: 'tcp', family: 4 })).toBe('tcp');
    expect(protocolLabel({ protocol: 'udp', family: 6 })).toBe('udp6');
    // A UNIX socket has no address family: plain 'unix' whatever its family field says.
    expect(protocolLabel({ protocol: 'unix', family: 4 })).toBe('unix');
    expect(protocolLabel({ protocol: 'unix', family: 6 })).toBe('unix');
  });

  it('fills a blank connection with nulls', () => {
    expect(listener()).toEqual({
      id: '',
      protocol: 'tcp',
      family: 4,
      localAddress: '0.0.0.0',
      localPort: 80,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state: 'LISTEN',
      pid: null,
      processName: null,
      exePath: null,
      commandLine: null,
      user: null,
      uid: null,
      inode: null,
      rxQueue: null,
      txQueue: null,
    });
  });
});

describe('connection ids', () => {
  it('keys a socket by protocol, family and both endpoints', () => {
    expect(connectionKey(listener())).toBe('tcp4 0.0.0.0:80 0.0.0.0:0');
  });

  it('disambiguates shared keys by inode, else PID, else n, then ordinals', () => {
    const used = newUsedIds();
    expect(disambiguatedId('k', { inode: 7, pid: 1 }, used)).toBe('k#7');
    expect(disambiguatedId('k', { inode: null, pid: 9 }, used)).toBe('k#p9');
    expect(disambiguatedId('k', { inode: null, pid: null }, used)).toBe('k#n');
    expect(disambiguatedId('k', { inode: 7, pid: 1 }, used)).toBe('k#7.2');
    expect(disambiguatedId('k', { inode: 7, pid: 1 }, used)).toBe('k#7.3');
    expect(disambiguatedId('k', { inode: null, pid: 9 }, used)).toBe('k#9.2');
    expect(disambiguatedId('k', { inode: null, pid: null }, used)).toBe('k#n.2');
    // An ordinal taken by another row is skipped, not reused.
    used.ids.add('j#1.2');
    disambiguatedId('j', { inode: 1, pid: null }, used);
    expect(disambiguatedId('j', { inode: 1, pid: null }, used)).toBe('j#1.3');
    expect(used.ids.has('k#7.3')).toBe(true);
  });

  it('gives unique keys the plain key and shared ones a disambiguator, in place', () => {
    const rows = [listener({ inode: 1 }), listener({ inode: 2 }), listener({ localPort: 443, inode: 3 })];
    expect(assignConnectionIds(rows)).toBe(rows);
    expect(rows.map((c) => c.id)).toEqual([
      'tcp4 0.0.0.0:80 0.0.0.0:0#1',
      'tcp4 0.0.0.0:80 0.0.0.0:0#2',
      'tcp4 0.0.0.0:443 0.0.0.0:0',
    ]);
  });
});
