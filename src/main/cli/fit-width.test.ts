import { describe, expect, it } from 'vitest';
import { fitWidths, tableWidth, truncateCell, truncateRows } from './fit-width';
import { CONNECTION_SHRINK, CONNECTION_TABLE_HEADER, connectionWidths } from './views';

describe('fitting a table to the terminal', () => {
  it('cuts a path at a separator, keeping the file name', () => {
    expect(truncateCell('/usr/lib/jvm/java-17-openjdk-amd64/bin/java', 16, 'end')).toBe('…/bin/java');
    expect(truncateCell('C:\\Program Files\\Mozilla Firefox\\firefox.exe', 20, 'end')).toBe('…\\firefox.exe');
    expect(truncateCell('/opt/averyveryverylongname', 8, 'end')).toBe('…ongname');
    expect(truncateCell('/usr/bin/node', 20, 'end')).toBe('/usr/bin/node');
  });

  it('keeps the start of a name', () => {
    expect(truncateCell('systemd-resolved', 8, 'start')).toBe('systemd…');
    expect(truncateCell('nginx', 8, 'start')).toBe('nginx');
  });

  it('shrinks the path first, then the program, then the user, and never below their minimum', () => {
    const widths = [5, 6, 6, 21, 21, 11, 7, 20, 10, 60];
    const fitted = fitWidths(widths, 150, CONNECTION_SHRINK);
    expect(tableWidth(fitted)).toBe(150);
    expect(fitted.slice(0, 9)).toEqual(widths.slice(0, 9));
    const tighter = fitWidths(widths, 140, CONNECTION_SHRINK);
    expect(tighter[9]).toBe(16);
    expect(tighter[7]).toBe(19);
    expect(tableWidth(tighter)).toBe(140);
    // Too narrow for anything: addresses, states and PIDs keep their width; the cut columns stop at their minimum.
    const narrow = fitWidths(widths, 40, CONNECTION_SHRINK);
    expect(narrow).toEqual([5, 6, 6, 21, 21, 11, 7, 12, 8, 16]);
  });

  it('leaves a table that fits as it is', () => {
    const rows = [['tcp', '0', '0', '127.0.0.1:22', '0.0.0.0:*', 'LISTEN', '1', 'sshd', 'root', '/usr/sbin/sshd']];
    const widths = connectionWidths(rows, 200);
    expect(widths).toEqual(connectionWidths(rows));
    expect(truncateRows(rows, widths, CONNECTION_SHRINK)).toEqual(rows);
    expect(CONNECTION_TABLE_HEADER[9]).toBe('Path');
  });
});
