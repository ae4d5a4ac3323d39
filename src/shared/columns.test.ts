import { describe, expect, it } from 'vitest';
import { COLUMN_BY_ID, COLUMN_IDS, CONNECTION_COLUMNS, isColumnId } from './columns';
import { udpRow } from './test-helpers';

const row = udpRow('::', 53, '::', 0, 'NONE');

describe('connection columns', () => {
  it('print empty values as empty cells, never "null" or "undefined"', () => {
    const cells = Object.fromEntries(CONNECTION_COLUMNS.map((c) => [c.id, c.text(row)]));
    expect(cells).toEqual({
      proto: 'udp6',
      localAddress: '::',
      localPort: '53',
      // No peer: netstat's `*`.
      remoteAddress: '*',
      remotePort: '*',
      state: '',
      service: 'domain',
      pid: '',
      process: '',
      path: '',
      user: '',
      commandLine: '',
      components: '',
      inode: '',
      rxQueue: '',
      txQueue: '',
      unixType: '',
      peerInode: '',
      offloadState: '',
      template: '',
      // No counters (UDP, procfs): empty, never 0.
      bytesSent: '',
      bytesReceived: '',
      sendRate: '',
      receiveRate: '',
      rtt: '',
      retransmissions: '',
    });
  });

  it('print values', () => {
    const full = { ...row, state: 'LISTEN' as const, pid: 0, components: ['a', 'b'], user: 'root' };
    expect(COLUMN_BY_ID.get('pid')?.text(full)).toBe('0');
    expect(COLUMN_BY_ID.get('components')?.text(full)).toBe('a b');
    expect(COLUMN_BY_ID.get('state')?.text(full)).toBe('LISTEN');
    expect(COLUMN_BY_ID.get('user')?.text(full)).toBe('root');
    const windows = { ...full, offloadState: 'Offloaded' as const, template: 'Datacenter' };
    expect(COLUMN_BY_ID.get('offloadState')?.text(windows)).toBe('Offloaded');
    expect(COLUMN_BY_ID.get('template')?.text(windows)).toBe('Datacenter');
  });

  it('know their ids', () => {
    expect(COLUMN_IDS).toEqual(CONNECTION_COLUMNS.map((c) => c.id));
    expect(COLUMN_IDS).toContain('proto');
    for (const id of COLUMN_IDS) {
      expect(isColumnId(id)).toBe(true);
      expect(COLUMN_BY_ID.get(id)?.id).toBe(id);
    }
    for (const v of ['', 'nope', '__proto__', 'toString', 1, null]) expect(isColumnId(v)).toBe(false);
  });
});
