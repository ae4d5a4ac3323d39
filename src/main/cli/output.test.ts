import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection } from '../../shared/model';
import type { View } from './args';
import { connectionRowPrinter, printSnapshot, STREAM_TABLE_BATCH, type PrintOptions } from './output';
import { formatTableRow } from './table';
import { capturePrint } from './test-helpers';

function row(i: number, processName: string | null = null): Connection {
  return blankConnection({
    protocol: i % 3 === 0 ? 'udp' : 'tcp',
    family: 4,
    localAddress: `10.0.${(i >> 8) & 255}.${i & 255}`,
    localPort: 1024 + (i % 60000),
    remoteAddress: '172.16.0.1',
    remotePort: 443,
    state: i % 3 === 0 ? 'NONE' : 'ESTABLISHED',
    pid: i,
    processName,
  });
}

/** Captures stdout as the CLI writes it: out() adds '\n'. */
function capture(format: PrintOptions['format'], views: View[] = ['connections'], filter: string | null = null) {
  const { options, out, err } = capturePrint(views, { format, filter });
  return { options, stdout: () => out.map((text) => `${text}\n`).join(''), errors: err };
}

describe('CSV from the CLI', () => {
  it('ends every record, the last included, with CRLF (as the app export does)', () => {
    const { options, stdout } = capture('csv');
    printSnapshot(emptySnapshot({ connections: [row(1, 'a;b'), row(2)] }), options);
    const text = stdout();
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4); // header, two rows, '' after the last CRLF
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain(',"a;b",');
  });

  it('does the same for routes and every other view', () => {
    const { options, stdout } = capture('csv', ['routes']);
    printSnapshot(
      emptySnapshot({
        routes: [
          {
            family: 4,
            destination: '0.0.0.0',
            prefixLength: 0,
            gateway: '10.0.0.1',
            interface: 'eth0',
            metric: 100,
            flags: 'UG',
            table: null,
          },
        ],
      }),
      options,
    );
    expect(stdout()).toMatch(/^Destination,.*\r\n0\.0\.0\.0\/0,10\.0\.0\.1,eth0,100,UG,\r\n$/);
  });
});

describe('connectionRowPrinter (rows printed as a big import streams in)', () => {
  it('prints exactly what printSnapshot prints when the rows fit one batch, table and CSV', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i, i === 7 ? 'a much longer program name' : 'p'));
    for (const format of ['table', 'csv'] as const) {
      const whole = capture(format, ['connections'], 'proto:tcp');
      printSnapshot(emptySnapshot({ connections: rows }), whole.options);
      const streamed = capture(format, ['connections'], 'proto:tcp');
      const printer = connectionRowPrinter(streamed.options);
      if (!printer) throw new Error('expected a printer');
      for (const r of rows) printer.row(r);
      expect(printer.end()).toBe(rows.filter((r) => r.protocol === 'tcp').length);
      expect(streamed.stdout()).toBe(whole.stdout());
    }
  });

  it('streams more rows than a batch with the first batch setting the columns, and counts them on stderr', () => {
    const n = STREAM_TABLE_BATCH * 2 + 5;
    const { options, stdout, errors } = capture('table');
    const printer = connectionRowPrinter(options);
    if (!printer) throw new Error('expected a printer');
    for (let i = 0; i < n; i++) printer.row(row(i, i === n - 1 ? 'x'.repeat(30) : 'p'));
    expect(printer.end()).toBe(n);
    const lines = stdout().split('\n');
    expect(lines[0]).toBe('Active connections');
    expect(lines[2]).toMatch(/^Proto {2}Recv-Q {2}Send-Q {2}Local Address +Foreign Address/);
    expect(lines.filter((l) => /^(tcp|udp) /.test(l))).toHaveLength(n);
    // Same column start for a row of the first batch and one after it.
    const pidColumn = (line: string | undefined) => line?.indexOf(' p') ?? -1;
    expect(pidColumn(lines[3])).toBe(pidColumn(lines[3 + STREAM_TABLE_BATCH + 1]));
    expect(errors).toEqual([`netscope: ${n} connections`]);
    const csv = capture('csv');
    const csvPrinter = connectionRowPrinter(csv.options);
    for (let i = 0; i < n; i++) csvPrinter?.row(row(i));
    csvPrinter?.end();
    expect(csv.stdout().split('\r\n')).toHaveLength(n + 2);
    expect(csv.stdout().match(/^Proto,/gm)).toHaveLength(1);
  });

  it('is not used for JSON or for several views (those print from a whole snapshot)', () => {
    expect(connectionRowPrinter(capture('json').options)).toBeNull();
    expect(connectionRowPrinter(capture('table', ['connections', 'routes']).options)).toBeNull();
  });
});

describe('JSON written in pieces (a big import passes V8 string limit as one string)', () => {
  it('writes exactly what JSON.stringify(json, null, 2) gives, for none, one and many rows', () => {
    for (const count of [0, 1, 2500]) {
      const rows = Array.from({ length: count }, (_, i) => ({
        ...row(i, 'p'),
        components: i % 2 ? ['A', 'B'] : undefined,
      }));
      const snapshot = emptySnapshot({ connections: rows, host: 'h' });
      const whole = capture('json');
      printSnapshot(snapshot, whole.options);
      const pieces: string[] = [];
      const streamed = capture('json');
      printSnapshot(snapshot, { ...streamed.options, write: (text) => pieces.push(text) });
      expect(streamed.stdout()).toBe('');
      expect(pieces.length).toBeGreaterThan(count > 1000 ? 3 : 0);
      expect(pieces.join('')).toBe(whole.stdout());
    }
  });
});

describe('formatTableRow (a hand loop, for speed on big imports)', () => {
  it('gives what padEnd, join and trimEnd give', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 6 }),
        fc.array(fc.nat(8), { maxLength: 6 }),
        (cells, widths) => {
          const reference = cells
            .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd();
          expect(formatTableRow(cells, widths)).toBe(reference);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
