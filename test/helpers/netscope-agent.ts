/** A real `netscope serve` (the built CLI) as a child process: the remote agent the desktop app connects to. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'netscope.js');
export const cliBuilt = existsSync(path.join(root, 'out', 'cli', 'index.js'));

export interface RunningAgent {
  child: ChildProcess;
  /** The URL it printed, token included. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `netscope serve --port PORT --token-file FILE` (0: any port) and resolves once it listens. */
export function startAgent(tokenFile: string, port = 0, extraArgs: string[] = []): Promise<RunningAgent> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', String(port), '--interval', '0.5', '--token-file', tokenFile, ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving at (\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], port: Number(new URL(match[1]).port), stop });
    });
    child.once('exit', (code) => reject(new Error(`netscope serve exited with ${code}: ${stderr}`)));
  });
}
