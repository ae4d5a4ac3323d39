/**
 * Windows netstat's -t and -y in the CLI: what the switches parse to on each OS, and the Offload State / Template
 * columns of the connection table (asked for live, or present in an imported file).
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection } from '../../shared/model';
import { parseArgs, type ShowCommand } from './args';
import { renderView } from './views';
import { windowsColumns } from './windows-columns';

const row = (localPort: number, extra: Partial<Connection> = {}): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort,
    remoteAddress: '10.0.0.9',
    remotePort: 50112,
    state: 'ESTABLISHED',
    pid: 4,
    ...extra,
  });

const rows = [row(445, { offloadState: 'Offloaded', template: 'Datacenter' }), row(446, { offloadState: 'InHost' })];
const live = emptySnapshot({ platform: 'win32', connections: rows });
const imported = emptySnapshot({
  platform: 'win32',
  connections: rows,
  source: { kind: 'import', file: 'customer.txt', formats: ['windows-netstat-an'] },
});

describe('-t and -y on the command line', () => {
  it('-t chooses TCP everywhere, and the offload column only on Windows', () => {
    const command = parseArgs(['-ant']) as ShowCommand;
    expect(command.sockets?.every((k) => k.protocol === 'tcp')).toBe(true);
    expect(command.offloadColumn).toBe(process.platform === 'win32');
  });

  it.runIf(process.platform !== 'win32')('-y is refused as Windows-only, as a usage error (exit code 2)', () => {
    expect(() => parseArgs(['-y'])).toThrow(expect.objectContaining({ name: 'UsageError' }));
    expect(() => parseArgs(['--template'])).toThrow(/Windows-only/);
  });
});

describe('the Offload State and Template columns', () => {
  it('are left out unless asked for, live', () => {
    expect(windowsColumns(live, rows, {})).toBeNull();
    const table = renderView('connections', live, rows, { format: 'table' });
    expect(table).not.toMatch(/Offload State|Template/);
  });

  it("come after the usual columns with each row's value when asked for", () => {
    const table = renderView('connections', live, rows, { format: 'table', offloadColumn: true, templateColumn: true });
    const [header, first, second] = table.split('\n');
    expect(header).toMatch(/Path\s+Offload State\s+Template$/);
    expect(first).toMatch(/Offloaded\s+Datacenter$/);
    expect(second).toMatch(/InHost\s+-$/);
    const offloadOnly = renderView('connections', live, rows, { format: 'table', offloadColumn: true });
    expect(offloadOnly.split('\n')[0]).toMatch(/Offload State$/);
  });

  it('are shown for an imported file that has them, and not when no row has a value', () => {
    expect(windowsColumns(imported, rows, {})?.header).toEqual(['Offload State', 'Template']);
    const plain = [row(1)];
    expect(windowsColumns(imported, plain, { offloadColumn: true, templateColumn: true })).toBeNull();
  });

  it('keep addresses whole when fitted to a narrow terminal (the path shrinks first)', () => {
    const withPath = [row(445, { offloadState: 'Offloaded', exePath: 'C:\\Windows\\System32\\svchost.exe' })];
    const table = renderView('connections', live, withPath, { format: 'table', offloadColumn: true, columns: 110 });
    expect(table).toContain('10.0.0.5:445');
    expect(table.split('\n')[1]).toMatch(/Offloaded$/);
  });

  it('are CSV and JSON fields too', () => {
    const csv = renderView('connections', live, rows, { format: 'csv' });
    expect(csv.split('\r\n')[0]).toContain('Offload State,Template');
    expect(csv.split('\r\n')[1]).toContain('Offloaded,Datacenter');
  });
});
