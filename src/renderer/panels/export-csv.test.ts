import { describe, expect, it } from 'vitest';
import { CONNECTION_COLUMNS } from '../../shared/columns';
import { blankConnection } from '../../shared/model';
import { defaultPrefs } from '../store/prefs';
import { exportColumnIds, rowsToCsv } from './export-csv';

const listening = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '0.0.0.0',
  localPort: 443,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  state: 'LISTEN',
  pid: 7,
  processName: 'nginx',
  user: 'www',
  exePath: '/usr/sbin/nginx',
});

describe('CSV export columns', () => {
  it('"all columns" is the one shared list in its order, the CLI\'s (Service included, User before Path)', () => {
    const d = defaultPrefs();
    const ids = exportColumnIds('all', d.columnOrder, d.visibleColumns);
    expect(ids).toEqual(CONNECTION_COLUMNS.map((c) => c.id));
    const header = rowsToCsv([], ids, new Map()).split('\r\n')[0] ?? '';
    expect(header).toMatch(
      /^Proto,Local Address,Local Port,Remote Address,Remote Port,State,Service,PID,Process,User,Path,/,
    );
  });

  it('"visible columns" by default follows the grid\'s default order (the owner before Service), Service included', () => {
    const d = defaultPrefs();
    const ids = exportColumnIds('visible', d.columnOrder, d.visibleColumns);
    // The shared order (the CLI's), but PID and Process before Service, beside the traffic columns (column-order.ts).
    const shared = CONNECTION_COLUMNS.map((c) => c.id).filter((id) => d.visibleColumns.includes(id));
    const service = shared.indexOf('service');
    expect(ids).toEqual([...shared.slice(0, service), 'pid', 'process', 'service', ...shared.slice(service + 3)]);
    expect(ids).toContain('service');
  });

  it("writes a listening socket's remote as *, as netstat does", () => {
    const csv = rowsToCsv([listening], ['remoteAddress', 'remotePort', 'service'], new Map());
    expect(csv.split('\r\n')[1]).toBe('*,*,https');
  });
});
