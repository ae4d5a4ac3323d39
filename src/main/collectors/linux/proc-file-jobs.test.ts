import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFiles } from './proc-file-jobs';
import type { JobContext } from './proc-protocol';

const dir = mkdtempSync(join(tmpdir(), 'netscope-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context: JobContext = { beat: () => undefined, chunk: () => undefined };

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("'read' jobs (one reused buffer instead of readFileSync)", () => {
  it('gives each file whole, as readFileSync would: empty, small, Latin-1, UTF-8, up to, at and past the buffer size', () => {
    // Past the 64 KiB buffer (read again by readFileSync), and one byte short of it and exactly it.
    const big = 'é'.repeat(50_000) + 'end\n';
    const short = 'a'.repeat(65_535);
    const exact = 'b'.repeat(65_536);
    const latin = Buffer.from([0x41, 0xe9, 0xff, 0x0a]);
    const paths = [
      file('empty', ''),
      file('small', 'Ip: 1 2 3\n'),
      file('big', big),
      file('latin', latin),
      file('short', short),
      file('exact', exact),
    ];
    const outcomes = readFiles(
      { paths, encoding: 'latin1', options: [null, null, { encoding: 'utf8' }, null, null, null] },
      context,
    );
    expect(outcomes.map((o) => o.text)).toEqual(['', 'Ip: 1 2 3\n', big, 'A\u00e9\u00ff\n', short, exact]);
    expect(outcomes.every((o) => o.code === null)).toBe(true);
    // Read again: the buffer the last read left behind does not leak into a shorter file.
    expect(readFiles({ paths: [paths[1] as string], encoding: 'latin1' }, context)[0]?.text).toBe('Ip: 1 2 3\n');
  });

  it('reports a missing file as gone and an unreadable one by its code, and reads the others', () => {
    const ok = file('ok', 'x');
    const outcomes = readFiles({ paths: [join(dir, 'missing'), dir, ok], encoding: 'latin1' }, context);
    expect(outcomes[0]).toEqual({ text: null, code: null });
    expect(outcomes[1]).toEqual({ text: null, code: 'EISDIR' });
    expect(outcomes[2]).toEqual({ text: 'x', code: null });
  });
});
