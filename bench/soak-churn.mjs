// The soak's churn: a loopback listener and RATE new connections a second to
// it, each opened, answered with one byte and closed (the server side closes
// first, as a busy web server does, so TIME_WAIT rows pile up and expire as on
// a real host). At most MAX_OPEN at once: bounded, and it stops when the
// parent disconnects or says stop. Reports its counts to the parent.
import { connect, createServer } from 'node:net';

const rate = Number(process.argv[2] ?? 200);
const MAX_OPEN = 500;
const TICK_MS = 50;
let open = 0;
let made = 0;
let failed = 0;
let stopping = false;

const server = createServer((socket) => {
  socket.on('error', () => undefined);
  socket.end('x');
});
server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => {
  const { port } = server.address();
  let owed = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    if (stopping) return;
    // By the clock, not by tick count: a late timer on a busy machine still makes up the rate.
    const now = performance.now();
    owed += (rate * (now - last)) / 1000;
    last = now;
    for (; owed >= 1; owed--) {
      if (open >= MAX_OPEN) {
        failed++;
        continue;
      }
      open++;
      const s = connect({ host: '127.0.0.1', port });
      s.on('data', () => undefined);
      s.on('end', () => s.end());
      s.once('close', (hadError) => {
        open--;
        if (hadError) failed++;
        else made++;
      });
      s.on('error', () => undefined);
    }
  }, TICK_MS);
  const stop = () => {
    stopping = true;
    clearInterval(timer);
    server.close();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('message', (m) => {
    if (m === 'counts') process.send?.({ made, failed, open });
    if (m === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.send?.({ ready: true, port });
});
