// N established loopback connections spread over several worker processes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./loadgen-worker.mjs', import.meta.url));
const PER_WORKER = 8000;

/** `talk`: the share of connections that move 64 bytes each second (loadgen-worker.mjs); 0: all idle. */
export async function startLoad(connections, talk = 0) {
  const workers = [];
  for (let left = connections, i = 0; left > 0; left -= PER_WORKER, i++) {
    const count = Math.min(PER_WORKER, left);
    const child = fork(WORKER, [String(i), String(count), String(talk)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    workers.push(
      new Promise((resolve, reject) => {
        child.once('message', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`load worker ${i} exited with ${code}`)));
      }),
    );
  }
  const children = await Promise.all(workers);
  return {
    pids: children.map((c) => c.pid),
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise((resolve) => {
              c.once('exit', resolve);
              c.send('stop');
            }),
        ),
      );
    },
  };
}
