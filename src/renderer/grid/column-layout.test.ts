import { describe, expect, it } from 'vitest';
import { columnsWidth, fillWidth } from './column-layout';
import { GRID_COLUMN_BY_ID } from './columns';
import type { VisibleColumn } from './row-painter';

const column = (id: string, width: number): VisibleColumn => {
  const col = GRID_COLUMN_BY_ID.get(id);
  if (!col) throw new Error(`no column ${id}`);
  return { ...col, width };
};

describe('column layout', () => {
  it("sums the columns' widths, 0 for none", () => {
    expect(columnsWidth([])).toBe(0);
    expect(columnsWidth([column('proto', 50), column('process', 120), column('pid', 60)])).toBe(230);
  });

  it('gives the room left to the first fill column, and the sum is then the viewport', () => {
    const filled = fillWidth([column('proto', 50), column('process', 120), column('pid', 60)], 500);
    expect(filled.map((c) => c.width)).toEqual([50, 390, 60]);
    expect(columnsWidth(filled)).toBe(500);
    // Wider than the viewport: left as set.
    expect(fillWidth([column('proto', 400), column('pid', 200)], 500).map((c) => c.width)).toEqual([400, 200]);
  });
});
