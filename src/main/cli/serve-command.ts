/** `netscope serve`: the app's UI in a browser, the engine behind a WebSocket. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend } from '../engine/backend';
import type { Backend } from '../engine/backend-types';
import { isLoopback, tokenProblem } from '../serve/auth';
import { startServer } from '../serve/server';
import { createSyntheticCollectors } from '../collectors/synthetic';
import { startServeMetrics } from '../metrics/serve-hook';
import { UsageError, type ServeCommand } from './args';
import { checkTokenFile } from './token-file';
import { untilSignal } from './until-signal';

/** The built renderer: out/renderer beside this bundle's out/cli. */
export function rendererDir(): string {
  return join(__dirname, '..', 'renderer');
}

export const TOKEN_ENV = 'NETSCOPE_TOKEN';
export const SERVE_IDLE_AFTER_MS = 10_000;

/**
 * The access token from --token-file, else NETSCOPE_TOKEN, else null (a
 * random one is made). Never from argv, where `ps` shows it to every user.
 * A bad file or token is a usage error that says what is wrong.
 */
export function tokenFrom(tokenFile: string | null, env: NodeJS.ProcessEnv): string | null {
  let token: string;
  let origin: string;
  if (tokenFile !== null) {
    origin = `--token-file ${tokenFile}`;
    checkTokenFile(origin, tokenFile);
    token = readFileSync(tokenFile, 'utf8').trim();
  } else {
    const fromEnv = env[TOKEN_ENV];
    if (fromEnv === undefined || fromEnv === '') return null;
    origin = TOKEN_ENV;
    token = fromEnv.trim();
  }
  const problem = tokenProblem(token);
  if (problem !== null) throw new UsageError(`${origin}: ${problem}`);
  return token;
}

export type ServeSettings = Pick<ServeCommand, 'host' | 'port' | 'allowActions'> &
  Partial<Pick<ServeCommand, 'tokenFile' | 'maxClients' | 'maxBufferMb'>>;

export async function serveBackend(backend: Backend, command: ServeSettings): Promise<number> {
  let token: string | null;
  try {
    token = tokenFrom(command.tokenFile ?? null, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`netscope: ${error.message}\n`);
    return 2;
  }
  if (!isLoopback(command.host)) {
    process.stderr.write(
      `netscope: warning: serving on ${command.host}, reachable from the network; prefer 127.0.0.1 and an SSH tunnel (ssh -L 7870:127.0.0.1:7870 host)\n`,
    );
  }
  const server = await startServer({
    backend,
    host: command.host,
    port: command.port,
    token: token ?? undefined,
    rendererDir: rendererDir(),
    allowActions: command.allowActions,
    serverLimits: {
      ...(command.maxClients !== undefined && { maxClients: command.maxClients }),
      ...(command.maxBufferMb !== undefined && { maxBufferedBytes: command.maxBufferMb * 1024 * 1024 }),
    },
  });
  backend.start();
  // The first line keeps its form (scripts and the e2e fixture read it); a wildcard bind lists every address.
  process.stdout.write(`NetScope is serving at ${server.url}\n`);
  for (const url of server.urls.slice(1)) process.stdout.write(`  also at ${url}\n`);
  if (command.allowActions) process.stdout.write('Ending processes from the browser is ENABLED (--allow-actions).\n');
  return untilSignal(() => Promise.all([server.close(), backend.stop()]));
}

export async function runServe(command: ServeCommand): Promise<number> {
  // Before anything starts; main.ts prints the usage error and exits 2.
  const metricsToken = command.metrics?.tokenFile ?? null;
  if (metricsToken !== null) checkTokenFile(`--metrics-token-file ${metricsToken}`, metricsToken);
  const backend = createBackend({
    mode: 'browser',
    allowEndProcess: command.allowActions,
    intervalMs: command.intervalMs,
    // No browser for this long: stop collecting (a reload within it does not wait for a cold collection).
    idleAfterMs: SERVE_IDLE_AFTER_MS,
    collectors: command.synthetic
      ? createSyntheticCollectors(command.synthetic.rows, command.synthetic.churn, command.synthetic.moving)
      : undefined,
  });
  const metrics = command.metrics ? await startServeMetrics(backend, command.metrics, command.intervalMs) : null;
  return serveBackend(backend, command).finally(() => metrics?.close());
}
