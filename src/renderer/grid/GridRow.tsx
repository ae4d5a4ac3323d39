/**
 * One grid row. Memoized and free of handlers (the grid delegates events),
 * so a refresh re-renders only rows whose connection, mark or selection changed.
 * Cells carry no inline width and no title: a diff that scrolls 48 new rows
 * into view would set ~1000 style properties and attributes for them. Widths
 * come from one stylesheet per column layout, and the grid sets a cell's
 * title when the pointer reaches it (ConnectionGrid).
 */
import { memo, useContext } from 'react';
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
  const classes = ['row', index % 2 === 1 ? 'odd' : 'even'];
  if (mark) classes.push(`mark-${mark}`);
  if (selected) classes.push('selected');
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
      {columns.map((col) => {
        const text = gridCellText(col.id, connection, hostNames, trafficAbsent);
        return (
          <div key={col.id} role="gridcell" data-col={col.id} className={`cell ${col.kind}`}>
            {text}
          </div>
        );
      })}
    </div>
  );
});
