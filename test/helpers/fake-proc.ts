/**
 * A fake /proc tree for the owner scan's tests: processes with a stat line (its start time in clock ticks) and fd
 * links that are plain symlinks whose text is what the kernel's would read ('socket:[n]', '/dev/null').
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh, empty tree (with its net/ folder); the caller removes it. */
export function makeFakeProcRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'netscope-fake-proc-'));
  mkdirSync(path.join(root, 'net'));
  return root;
}

/** Process `pid` started at `startTicks`, holding `fds` (fd number -> link text); replaces one already there. */
export function fakeProcess(root: string, pid: number, startTicks: number, fds: Record<string, string>): void {
  const dir = path.join(root, String(pid));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'fd'), { recursive: true });
  writeFileSync(path.join(dir, 'stat'), `${pid} (fake proc) S ${Array(18).fill('0').join(' ')} ${startTicks} 0 0\n`);
  for (const [fd, target] of Object.entries(fds)) symlinkSync(target, path.join(dir, 'fd', fd));
}
