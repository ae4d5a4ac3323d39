import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralizeFormula, toCsv } from './csv';

describe('csv', () => {
  it('quotes per RFC 4180: commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvRow([undefined, 'x', undefined])).toBe(',x,');
    expect(csvCell(443)).toBe('443');
  });

  it('quotes a cell with a semicolon (spreadsheets in semicolon locales split on it)', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('svchost.exe -k LocalService;x')).toBe('"svchost.exe -k LocalService;x"');
    expect(csvRow(['C:\\a;b\\c.exe', 'plain'])).toBe('"C:\\a;b\\c.exe",plain');
  });

  it('ends every record with CRLF, the last one included', () => {
    const doc = toCsv(['A'], [['1'], ['2']]);
    expect(doc.split('\r\n')).toEqual(['A', '1', '2', '']);
    expect(doc.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('neutralizes cells a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      const cell = csvCell(evil);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(neutralizeFormula('chrome.exe')).toBe('chrome.exe');
    // A negative number is data, not a formula.
    expect(csvCell(-1)).toBe('-1');
  });

  it('writes a header, CRLF line ends, and round-trips through a simple reader', () => {
    const doc = toCsv(
      ['Proto', 'Process'],
      [
        ['tcp', 'a,"b"'],
        ['udp', null],
      ],
    );
    expect(doc).toBe('Proto,Process\r\ntcp,"a,""b"""\r\nudp,\r\n');
    expect(csvRow(['x', 1, null])).toBe('x,1,');
  });

  it('keeps non-ASCII text as is (UTF-8 is the caller encoding)', () => {
    expect(csvCell('сервис 服务')).toBe('сервис 服务');
  });
});
