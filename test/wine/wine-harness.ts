/**
 * Runs the built CLI (out/cli) with the Windows node.exe under Wine, so the Windows collectors take their real
 * path: process.platform is 'win32', koffi loads its Windows binary and calls Wine's iphlpapi.dll, console
 * fallbacks start Wine's netstat.exe / reg.exe. scripts/wine-setup.mjs prepares Wine, node.exe and koffi outside
 * the repository; the CLI is copied next to that koffi so `require('koffi')` resolves to the Windows build
 * exactly as in an installed app; the pure-JS dependencies come from this checkout through NODE_PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** NETSCOPE_WINE_CLI_DIR: another build of the CLI to run (used to check that a broken decoder fails the suite). */
const BUILT_CLI = process.env.NETSCOPE_WINE_CLI_DIR ?? path.join(REPO_ROOT, 'out', 'cli');

export interface WineEnv {
  wine: string;
  prefix: string;
  nodeExe: string;
  koffiDir: string;
}

export type WineAvailability = { ok: true; env: WineEnv } | { ok: false; reason: string };

/** Runs the (idempotent) setup script; says why when Wine cannot be used here. */
export function prepareWine(): WineAvailability {
  if (spawnSync('sh', ['-c', 'command -v wine64 || command -v wine']).status !== 0) {
    return { ok: false, reason: 'Wine is not installed (Debian: apt-get install wine64)' };
  }
  if (!existsSync(path.join(BUILT_CLI, 'index.js'))) {
    return { ok: false, reason: 'out/cli is not built (npm run build)' };
  }
  const setup = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'wine-setup.mjs')], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (setup.status !== 0) {
    return { ok: false, reason: `scripts/wine-setup.mjs failed: ${(setup.stderr || String(setup.error)).trim()}` };
  }
  const env = JSON.parse(setup.stdout.trim().split('\n').pop() ?? '{}') as WineEnv;
  return { ok: true, env };
}

export function windowsPath(linuxPath: string): string {
  return `Z:${linuxPath.replace(/\//g, '\\')}`;
}

export interface WineRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function wineEnvironment(env: WineEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: env.prefix,
    WINEDEBUG: '-all',
    NODE_SKIP_PLATFORM_CHECK: '1',
    NODE_PATH: windowsPath(path.join(REPO_ROOT, 'node_modules')),
    ...extra,
  };
}

/**
 * Runs a Windows program under Wine with stdout and stderr going to files: Wine's node.exe cannot write to a
 * pipe (EBADF), so the output is read back from the files after it exits.
 */
export async function runUnderWine(
  env: WineEnv,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<WineRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'netscope-wine-run-'));
  const outFile = path.join(dir, 'stdout');
  const errFile = path.join(dir, 'stderr');
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(env.wine, args, { env: wineEnvironment(env, extraEnv), stdio: ['ignore', out, err] });
      const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
      child.once('error', reject);
      child.once('exit', (status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
    return { code, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The machine is too busy for Wine to answer within the engine's collector timeout (10 s): Wine maps every socket
 * to an owner PID by scanning processes (about a millisecond per socket, far more under load) and a Wine process
 * start (netstat.exe, reg.exe) takes seconds on a loaded machine. With thousands of other sockets on the machine
 * (another benchmark running) that says nothing about our code; the suite skips with this reason then.
 */
export class WineTooSlowError extends Error {}

/** Sockets beyond which a timeout is put down to the machine's load, not to the code (a quiet CI has a few dozen). */
const CROWDED_MACHINE_SOCKETS = 2000;

function socketCount(): number {
  const ss = spawnSync('ss', ['-tanuH'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return ss.stdout.split('\n').filter(Boolean).length;
}

/** The built CLI, copied beside the Windows koffi (removed by dispose). */
export class WindowsCli {
  private readonly dir: string;

  constructor(private readonly env: WineEnv) {
    this.dir = mkdtempSync(path.join(env.koffiDir, 'cli-'));
    cpSync(BUILT_CLI, this.dir, { recursive: true });
  }

  /** Set once a run was too slow for reasons of load (see WineTooSlowError); later runs are not attempted. */
  tooSlow: string | null = null;

  /**
   * `netscope <args> --json` under Wine, parsed; `needs` names the collector whose data the caller checks. On a loaded machine a Wine process start can take seconds and
   * the engine's per-collector timeout (10 s) fires; that run is retried (twice), since it says nothing about
   * the code under test. If every try timed out on a crowded machine, throws WineTooSlowError.
   */
  async json<T>(
    args: string[],
    needs: string,
    extraEnv: Record<string, string> = {},
  ): Promise<T & { warnings: string[] }> {
    if (this.tooSlow !== null) throw new WineTooSlowError(this.tooSlow);
    let last: WineRun | null = null;
    let timedOut: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await runUnderWine(
        this.env,
        [this.env.nodeExe, windowsPath(path.join(this.dir, 'index.js')), ...args, '--json'],
        extraEnv,
      );
      if (last.code !== 0) break;
      const parsed = JSON.parse(last.stdout) as T & { warnings: string[] };
      // Only the collector whose data the caller checks matters (the CLI runs them all).
      timedOut = parsed.warnings.filter((w) => w.startsWith(`${needs}:`) && /did not finish within/.test(w));
      if (timedOut.length === 0) return parsed;
      // Crowded: another try would take as long and fail the same way.
      const sockets = socketCount();
      if (sockets > CROWDED_MACHINE_SOCKETS) {
        this.tooSlow =
          `this machine has ${sockets} sockets and other work running: Wine cannot answer within the engine's ` +
          `collector timeout (${timedOut.join('; ')}); not a verdict on the Windows code`;
        throw new WineTooSlowError(this.tooSlow);
      }
    }
    throw new Error(
      `netscope ${args.join(' ')} under Wine: exit ${last?.code}\n${last?.stderr}\n${last?.stdout.slice(0, 2000)}`,
    );
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
