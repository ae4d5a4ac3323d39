/**
 * Real half-open (SYN_RECV) sockets on loopback, for the DoS view's test: a
 * listener with TCP_DEFER_ACCEPT keeps each connection in SYN_RECV after the
 * handshake until data arrives (30 s here), and clients that never send any.
 * Node cannot set TCP_DEFER_ACCEPT, so a small Python 3 program holds both
 * ends; it stops when killed or when its stdin closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const PROGRAM = `
import socket, sys
n = int(sys.argv[1])
listener = socket.socket()
listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 30)
listener.bind(('127.0.0.1', 0))
listener.listen(64)
clients = [socket.create_connection(('127.0.0.1', listener.getsockname()[1])) for _ in range(n)]
print(listener.getsockname()[1], flush=True)
sys.stdin.read()
`;

export interface HalfOpen {
  port: number;
  count: number;
  close(): void;
}

export async function openHalfOpenConnections(count: number): Promise<HalfOpen> {
  const child: ChildProcess = spawn('python3', ['-c', PROGRAM, String(count)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`python3 printed no port in 10 s: ${stderr}`)), 10_000);
    child.stdout?.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve(Number(d.toString().trim()));
    });
    child.once('error', (e) => reject(new Error(`python3 is needed for the half-open sockets: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`python3 exited with ${code}: ${stderr}`)));
  });
  return {
    port,
    count,
    close: () => {
      child.stdin?.end();
      child.kill('SIGTERM');
    },
  };
}
