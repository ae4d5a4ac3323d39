/**
 * One grid row. Memoized and free of handlers (the grid delegates events),
 * so a refresh re-renders only rows whose connection, mark or selection changed.
 * Cells carry no inline width and no title: a diff that scrolls 48 new rows
 * into view would set ~1000 style properties and attributes for them. Widths
 * come from one stylesheet per column layout, and the grid sets a cell's
 * title when the pointer reaches it (ConnectionGrid).
 */
import { memo, useContext, useLayoutEffect, useRef } from 'react';
import type { Connection } from '../../shared/model';
import type { RowMark } from '../store';
import { gridCellText, type GridColumn, type HostNames } from './columns';
import { TrafficAbsentContext } from './traffic-columns';

export const ROW_HEIGHT = 22;

export interface VisibleColumn extends GridColumn {
  width: number;
}

interface GridRowProps {
  connection: Connection;
  index: number;
  top: number;
  width: number;
  columns: readonly VisibleColumn[];
  mark: RowMark | undefined;
  selected: boolean;
  /** Host names for the Remote Host column; a new map when names arrive, so rows repaint. */
  hostNames: HostNames;
}

/** What the row's cells show: the columns the cells were made for and each one's text, in that order. */
interface ShownCells {
  columns: readonly VisibleColumn[];
  texts: readonly string[];
}

/** A cell's text, written into its one text node (a characterData change, no node made) where it has one. */
function writeCellText(cell: Element, text: string): void {
  const node = cell.firstChild;
  if (node !== null && node === cell.lastChild && node.nodeType === Node.TEXT_NODE) (node as Text).data = text;
  else cell.textContent = text;
}

/**
 * The row's cells, rendered with their texts when the columns change (and on the first render, which a server
 * render also gets), and then left alone by React: GridRow writes a later row's texts itself.
 */
const RowCells = memo(
  function RowCells({ columns, texts }: ShownCells) {
    return columns.map((col, i) => (
      <div key={col.id} role="gridcell" data-col={col.id} className={`cell ${col.kind}`}>
        {texts[i]}
      </div>
    ));
  },
  (prev, next) => prev.columns === next.columns,
);

export const GridRow = memo(function GridRow({
  connection,
  index,
  top,
  width,
  columns,
  mark,
  selected,
  hostNames,
}: GridRowProps) {
  const trafficAbsent = useContext(TrafficAbsentContext);
  const texts = columns.map((col) => gridCellText(col.id, connection, hostNames, trafficAbsent));
  const rowRef = useRef<HTMLDivElement>(null);
  /*
   * WHY the cells' texts are written here rather than rendered: a refresh that brings new rows into the window
   * gives every row on screen a new connection. Rendered, each of a row's 13 cells is a fiber that React
   * clones, compares and completes, changed or not (~600 per refresh at 100k rows, a few ms of each diff on a
   * slow machine); written here, React stops at RowCells (same columns: skipped whole) and only the cells whose
   * text changed are touched, as before. The texts are those of the committed render (a layout effect), and
   * whatever React last rendered into a cell is written over when the columns change.
   */
  const shown = useRef<ShownCells | null>(null);
  useLayoutEffect(() => {
    const row = rowRef.current;
    const last = shown.current;
    shown.current = { columns, texts };
    if (row === null || last === null) return; // first render: RowCells rendered these texts
    const cells = row.children;
    const sameColumns = last.columns === columns;
    for (let i = 0; i < texts.length; i++) {
      const cell = cells[i];
      const text = texts[i] as string;
      if (cell === undefined) continue;
      // After a column change RowCells rendered the texts, but React skips a cell whose text equals what it
      // rendered there once, not what was written since: the DOM itself is compared then.
      if (sameColumns ? last.texts[i] !== text : cell.textContent !== text) writeCellText(cell, text);
    }
  });
  const classes = ['row', index % 2 === 1 ? 'odd' : 'even'];
  if (mark) classes.push(`mark-${mark}`);
  if (selected) classes.push('selected');
  return (
    <div
      ref={rowRef}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="conn-row"
      data-row-id={connection.id}
      data-mark={mark ?? ''}
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)`, width, height: ROW_HEIGHT }}
    >
      <RowCells columns={columns} texts={texts} />
    </div>
  );
});
