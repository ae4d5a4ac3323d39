/** What `netscope import` says of a path that is not a regular file: a link only when the path is one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openImportFile } from './read-input';

let dir: string;
let cwd: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netscope-read-input-'));
  mkdirSync(join(dir, 'adir'));
  symlinkSync(join(dir, 'adir'), join(dir, 'alink'));
  cwd = process.cwd();
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(path: string): Promise<string> {
  const opened = await openImportFile(path);
  if (opened.ok) throw new Error(`${path} was opened`);
  return opened.error;
}

describe('openImportFile refusals', () => {
  it('a plain relative path to a directory is not called a link', async () => {
    expect(await refusal('adir')).toBe(
      'cannot read adir: it is a directory, not a regular file; import reads saved command output',
    );
  });

  it('a link names its target', async () => {
    expect(await refusal('alink')).toMatch(/^cannot read alink \(a link to .*\/adir\): it is a directory/);
  });
});
