/**
 * Windows netstat's -t ("Offload State") and -y ("Template") columns of the connection table. Shown when asked
 * (live), or when an imported file had them; the cells come from Connection.offloadState / .template. Pure.
 */
import { cellText } from './table';
import type { Connection, Snapshot } from '../../shared/model';

export interface WindowsColumnChoice {
  /** -t on Windows: netstat -t's offload state column. */
  offloadColumn?: boolean;
  /** -y: netstat -y's template column. */
  templateColumn?: boolean;
}

export interface ExtraColumns {
  header: string[];
  cells(c: Connection): string[];
}

export function windowsColumns(
  snapshot: Pick<Snapshot, 'source'>,
  connections: readonly Connection[],
  choice: WindowsColumnChoice,
): ExtraColumns | null {
  const imported = snapshot.source.kind === 'import';
  const offload = (choice.offloadColumn || imported) && connections.some((c) => c.offloadState !== undefined);
  const template = (choice.templateColumn || imported) && connections.some((c) => c.template !== undefined);
  if (!offload && !template) return null;
  return {
    header: [...(offload ? ['Offload State'] : []), ...(template ? ['Template'] : [])],
    // '-' where a row has none (a UDP row's offload state): no blank cell, as in the rest of the table (cellText).
    cells: (c) => [...(offload ? [cellText(c.offloadState)] : []), ...(template ? [cellText(c.template)] : [])],
  };
}
