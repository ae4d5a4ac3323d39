/**
 * Windows NetworkDirect (RDMA: SMB Direct, ...) endpoints, as `netstat -x` lists them: connections, listeners
 * and shared endpoints that the TCP/UDP socket tables do not hold. Pure types.
 */
export const NETWORK_DIRECT_TYPES = ['Connection', 'Listener', 'SharedEndpoint'] as const;
export type NetworkDirectType = (typeof NETWORK_DIRECT_TYPES)[number];

export interface NetworkDirectEndpoint {
  /** Kernel (SMB Direct, ...) or User (an application using the NetworkDirect SPI). */
  mode: string;
  interfaceIndex: number;
  type: NetworkDirectType;
  localAddress: string;
  localPort: number;
  /** null for a listener or shared endpoint (no peer). */
  remoteAddress: string | null;
  remotePort: number | null;
  pid: number | null;
}
