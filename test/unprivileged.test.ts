/**
 * What a user without root sees: the built CLI run as `nobody` must leave the
 * sockets of our (root) process without an owner, count them in a warning that
 * says to run as root, and never attribute them to someone else.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLoopbackSockets } from './loopback';

const bin = resolve(__dirname, '..', 'bin', 'netscope.js');
const isRoot = process.getuid?.() === 0;
const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => existsSync(p));
function nobodyCanRun(): boolean {
  try {
    execFileSync(
      runuser as string,
      ['-u', 'nobody', '--', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(bin)})`],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}
const why = !isRoot
  ? 'the test must run as root to drop to nobody'
  : !runuser
    ? 'runuser is not installed'
    : !nobodyCanRun()
      ? `user nobody cannot read ${bin} (a parent folder is private)`
      : null;
if (why && process.platform === 'linux') console.warn(`unprivileged view test skipped: ${why}`);

interface Row {
  localPort: number;
  state: string;
  pid: number | null;
  processName: string | null;
}

describe.skipIf(process.platform !== 'linux' || why !== null)('the view of a user who is not root', () => {
  it('counts the sockets it cannot attribute and shows no owner for them', async () => {
    const sockets = await openLoopbackSockets();
    try {
      const { stdout } = await new Promise<{ stdout: string }>((done, fail) =>
        execFile(
          runuser as string,
          ['-u', 'nobody', '--', process.execPath, bin, '--json'],
          { maxBuffer: 64 << 20 },
          (error, out, err) => (error ? fail(new Error(`${error.message}\n${err}`)) : done({ stdout: out })),
        ),
      );
      const out = JSON.parse(stdout) as { connections: Row[]; warnings: string[] };
      const listener = out.connections.find((c) => c.localPort === sockets.listener4 && c.state === 'LISTEN');
      expect(listener).toBeDefined();
      expect(listener?.pid).toBeNull();
      expect(listener?.processName).toBeNull();
      expect(out.connections.some((c) => c.pid === process.pid)).toBe(false);
      const warning = out.warnings.find((w) =>
        /sockets? belongs? to processes this user cannot read: run as root/.test(w),
      );
      expect(warning).toBeDefined();
      const counted = Number(/(\d+) sockets? belongs?/.exec(warning as string)?.[1]);
      // At least our listeners, both ends of both pairs and the UDP socket.
      expect(counted).toBeGreaterThanOrEqual(7);
    } finally {
      await sockets.close();
    }
  });
});
