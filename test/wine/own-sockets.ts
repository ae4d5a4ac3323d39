/**
 * Sockets the Wine suite opens itself, on 127.0.0.1 and ::1: a TCP listener, a connected pair to it (both
 * ends), and a bound UDP socket; with the keys and states the report must show for them.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { dial, listen } from '../loopback';
import { socketKey } from './socket-truth';

export interface ExpectedSocket {
  key: string;
  state: string;
}

export interface OwnSockets {
  expected(family: 4 | 6): ExpectedSocket[];
  close(): Promise<void>;
}

function bindUdp(type: 'udp4' | 'udp6', host: string): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(type);
    socket.once('error', reject);
    socket.bind(0, host, () => resolve(socket));
  });
}

export async function openOwnSockets(): Promise<OwnSockets> {
  const sets = await Promise.all(
    ([4, 6] as const).map(async (family) => {
      const host = family === 4 ? '127.0.0.1' : '::1';
      const server = await listen(host);
      const port = (server.address() as AddressInfo).port;
      const client = await dial(host, port);
      const udp = await bindUdp(family === 4 ? 'udp4' : 'udp6', host);
      const clientPort = client.localPort as number;
      const expected: ExpectedSocket[] = [
        { key: socketKey('tcp', family, `${host}:${port}`, '*'), state: 'LISTEN' },
        { key: socketKey('tcp', family, `${host}:${clientPort}`, `${host}:${port}`), state: 'ESTABLISHED' },
        { key: socketKey('tcp', family, `${host}:${port}`, `${host}:${clientPort}`), state: 'ESTABLISHED' },
        { key: socketKey('udp', family, `${host}:${udp.address().port}`, '*'), state: 'NONE' },
      ];
      const close = async (): Promise<void> => {
        client.destroy();
        udp.close();
        await new Promise((r) => server.close(r));
      };
      return { family, expected, close };
    }),
  );
  return {
    expected: (family) => sets.find((s) => s.family === family)?.expected ?? [],
    close: async () => {
      await Promise.all(sets.map((s) => s.close()));
    },
  };
}
