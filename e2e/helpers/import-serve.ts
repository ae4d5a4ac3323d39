/**
 * `netscope import FILE --serve` of a saved output (`text`, written as `fileName` in a temporary folder) on a free
 * loopback port: `use` gets its URL; the server is stopped and the folder removed afterwards, whatever `use` did.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export async function importServe(fileName: string, text: string, use: (url: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'netscope-import-'));
  const file = join(dir, fileName);
  writeFileSync(file, text);
  const bin = resolve(__dirname, '..', '..', 'bin', 'netscope.js');
  const child = spawn(process.execPath, [bin, 'import', file, '--serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`netscope import --serve printed no URL in 20 s: ${out}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /serving at (\S+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          ok(match[1]);
        }
      });
      child.once('exit', (code) => fail(new Error(`netscope import --serve exited with ${code}`)));
    });
    await use(url);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
