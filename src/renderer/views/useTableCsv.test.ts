/** The row count a view's Export CSV reports: records, not lines (a quoted cell may hold a line break). */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/csv';
import { csvRecords } from './useTableCsv';

describe('csvRecords', () => {
  it('counts records, with line breaks and quotes inside cells', () => {
    expect(csvRecords('')).toBe(0);
    expect(csvRecords('a,b\r\n')).toBe(1);
    expect(csvRecords('a,b\r\n1,2\r\n3,4\r\n')).toBe(3);
    expect(csvRecords('Name,Path\r\n"two\r\nlines","say ""hi""\r\n"\r\nx,y\r\n')).toBe(3);
  });

  it("the shared writer's text: header and rows, whatever the cells hold", () => {
    const rows = [
      ['a\r\nb', 1],
      ['"quoted"', 2],
      ['plain', null],
    ];
    expect(csvRecords(toCsv(['Name', 'N'], rows))).toBe(4);
  });
});
