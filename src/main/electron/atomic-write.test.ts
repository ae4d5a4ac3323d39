import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'netscope-atomic-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, leaving no temp files', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.csv');
    await writeFileAtomic(file, 'a,b\n');
    expect(readFileSync(file, 'utf8')).toBe('a,b\n');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('fails with a message naming the file and cleans up the temp file', async () => {
    const dir = tempDir();
    const target = join(dir, 'is-a-dir');
    mkdirSync(join(target, 'child'), { recursive: true }); // renaming a file over a non-empty folder fails
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow(`Could not write ${target}`);
    expect(readdirSync(dir)).toEqual(['is-a-dir']);
    await expect(writeFileAtomic(join(dir, 'missing', 'x.csv'), 'x')).rejects.toThrow('Could not write');
  });
});
