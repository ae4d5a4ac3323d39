/**
 * The renderer benches' wait for a quiet browser before a measured load (bench/run-helpers.mjs untilBrowserQuiet,
 * used by renderer.mjs freshPage): it lasts while a process under a browser this process launched (a child named
 * chrom...) burns CPU and ends soon after it stops; this process's other children (the serve process) do not hold
 * it; it is bounded; a renderer of Chromium's own UI (--top-chrome-webui) is told apart from the page's, also when
 * it was first seen with the zygote's command line. Linux only (/proc). Stand-in browsers: node under a symlink
 * named chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs bench module without types
import { browserCpu, untilBrowserQuiet } from '../bench/run-helpers.mjs';

interface Settled {
  waitedMs: number;
  quiet: boolean;
  cpuMs: number;
  byKind: Record<string, number>;
}
const wait = untilBrowserQuiet as (o: { boundMs?: number }) => Promise<Settled>;
const cpuNow = browserCpu as () => Map<number, { kind: string; cpuMs: number }>;

let dir = '';
let fakeChromium = '';
const children: ChildProcess[] = [];

/** A process that burns CPU for `ms` (for ever: Infinity), then sleeps; `exe` names it, `args` follow its script. */
function burner(exe: string, ms: number, args: string[] = []): ChildProcess {
  const code = `const end = Date.now() + ${Number.isFinite(ms) ? ms : 1e9}; while (Date.now() < end); setTimeout(() => {}, 60000);`;
  const child = spawn(exe, ['-e', code, '--', ...args], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** Until the process shows under browserCpu() (it exists and /proc lists it). */
async function seen(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100 && !cpuNow().has(child.pid ?? -1); i++) await new Promise((r) => setTimeout(r, 10));
}

describe.skipIf(process.platform !== 'linux')('untilBrowserQuiet', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quiet-'));
    fakeChromium = join(dir, 'chromium');
    symlinkSync(process.execPath, fakeChromium);
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("waits while a browser process burns CPU, not for this process's other children, and says its kind", async () => {
    const webui = burner(fakeChromium, 900, ['--type=renderer', '--top-chrome-webui']);
    burner(process.execPath, Infinity); // the serve process's stand-in: busy throughout, not waited for
    await seen(webui);
    const settled = await wait({ boundMs: 5000 });
    expect(settled.quiet).toBe(true);
    expect(settled.waitedMs).toBeGreaterThanOrEqual(600);
    expect(settled.waitedMs).toBeLessThan(4000);
    expect(settled.byKind['webui-renderer']).toBeGreaterThanOrEqual(300);
    expect(Object.keys(settled.byKind)).not.toContain('serve');
    expect(cpuNow().get(webui.pid ?? -1)?.kind).toBe('webui-renderer');
  });

  it('gives up at its bound when the browser never gets quiet, and says so', async () => {
    const busy = burner(fakeChromium, Infinity, ['--type=renderer']);
    await seen(busy);
    const settled = await wait({ boundMs: 700 });
    expect(settled.quiet).toBe(false);
    expect(settled.waitedMs).toBeGreaterThanOrEqual(700);
    expect(settled.waitedMs).toBeLessThan(2000);
    expect(settled.byKind.renderer).toBeGreaterThan(200);
  });

  it("asks a zygote's child its kind again once it has taken its own command line", async () => {
    // The zygote's command line first, then (process.title rewrites /proc/<pid>/cmdline) a renderer's.
    // (The new title is built at run time: written out here, this script's own text would carry it from the start.)
    const code = `setTimeout(() => { process.title = 'chromium --ty' + 'pe=renderer --top-chrome-' + 'webui'; }, 300); setTimeout(() => {}, 60000);`;
    const forked = spawn(fakeChromium, ['-e', code, '--', '--type=zygote', '--padding-for-the-new-title'], {
      stdio: 'ignore',
    });
    children.push(forked);
    await seen(forked);
    expect(cpuNow().get(forked.pid ?? -1)?.kind).toBe('zygote');
    await new Promise((r) => setTimeout(r, 600));
    expect(cpuNow().get(forked.pid ?? -1)?.kind).toBe('webui-renderer');
  });

  it('ends at once when no browser runs', async () => {
    const settled = await wait({ boundMs: 5000 });
    expect(settled.quiet).toBe(true);
    expect(settled.waitedMs).toBeLessThan(1000);
  });
});
