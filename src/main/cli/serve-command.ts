/** `netscope serve`: the app's UI in a browser, the engine behind a WebSocket. */
import { join } from 'node:path';
import { createBackend } from '../engine/backend';
import type { Backend } from '../engine/backend-types';
import { isLoopback } from '../serve/auth';
import { startServer } from '../serve/server';
import { createSyntheticCollectors } from '../collectors/synthetic';
import { startServeMetrics } from '../metrics/serve-hook';
import type { ServeCommand } from './args';

/** The built renderer: out/renderer beside this bundle's out/cli. */
export function rendererDir(): string {
  return join(__dirname, '..', 'renderer');
}

export async function serveBackend(
  backend: Backend,
  command: Pick<ServeCommand, 'host' | 'port' | 'token' | 'allowActions'>,
) {
  if (!isLoopback(command.host)) {
    process.stderr.write(
      `netscope: warning: serving on ${command.host}, reachable from the network; prefer 127.0.0.1 and an SSH tunnel (ssh -L 7870:127.0.0.1:7870 host)\n`,
    );
  }
  const server = await startServer({
    backend,
    host: command.host,
    port: command.port,
    token: command.token ?? undefined,
    rendererDir: rendererDir(),
    allowActions: command.allowActions,
  });
  backend.start();
  process.stdout.write(`NetScope is serving at ${server.url}\n`);
  if (command.allowActions) process.stdout.write('Ending processes from the browser is ENABLED (--allow-actions).\n');
  return new Promise<number>((resolve) => {
    const stop = () => {
      void Promise.all([server.close(), backend.stop()]).then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function runServe(command: ServeCommand): Promise<number> {
  const backend = createBackend({
    mode: 'browser',
    allowEndProcess: command.allowActions,
    intervalMs: command.intervalMs,
    collectors: command.synthetic
      ? createSyntheticCollectors(command.synthetic.rows, command.synthetic.churn)
      : undefined,
  });
  const metrics = command.metrics ? await startServeMetrics(backend, command.metrics, command.intervalMs) : null;
  return serveBackend(backend, command).finally(() => metrics?.close());
}
