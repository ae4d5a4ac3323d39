/**
 * Others' text on the terminal: a process's name is set by whoever runs it, so `netscope -tl` must not let it
 * retitle or clear the terminal, or print rows of its own making (review, session 28).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from './table';
import { guardWrites, terminalSafe, terminalSafeLines, terminalSafeOutput } from './terminal-text';

// eslint-disable-next-line no-control-regex -- what must not reach the terminal
const DRIVES_TERMINAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/;
const HOSTILE = '\x1b]0;PWNED\x07\x1b[2J\nfake 1.2.3.4\r\u202egnp.exe\x9b';

describe('terminalSafe', () => {
  it('escapes controls, line breaks and reordering characters, and leaves other text as it is', () => {
    expect(terminalSafe(HOSTILE)).toBe('\\x1b]0;PWNED\\x07\\x1b[2J\\x0afake 1.2.3.4\\x0d\\u202egnp.exe\\x9b');
    for (const clean of ['nginx', 'Web Content', 'C:\\Program Files\\x.exe', 'résumé 名前', '[fe80::1%eth0]:22'])
      expect(terminalSafe(clean)).toBe(clean);
  });

  it('keeps the line breaks of a message (terminalSafeLines), not its escapes', () => {
    expect(terminalSafeLines('netscope: line 1\n\x1b[31mline 2\n')).toBe('netscope: line 1\n\\x1b[31mline 2\n');
  });

  it('output for a terminal (CSV, JSON) keeps LF and CRLF line ends and escapes the rest; a guard applies it', () => {
    expect(terminalSafeOutput('a,\x1b[2Jb\r\nc\rd\n\u009b')).toBe('a,\\x1b[2Jb\r\nc\\x0dd\n\\x9b');
    const written: unknown[] = [];
    const stream = { write: (chunk: unknown) => written.push(chunk) > 0 };
    guardWrites(stream, terminalSafeOutput);
    const bytes = new Uint8Array([27]);
    stream.write('x\x07y\n');
    stream.write(bytes);
    expect(written).toEqual(['x\\x07y\n', bytes]);
  });

  it('a table prints a hostile cell on its own row, escaped; the other rows stay aligned', () => {
    const text = formatTable(
      ['PID', 'Program', 'Port'],
      [
        ['1', HOSTILE, '80'],
        ['2', 'sshd', '22'],
      ],
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(text).not.toMatch(DRIVES_TERMINAL);
    expect(lines[2]?.indexOf('22')).toBe(lines[0]?.indexOf('Port'));
  });
});

const root = resolve(__dirname, '..', '..', '..');
const built = existsSync(join(root, 'out', 'cli', 'index.js'));

describe.skipIf(!built)('the built CLI and a process with a hostile name', () => {
  let child: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    // A listener on loopback whose title (comm and cmdline) is the hostile text; it ends by itself.
    const script = `process.title = ${JSON.stringify(HOSTILE)};
      const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));
      setTimeout(() => process.exit(0), 60000);`;
    child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((done) => child.stdout?.once('data', (d: Buffer) => done(Number(String(d)))));
  });
  afterAll(() => {
    child.kill();
  });

  it('netscope -tlp prints its row once, escaped, and nothing that drives the terminal', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'netscope.js'), '-tlpW'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((line) => line.includes(`127.0.0.1:${port} `));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(String(child.pid));
    expect(rows[0]).toContain('\\x1b]0;PWNED');
    expect(r.stdout + r.stderr).not.toMatch(DRIVES_TERMINAL);
    expect(r.stdout).not.toMatch(/^fake /m);
  });
});
