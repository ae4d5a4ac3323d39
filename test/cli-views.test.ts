/**
 * The built `netscope` on a fake /proc (test/linux-fake-proc.ts, through the
 * test-only NETSCOPE_TEST_PROC_ROOT): `-r`, `-e` and `-s` read no socket table
 * and scan no owners, the "no owner" warning comes with connection output only
 * and once when repeating, and a table on a terminal fits its width.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_PID, fakeFiles, makeFakeTree, socketLine, type FakeTree } from './linux-fake-proc';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'netscope.js');
const built = existsSync(path.join(root, 'out', 'cli', 'index.js'));
const isLinux = process.platform === 'linux';
const hasScript = isLinux && existsSync('/usr/bin/script');

let tree: FakeTree | null = null;
afterEach(() => {
  tree?.remove();
  tree = null;
});

function env(fake: FakeTree): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NETSCOPE_TEST_PROC_ROOT: fake.procRoot,
    NETSCOPE_TEST_SYS_ROOT: fake.sysRoot,
    NETSCOPE_TEST_WATCHDOG_MS: '300',
  };
}

function run(fake: FakeTree, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { env: env(fake), timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The fake tree plus a TCP socket that no process owns (as a TIME_WAIT or another user's socket shows). */
function treeWithOwnerless(): FakeTree {
  const files = fakeFiles();
  files['proc/net/tcp'] += socketLine(1, 9090, 7777, '0A');
  return makeFakeTree(files);
}

describe.skipIf(!isLinux || !built)('views that show no sockets read none', () => {
  it('-r, -e and -s finish while every socket table and process file would hang, and warn of nothing', async () => {
    const fake = treeWithOwnerless();
    tree = fake;
    // A read of any of these blocks for ever (a FIFO with no writer): reading one would show as a warning.
    for (const file of ['proc/net/tcp', 'proc/net/tcp6', 'proc/net/udp', 'proc/net/udp6', 'proc/net/sockstat']) {
      fake.block(file);
    }
    fake.block(`proc/${FAKE_PID}/status`);
    fake.block(`proc/${FAKE_PID}/cmdline`);
    for (const [view, key] of [
      ['-r', 'routes'],
      ['-e', 'interfaces'],
      ['-s', 'protocolStats'],
    ] as const) {
      const { code, stdout, stderr } = await run(fake, [view, '--json']);
      expect(code, view).toBe(0);
      const json = JSON.parse(stdout) as Record<string, unknown> & { warnings: string[] };
      expect(json.warnings, view).toEqual([]);
      expect(json[key], view).toBeTruthy();
      expect(json.connections, view).toBeUndefined();
      expect(stderr, view).toBe('');
    }
  });

  it('a socket listing on such a tree warns of the hung process file and still prints: the test above can fail', async () => {
    // A single listing reads the kernel's socket tables in its own thread (they cannot hang on a real /proc: no
    // process is involved), but the owner scan reads each process's files in its watched thread, as -r would not.
    const fake = makeFakeTree();
    tree = fake;
    fake.block(`proc/${FAKE_PID}/status`);
    const { code, stdout } = await run(fake, ['--json']);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { warnings: string[]; connections: { pid: number | null }[] };
    expect(printed.warnings.join('\n')).toMatch(new RegExp(`process ${FAKE_PID}.*did not answer`));
    expect(printed.connections.map((c) => c.pid)).toContain(FAKE_PID);
  });
});

describe.skipIf(!isLinux || !built)('the "no owner" warning', () => {
  it('comes with connection output, and once when repeating', async () => {
    const fake = treeWithOwnerless();
    tree = fake;
    const once = await run(fake, ['-t']);
    expect(once.stderr).toMatch(/1 socket has no owning process/);
    expect((await run(fake, ['-r'])).stderr).toBe('');

    const child = spawn(process.execPath, [bin, '-t', '0.2'], { env: env(fake) });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    // Four refreshes printed (each starts with a title line), however long they take.
    await Promise.race([
      exited,
      new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if ((out.match(/^Active connections/gm) ?? []).length >= 4) resolve();
        }),
      ),
    ]);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect((out.match(/^Active connections/gm) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(err.match(/no owning process/g)).toHaveLength(1);
  }, 60_000);
});

describe.skipIf(!hasScript || !built)('on a terminal', () => {
  const longExe = `/opt/${'vendor/'.repeat(6)}bin/fakesrv`;

  /** Runs the CLI on a pseudo-terminal of the given width (util-linux `script`); returns what it printed. */
  function onTerminal(fake: FakeTree, columns: number, args: string[]): string {
    const command = `stty cols ${columns} rows 50; ${process.execPath} ${bin} ${args.join(' ')}`;
    return execFileSync('script', ['-qec', command, '/dev/null'], { env: env(fake), encoding: 'utf8' }).replace(
      /\r/g,
      '',
    );
  }

  it('fits the table to the width, cutting the path first, and -W or a pipe keeps it whole', () => {
    const fake = makeFakeTree();
    tree = fake;
    const exe = path.join(fake.procRoot, String(FAKE_PID), 'exe');
    rmSync(exe);
    symlinkSync(longExe, exe);

    const fitted = onTerminal(fake, 100, ['-t']);
    const lines = fitted.split('\n').filter((l) => l.length > 0);
    expect(lines.some((l) => /LISTEN/.test(l))).toBe(true);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(fitted).toMatch(/…\/[^ ]*fakesrv/);
    expect(fitted).not.toContain(longExe);
    // Addresses and the program name are intact.
    expect(fitted).toMatch(/127\.0\.0\.1:8080\s+0\.0\.0\.0:\*\s+LISTEN\s+100\s+fakesrv/);

    expect(onTerminal(fake, 100, ['-t', '-W'])).toContain(longExe);
    const piped = execFileSync(process.execPath, [bin, '-t'], { env: env(fake), encoding: 'utf8' });
    expect(piped).toContain(longExe);
  });
});
