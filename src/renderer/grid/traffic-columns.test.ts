import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../shared/model';
import { rowsToCsv } from '../panels/export-csv';
import { defaultPrefs, DEFAULT_VISIBLE } from '../store/prefs';
import { GRID_COLUMN_BY_ID, gridCellText } from './columns';
import { sortConnections } from './sort';
import { FIRST_SHOWN } from './traffic-columns';

const NO_NAMES = new Map<string, string | null>();

function row(id: string, receiveRate: number | null | 'none', protocol: 'tcp' | 'udp' = 'tcp'): Connection {
  const c = {
    ...blankConnection({
      protocol,
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 1,
      remoteAddress: '10.0.0.2',
      remotePort: 2,
      state: protocol === 'tcp' ? ('ESTABLISHED' as const) : ('NONE' as const),
    }),
    id,
  };
  if (receiveRate === 'none') return c;
  return {
    ...c,
    traffic: {
      bytesSent: 2_500_000,
      bytesReceived: 10,
      segmentsSent: 1,
      segmentsReceived: 1,
      retransmissions: 0,
      rttMs: 12.5,
      rttVarianceMs: 1,
      sendRate: 0,
      receiveRate,
      segmentSendRate: null,
      segmentReceiveRate: null,
      retransmissionRate: null,
    },
  };
}

describe('traffic columns in the grid', () => {
  it('have short titles and align as numbers', () => {
    expect(GRID_COLUMN_BY_ID.get('receiveRate')).toMatchObject({ title: 'Receive Rate', kind: 'number' });
    expect(GRID_COLUMN_BY_ID.get('bytesSent')?.title).toBe('Sent');
  });

  it('show formatted values; rows without counters are empty while the engine reads them', () => {
    expect(gridCellText('bytesSent', row('a', 5), NO_NAMES, null)).toBe('2.50 MB');
    expect(gridCellText('receiveRate', row('a', 5), NO_NAMES, null)).toBe('5 B/s');
    expect(gridCellText('rtt', row('a', 5), NO_NAMES, null)).toBe('12.5 ms');
    expect(gridCellText('receiveRate', row('a', null), NO_NAMES, null)).toBe('');
    expect(gridCellText('receiveRate', row('u', 'none', 'udp'), NO_NAMES, null)).toBe('');
    expect(gridCellText('proto', row('a', 5), NO_NAMES, null)).toBe('tcp');
  });

  it('say why when the engine reads no counters', () => {
    const why = 'counters need the netlink engine (--socket-engine netlink)';
    expect(gridCellText('bytesSent', row('p', 'none'), NO_NAMES, why)).toBe(why);
  });

  it('sort by number, rows without a rate last in both directions', () => {
    const rows = [row('none', 'none'), row('slow', 5), row('first', null), row('fast', 5_000_000), row('mid', 900)];
    const order = (desc: boolean) => sortConnections(rows, 'receiveRate', desc, () => '').map((c) => c.id);
    expect(order(true)).toEqual(['fast', 'mid', 'slow', 'none', 'first']);
    expect(order(false)).toEqual(['slow', 'mid', 'fast', 'none', 'first']);
  });

  it('export as plain numbers under titles with units', () => {
    const csv = rowsToCsv([row('a', 1234.6)], ['bytesSent', 'receiveRate', 'rtt'], NO_NAMES);
    expect(csv).toBe('Sent (B),Receive Rate (B/s),RTT (ms)\r\n2500000,1235,12.5\r\n');
  });
});

describe('where the traffic columns sit', () => {
  /** The grid's vertical scrollbar (Chromium's classic one) takes this much of the window's width. */
  const SCROLLBAR = 15;

  it('fit in a 1280 px window beside the owner, with the default columns and the ones shown when counters arrive', () => {
    const visible = [...DEFAULT_VISIBLE, ...FIRST_SHOWN];
    const shown = defaultPrefs().columnOrder.filter((id) => visible.includes(id));
    let right = 0;
    const edge = new Map<string, number>();
    for (const id of shown) edge.set(id, (right += GRID_COLUMN_BY_ID.get(id)?.size ?? 0));
    // Who (PID, Process) and how much (the four traffic columns) before the rest, and all of it on screen.
    expect(shown.slice(6, 12)).toEqual(['pid', 'process', 'sendRate', 'receiveRate', 'bytesSent', 'bytesReceived']);
    expect(Math.max(...FIRST_SHOWN.map((id) => edge.get(id) ?? Infinity))).toBeLessThanOrEqual(1280 - SCROLLBAR);
    // Path, the widest default column, is past them.
    expect(shown.indexOf('path')).toBeGreaterThan(shown.indexOf('bytesReceived'));
  });
});
