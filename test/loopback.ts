/**
 * Real sockets on loopback for the integration tests: TCP listeners and a
 * connected pair on 127.0.0.1 and ::1, and a bound UDP socket.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface LoopbackSockets {
  listener4: number;
  listener6: number;
  /** Client side port of the connected pair (to listener4). */
  client4Port: number;
  client6Port: number;
  udpPort: number;
  close(): Promise<void>;
}

/** A TCP listener on an ephemeral port of `host`. */
export function listen(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.on('error', () => undefined));
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

/** A connected client socket to host:port. */
export function dial(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

export async function openLoopbackSockets(): Promise<LoopbackSockets> {
  const server4 = await listen('127.0.0.1');
  const server6 = await listen('::1');
  const port4 = (server4.address() as AddressInfo).port;
  const port6 = (server6.address() as AddressInfo).port;
  const client4 = await dial('127.0.0.1', port4);
  const client6 = await dial('::1', port6);
  const udp: UdpSocket = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
  return {
    listener4: port4,
    listener6: port6,
    client4Port: client4.localPort as number,
    client6Port: client6.localPort as number,
    udpPort: udp.address().port,
    async close() {
      client4.destroy();
      client6.destroy();
      udp.close();
      await Promise.all([new Promise((r) => server4.close(r)), new Promise((r) => server6.close(r))]);
    },
  };
}
