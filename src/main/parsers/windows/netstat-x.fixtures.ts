/**
 * Windows `netstat -x` of a file server with SMB Direct over two RDMA adapters (interface 12 on IPv4, 13 on IPv6),
 * written from the format Microsoft's netstat page documents: the title and header lines and the endpoints its lines
 * read as, for the parser's tests and the CLI's. Test data only: the mutation runs leave *.fixtures.ts out.
 */
import type { NetworkDirectEndpoint } from '../../../shared/network-direct';

export const NETSTAT_X_TITLE = 'Active NetworkDirect Connections, Listeners, SharedEndpoints';
export const NETSTAT_X_HEADER = '  Mode   IfIndex Type           Local Address          Foreign Address        PID';

/** `Kernel      12 Listener       192.168.10.11:445      NA                     0` */
export const SMB_LISTENER_V4: NetworkDirectEndpoint = {
  mode: 'Kernel',
  interfaceIndex: 12,
  type: 'Listener',
  localAddress: '192.168.10.11',
  localPort: 445,
  remoteAddress: null,
  remotePort: null,
  pid: 0,
};

/** `Kernel      12 Connection     192.168.10.11:445      192.168.10.12:49873    0` */
export const SMB_CONNECTION_V4: NetworkDirectEndpoint = {
  mode: 'Kernel',
  interfaceIndex: 12,
  type: 'Connection',
  localAddress: '192.168.10.11',
  localPort: 445,
  remoteAddress: '192.168.10.12',
  remotePort: 49873,
  pid: 0,
};

/** `Kernel      13 Listener       [fd00:10::11]:445      NA                     0` */
export const SMB_LISTENER_V6: NetworkDirectEndpoint = {
  ...SMB_LISTENER_V4,
  interfaceIndex: 13,
  localAddress: 'fd00:10::11',
};

/** `Kernel      13 Connection     [fd00:10::11]:445      [fd00:10::12]:50112    0` */
export const SMB_CONNECTION_V6: NetworkDirectEndpoint = {
  ...SMB_CONNECTION_V4,
  interfaceIndex: 13,
  localAddress: 'fd00:10::11',
  remoteAddress: 'fd00:10::12',
  remotePort: 50112,
};
