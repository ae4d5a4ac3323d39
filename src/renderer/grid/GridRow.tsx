/**
 * One grid row. Memoized and free of handlers (the grid delegates events),
 * so a refresh re-renders only rows whose connection, mark or selection changed.
 * Cells carry no inline width and no title: a diff that scrolls 48 new rows
 * into view would set ~1000 style properties and attributes for them. Widths
 * come from one stylesheet per column layout, and the grid sets a cell's
 * title when the pointer reaches it (ConnectionGrid). Only cells whose text may not
 * fit clip it (class `clip`, see cell-fit.ts).
 */
import { memo, useContext, useState, type ReactElement } from 'react';
import type { Connection, OwnerlessMeaning } from '../../shared/model';
import type { RowMark } from '../store';
import type { CellFit } from './cell-fit';
import { gridCellText, ownerMarkOf, type GridColumn, type HostNames } from './columns';
import { ROW_HEIGHT } from './geometry';
import { TrafficAbsentContext } from './traffic-columns';
import { OwnerlessContext } from './owner-cells';

export { ROW_HEIGHT };

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
  /** Which cells may go unclipped (cell-fit.ts); none: every cell clips. */
  fit?: CellFit | null;
}

/** A cell's last element by column id, with what it was made from. */
type CellCache = Map<string, { text: string; className: string; why: string | undefined; element: ReactElement }>;

export const GridRow = memo(function GridRow({
  connection,
  index,
  top,
  width,
  columns,
  mark,
  selected,
  hostNames,
  fit = null,
}: GridRowProps) {
  const trafficAbsent = useContext(TrafficAbsentContext);
  const ownerless = useContext(OwnerlessContext);
  /*
   * WHY the last element of each cell is kept and given back while its text is the same: React skips an
   * element it already rendered (same object) outright, while an equal new one still costs its fiber work and a
   * pass over its props in the commit. A refresh that brings new rows into the window (a slot's row is
   * replaced) changes about 5 of its 13 cells, so most of them now cost nothing. An element is a pure function
   * of (column, kind, text), so one made in a render that React then discards is still right to reuse.
   */
  const [cells] = useState<CellCache>(() => new Map());
  const classes = ['row', index % 2 === 1 ? 'odd' : 'even'];
  if (mark) classes.push(`mark-${mark}`);
  if (selected) classes.push('selected');
  // A loop over a module-level function, not columns.map with an arrow function: the arrow function would be a
  // new closure per row per render, whose optimized code V8 drops at each major GC and compiles again a few
  // diffs later (see byPlace in view-splice.ts).
  const rowCells: ReactElement[] = [];
  for (const col of columns)
    rowCells.push(cellElement(col, connection, cells, ownerless, hostNames, trafficAbsent, fit));
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="conn-row"
      data-row-id={connection.id}
      data-mark={mark ?? ''}
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)`, width, height: ROW_HEIGHT }}
    >
      {rowCells}
    </div>
  );
});

/** One cell's element: the kept one while its text, class and hover text are the same (see GridRow). */
function cellElement(
  col: VisibleColumn,
  connection: Connection,
  cells: CellCache,
  ownerless: OwnerlessMeaning | null,
  hostNames: HostNames,
  trafficAbsent: string | null,
  fit: CellFit | null,
): ReactElement {
  // A Program cell without an owner says why, where the source reads owners: its hover text (data-why) and
  // its accessible name (aria-label), since a screen reader reads a "—" or an empty cell as nothing.
  const owner = ownerMarkOf(col.id, connection, ownerless);
  const text = owner ? owner.text : gridCellText(col.id, connection, hostNames, trafficAbsent);
  const why = owner?.why;
  const clip = fit === null || !fit.fits(text, col.kind, col.width);
  const className = `cell ${col.kind}${clip ? ' clip' : ''}${owner ? ' ownerless' : ''}`;
  const kept = cells.get(col.id);
  if (kept && kept.text === text && kept.className === className && kept.why === why) return kept.element;
  const element = (
    <div key={col.id} role="gridcell" data-col={col.id} data-why={why} aria-label={why} className={className}>
      {text}
    </div>
  );
  cells.set(col.id, { text, className, why, element });
  return element;
}
