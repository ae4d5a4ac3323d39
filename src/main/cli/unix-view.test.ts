/** -x and -a the netstat way: which views the switches choose, and what the UNIX view prints. */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot } from '../../shared/model';
import { blankUnixSocket } from '../../shared/unix-socket';
import { parseArgs, type View } from './args';
import { viewsOfImport } from './import-views';
import { collectorsForViews } from './needed-collectors';
import { printSnapshot } from './output';
import { unixUnsupported } from './show-command';

function viewsOf(argv: string[]): View[] {
  const command = parseArgs(argv);
  if (command.kind !== 'show') throw new Error(`not a listing: ${command.kind}`);
  return command.views;
}

describe('-x and -a', () => {
  it('-x alone lists only UNIX sockets; with -t/-u both tables (netstat -lnptux)', () => {
    expect(viewsOf(['-x'])).toEqual(['unix']);
    expect(viewsOf(['-lnptux'])).toEqual(['connections', 'unix']);
    expect(viewsOf(['--unix', '-4'])).toEqual(['connections', 'unix']);
  });

  it('-a alone adds the UNIX sockets as netstat -a does; -ta, -an tcp, -a -r do not', () => {
    expect(viewsOf(['-a'])).toEqual(['connections', 'unix']);
    expect(viewsOf(['-anp'])).toEqual(['connections', 'unix']);
    expect(viewsOf(['-ta'])).toEqual(['connections']);
    expect(viewsOf(['-an', '-p', 'tcp'])).toEqual(['connections']);
    expect(viewsOf(['-a', '-r'])).toEqual(['routes']);
    expect(viewsOf([])).toEqual(['connections']);
  });

  it('collects UNIX sockets only when their view is shown', () => {
    const platform = {
      platform: 'linux',
      connections: { name: 'connections', collect: async () => ({ data: [], warnings: [] }) },
      routes: { name: 'routes', collect: async () => ({ data: [], warnings: [] }) },
      interfaces: { name: 'interfaces', collect: async () => ({ data: [], warnings: [] }) },
      protocolStats: { name: 'protocol-stats', collect: async () => ({ data: {}, warnings: [] }) },
      unixSockets: { name: 'unix-sockets', collect: async () => ({ data: [], warnings: [] }) },
      processInfo: async () => null,
    };
    expect(collectorsForViews(platform, ['connections']).unixSockets).toBeUndefined();
    expect(collectorsForViews(platform, ['unix']).unixSockets).toBe(platform.unixSockets);
  });

  it.skipIf(process.platform === 'win32')('-y says plainly that it is Windows-only', () => {
    expect(() => parseArgs(['-any'])).toThrow(/-y \(the TCP template of each connection\) is Windows-only/);
  });

  it('says what -x means where UNIX sockets are not listed', () => {
    expect(unixUnsupported('win32')).toMatch(/NetworkDirect/);
    expect(unixUnsupported('freebsd')).toMatch(/Linux and macOS only/);
  });
});

describe('the UNIX view', () => {
  const snapshot = emptySnapshot({
    platform: 'linux',
    unixSockets: [
      blankUnixSocket({
        id: 'unix:1',
        type: 'stream',
        state: 'LISTENING',
        path: '/run/a.sock',
        inode: 1,
        pid: 7,
        processName: 'sshd',
        user: 'root',
      }),
      blankUnixSocket({ id: 'unix:2', type: 'dgram', state: 'UNCONNECTED', path: '@abstract', inode: 2 }),
      blankUnixSocket({
        id: 'unix:3',
        type: 'seqpacket',
        state: 'CONNECTED',
        path: null,
        inode: 3,
        peerInode: 4,
        uid: 1000,
      }),
    ],
  });

  function print(argv: string[]): string[] {
    const command = parseArgs(argv);
    if (command.kind !== 'show') throw new Error('not a listing');
    const out: string[] = [];
    printSnapshot(snapshot, { ...command, repeating: false, out: (t) => out.push(t), err: () => undefined });
    return out.join('\n').split('\n');
  }

  it('prints netstat -x columns with the peer and the owner', () => {
    const lines = print(['-x']);
    expect(lines[0]).toBe('Active UNIX domain sockets (3)');
    expect(lines[2]?.split(/\s+/)).toEqual([
      'Proto',
      'Type',
      'State',
      'I-Node',
      'Peer',
      'PID',
      'Program',
      'User',
      'Path',
    ]);
    expect(lines[3]?.split(/\s+/)).toEqual([
      'unix',
      'STREAM',
      'LISTENING',
      '1',
      '-',
      '7',
      'sshd',
      'root',
      '/run/a.sock',
    ]);
    expect(lines[4]?.split(/\s+/)).toEqual(['unix', 'DGRAM', 'UNCONNECTED', '2', '-', '-', '-', '-', '@abstract']);
    expect(lines[5]?.trim().split(/\s+/)).toEqual(['unix', 'SEQPACKET', 'CONNECTED', '3', '4', '-', '-', '1000', '-']);
  });

  it('-lx keeps the listening ones', () => {
    expect(print(['-lx'])[0]).toBe('Active UNIX domain sockets (1)');
  });

  it('--json has them as unixSockets; --csv as rows', () => {
    const json = JSON.parse(print(['-x', '--json']).join('\n')) as { unixSockets: unknown[]; connections?: unknown };
    expect(json.unixSockets).toHaveLength(3);
    expect(json.connections).toBeUndefined();
    const csv = print(['-x', '--csv']).map((l) => l.replace(/\r$/, ''));
    expect(csv[0]).toBe('Type,State,Inode,PeerInode,PID,Program,User,UID,Path');
    // STREAM as the table spells it (the CSV wrote the model's 'stream').
    expect(csv[1]).toBe('STREAM,LISTENING,1,,7,sshd,root,,/run/a.sock');
    const tableTypes = print(['-x'])
      .filter((l) => l.startsWith('unix '))
      .map((l) => l.split(/\s+/)[1]);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(tableTypes);
    expect(csv).toHaveLength(4);
  });
});

describe('netscope import of a file with UNIX sockets', () => {
  const withUnix = (connections: number) =>
    emptySnapshot({
      connections: Array.from({ length: connections }, () => blankConnectionForTest()),
      unixSockets: [blankUnixSocket({ type: 'stream', state: 'LISTENING', path: '/x', inode: 1 })],
    });
  const defaults = { views: ['connections'] as View[], sockets: null };

  it('shows them without -x: alone for /proc/net/unix, after the inet table for netstat -a', () => {
    expect(viewsOfImport(defaults, withUnix(0))).toEqual(['unix']);
    expect(viewsOfImport(defaults, withUnix(2))).toEqual(['connections', 'unix']);
    expect(viewsOfImport(defaults, emptySnapshot())).toEqual(['connections']);
  });

  it('keeps what was asked for (-t, -r)', () => {
    expect(viewsOfImport({ views: ['connections'], sockets: [{ protocol: 'tcp', family: 4 }] }, withUnix(1))).toEqual([
      'connections',
    ]);
    expect(viewsOfImport({ views: ['routes'], sockets: null }, withUnix(1))).toEqual(['routes']);
  });
});

function blankConnectionForTest() {
  return blankConnection({
    ...{ protocol: 'tcp', family: 4, localAddress: '127.0.0.1', localPort: 1 },
    ...{ remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' },
  });
}
