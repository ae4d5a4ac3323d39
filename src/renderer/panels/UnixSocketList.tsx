/** The process panel's UNIX domain sockets: path (or '@name', '(unnamed)'), type, state, inode and peer. */
import type { Connection } from '../../shared/model';
import { unixTypeLabel } from '../../shared/unix-socket';

export function UnixSocketList({ sockets }: { sockets: readonly Connection[] }) {
  return (
    <>
      <h3>UNIX sockets ({sockets.length})</h3>
      <table className="mini-table" data-testid="process-unix-sockets">
        <thead>
          <tr>
            <th>Path</th>
            <th>Type</th>
            <th>State</th>
            <th>Inode</th>
            <th>Peer</th>
          </tr>
        </thead>
        <tbody>
          {sockets.map((c) => (
            <tr key={c.id} data-testid="process-unix-row" data-row-id={c.id}>
              <td className="mono">{c.localAddress}</td>
              <td>{c.unixType ? unixTypeLabel(c.unixType) : ''}</td>
              <td>{c.state === 'NONE' ? '' : c.state}</td>
              <td>{c.inode ?? ''}</td>
              <td>{c.peerInode ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
