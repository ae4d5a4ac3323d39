/**
 * Whether a freshly parsed row is the same table line as a previous row (connection-reuse.ts carries the previous
 * object over then). Split from connection-reuse.ts.
 */
import type { KeyField, SameKeys, SocketField } from '../../../shared/connection-fields';
import { trafficEqual, type Connection } from '../../../shared/model';

/** The row fields sameTableRow() compares: the key and socket fields (uid through the table uid), no owner field. */
type SameTableRowField =
  | 'rxQueue'
  | 'txQueue'
  | 'state'
  | 'inode'
  | 'localPort'
  | 'remotePort'
  | 'protocol'
  | 'family'
  | 'localAddress'
  | 'remoteAddress'
  | 'uid'
  | 'traffic'
  | 'offloadState'
  | 'template'
  | 'unixType'
  | 'peerInode';
const tableRowFieldsChecked: SameKeys<SameTableRowField, KeyField | SocketField> = true;
void tableRowFieldsChecked;

/** Socket fields of the table line, the table uid included; not the owner fields. */
export function sameTableRow(old: Connection, oldTableUid: number, row: Connection): boolean {
  return (
    old.rxQueue === row.rxQueue &&
    old.txQueue === row.txQueue &&
    old.state === row.state &&
    old.inode === row.inode &&
    old.localPort === row.localPort &&
    old.remotePort === row.remotePort &&
    old.protocol === row.protocol &&
    old.family === row.family &&
    old.localAddress === row.localAddress &&
    old.remoteAddress === row.remoteAddress &&
    oldTableUid === (row.uid ?? -1) &&
    // Windows-only and UNIX-row-only fields (never set on these rows), compared so that the field lists stay whole.
    old.offloadState === row.offloadState &&
    old.template === row.template &&
    old.unixType === row.unixType &&
    old.peerInode === row.peerInode &&
    trafficEqual(old.traffic, row.traffic)
  );
}
