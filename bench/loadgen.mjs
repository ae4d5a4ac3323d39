// N established loopback connections spread over several worker processes.
import { fork, spawn } from 'node:child_process';
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

/**
 * Sets up `connections` (startLoad) outside the bench lock, then runs `script` again as a child under
 * `flock /tmp/bench.lock` (LOCK=0: without it) with `flag`=1 in its environment (the script's timed part), and
 * stops the load when the child ends; the child's failure is this process's exit code. WHY: making 100k sockets
 * takes tens of seconds that need no quiet machine, so the other benchmarks keep the lock meanwhile.
 */
export async function withLoadThenLocked(script, flag, connections, talk = 0) {
  const setup = performance.now();
  const load = await startLoad(connections, talk);
  process.stderr.write(`load: ${connections} connections up in ${((performance.now() - setup) / 1000).toFixed(1)} s\n`);
  try {
    const argv = [process.execPath, fileURLToPath(script)];
    const command = process.env.LOCK === '0' ? argv : ['flock', '/tmp/bench.lock', ...argv];
    const child = spawn(command[0], command.slice(1), { env: { ...process.env, [flag]: '1' }, stdio: 'inherit' });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0) process.exitCode = 1;
  } finally {
    await load.stop();
  }
}
