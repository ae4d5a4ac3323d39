/** The DoS view's remote peers (per address or per /24 · /64), the top 50 by connections; a row opens their sockets. */
import type { Snapshot } from '../../shared/model';
import { useNetScopeStore } from '../store';
import { aggregateByRemote, type GroupBy, type RemoteGroup } from './dos';
import { formatPercent } from './format';
import { memoBySnapshot } from './memo';
import { breakable } from './break-points';
import { DataTable, type RowAction, type TableColumn } from './DataTable';
import { STATE_COLUMNS, stateColumn } from './dos-state-column';
import { useTableCsv } from './useTableCsv';

export const TOP_REMOTES = 50;

/** The remotes of a snapshot, grouped: once per snapshot and grouping (the view's figures and the table share it). */
export const remotesOf = memoBySnapshot((s, groupBy: GroupBy) => aggregateByRemote(s.connections, groupBy));

function remoteColumns(groupBy: GroupBy): TableColumn<RemoteGroup>[] {
  const columns: TableColumn<RemoteGroup>[] = [
    {
      id: 'key',
      title: groupBy === 'subnet' ? 'Remote subnet' : 'Remote address',
      value: (g) => g.key,
      render: (g) => breakable(g.key),
      wrap: true,
    },
    // In the CSV only: the address (or subnet) beside it says its family, and an 800 px window needs the room.
    {
      id: 'family',
      title: 'Family',
      value: (g) => g.family,
      render: (g) => (g.family ? `IPv${g.family}` : ''),
      csvOnly: true,
    },
    { id: 'total', title: 'Connections', value: (g) => g.total, numeric: true },
    {
      id: 'share',
      title: 'Share',
      csvTitle: 'Share (fraction)',
      value: (g) => g.share,
      render: (g) => formatPercent(g.share),
      numeric: true,
    },
    ...STATE_COLUMNS.map((s) => stateColumn<RemoteGroup>(s)),
    {
      id: 'localPorts',
      title: 'Local ports',
      description: 'Distinct local ports it talks to',
      value: (g) => g.distinctLocalPorts,
      numeric: true,
    },
  ];
  if (groupBy === 'subnet') {
    columns.push({
      id: 'remotes',
      title: 'Hosts',
      description: 'Distinct addresses in the subnet',
      value: (g) => g.distinctRemotes,
      numeric: true,
    });
  }
  return columns;
}
const REMOTE_COLUMNS: Record<GroupBy, TableColumn<RemoteGroup>[]> = {
  address: remoteColumns('address'),
  subnet: remoteColumns('subnet'),
};

/** The grid filter for one row of the remotes table: the address exactly (any spelling), or the subnet as a prefix. */
export function remoteFilter(g: Pick<RemoteGroup, 'key'>, groupBy: GroupBy): string {
  return groupBy === 'subnet' ? `raddr:${g.key}` : `raddr:=${g.key}`;
}

export function DosRemoteTable({
  snapshot,
  groupBy,
  dominant,
}: {
  snapshot: Snapshot;
  groupBy: GroupBy;
  dominant?: string;
}) {
  const store = useNetScopeStore();
  const saveCsv = useTableCsv();
  const remoteAction: RowAction<RemoteGroup> = {
    label: (g) => `Show its ${g.total} sockets in the connection grid (${remoteFilter(g, groupBy)})`,
    run: (g) => store.getState().showInGrid(remoteFilter(g, groupBy)),
  };
  return (
    <DataTable
      key={groupBy}
      rows={remotesOf(snapshot, groupBy).groups}
      columns={REMOTE_COLUMNS[groupBy]}
      rowKey={(g) => g.key}
      initialSort={{ column: 'total', direction: 'desc' }}
      limit={TOP_REMOTES}
      rowTestId="dos-remote-row"
      exportCsv={{ name: groupBy === 'subnet' ? 'remote-subnets' : 'remote-addresses', save: saveCsv }}
      rowAction={remoteAction}
      rowClass={(g) => (dominant !== undefined && g.key === dominant ? 'nsv-row-alert' : undefined)}
      empty="No connected remote peers."
    />
  );
}
