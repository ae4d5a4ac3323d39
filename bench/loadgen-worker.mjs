// One load-generator process: a listener on 127.0.0.<ip> and `count` client
// connections to it from 127.0.0.<ip+1>, all held open until the parent says
// stop (or disconnects). Each connection costs this process two descriptors,
// so the parent spreads N connections over several workers (20000 fds each here).
// With a talk share (third argument, 0..1), that share of the clients writes 64 bytes once a second, the next ones
// each second (the server ends read them): their rows' counters move, as on a host with some busy connections.
import { createServer, connect } from 'node:net';

const [, , ipIndexText, countText, talkText] = process.argv;
const ipIndex = Number(ipIndexText);
const count = Number(countText);
const talk = Number(talkText ?? 0);
const serverIp = `127.0.${Math.floor(ipIndex / 250)}.${(ipIndex % 250) + 2}`;
const clientIp = `127.1.${Math.floor(ipIndex / 250)}.${(ipIndex % 250) + 2}`;
const accepted = [];
const clients = [];

const server = createServer((socket) => {
  socket.on('error', () => undefined);
  if (talk > 0) socket.resume();
  accepted.push(socket);
});
server.maxConnections = count + 10;
server.listen({ host: serverIp, port: 0, backlog: 4096 }, async () => {
  const { port } = server.address();
  // Bounded concurrency: a burst of thousands of SYNs would overflow the backlog.
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    const round = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      round.push(
        new Promise((resolve, reject) => {
          const s = connect({ host: serverIp, port, localAddress: clientIp }, () => resolve(s));
          s.once('error', reject);
        }),
      );
    }
    clients.push(...(await Promise.all(round)));
  }
  while (accepted.length < count) await new Promise((r) => setTimeout(r, 20));
  if (talk > 0) {
    const share = Math.max(1, Math.round(count * talk));
    const bytes = Buffer.alloc(64, 120);
    let next = 0;
    setInterval(() => {
      for (let k = 0; k < share; k++) clients[(next + k) % clients.length].write(bytes);
      next = (next + share) % clients.length;
    }, 1000).unref();
  }
  process.send?.({ ready: true, port, serverIp, clientIp, count });
});

const stop = () => {
  // A reset instead of a FIN: no TIME_WAIT sockets left behind to skew the next measurement.
  for (const s of clients) s.resetAndDestroy();
  for (const s of accepted) s.destroy();
  server.close();
  process.exit(0);
};
process.on('message', (m) => m === 'stop' && stop());
process.on('disconnect', stop);
// Never outlive a crashed benchmark by more than 15 minutes.
setTimeout(stop, 15 * 60_000).unref();
