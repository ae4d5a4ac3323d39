/**
 * Where `netscope serve` takes its token from: a file or the environment,
 * never argv (visible to every local user in `ps`). Real files; the last test
 * runs the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, UsageError } from './args';
import { tokenFrom } from './serve-command';

const GOOD = 'a-token-of-24-characters';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netscope-token-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('serve flags', () => {
  it('refuses --token on the command line and says why', () => {
    for (const argv of [
      ['serve', '--token', GOOD],
      ['serve', `--token=${GOOD}`],
    ]) {
      expect(() => parseArgs(argv)).toThrow(UsageError);
      expect(() => parseArgs(argv)).toThrow(/visible to every local user.*--token-file.*NETSCOPE_TOKEN/);
    }
  });

  it('takes --token-file, --max-clients and --max-buffer-mb, with defaults', () => {
    expect(parseArgs(['serve'])).toMatchObject({ tokenFile: null, maxClients: 8, maxBufferMb: 256 });
    expect(parseArgs(['serve', '--token-file', '/x', '--max-clients', '2', '--max-buffer-mb', '64'])).toMatchObject({
      tokenFile: '/x',
      maxClients: 2,
      maxBufferMb: 64,
    });
    for (const bad of [
      ['--max-clients', '0'],
      ['--max-clients', 'many'],
      ['--max-buffer-mb', '-1'],
    ]) {
      expect(() => parseArgs(['serve', ...bad])).toThrow(UsageError);
    }
  });
});

describe('tokenFrom', () => {
  it('reads the file, trimming the newline an editor adds', () => {
    expect(tokenFrom(file('t1', `${GOOD}\n`), {})).toBe(GOOD);
  });

  it('takes NETSCOPE_TOKEN when there is no file, the file first when both are given', () => {
    expect(tokenFrom(null, { NETSCOPE_TOKEN: GOOD })).toBe(GOOD);
    expect(tokenFrom(file('t2', 'from-the-file-0123456789'), { NETSCOPE_TOKEN: GOOD })).toBe(
      'from-the-file-0123456789',
    );
  });

  it('is null (a random token) when neither is given', () => {
    expect(tokenFrom(null, {})).toBeNull();
    expect(tokenFrom(null, { NETSCOPE_TOKEN: '' })).toBeNull();
  });

  it('refuses a missing file, a folder, a big file, a short or unusable token, naming the source', () => {
    mkdirSync(join(dir, 'folder'), { recursive: true });
    expect(() => tokenFrom(join(dir, 'missing'), {})).toThrow(/missing: cannot read it \(ENOENT\)/);
    expect(() => tokenFrom(join(dir, 'folder'), {})).toThrow(/not a regular file/);
    expect(() => tokenFrom(file('big', Buffer.alloc(10_000, 0x61)), {})).toThrow(/larger than/);
    expect(() => tokenFrom(file('short', 'abc'), {})).toThrow(/at least 16/);
    expect(() => tokenFrom(null, { NETSCOPE_TOKEN: 'with spaces in it, 123456' })).toThrow(/NETSCOPE_TOKEN: .*only/);
  });
});

const root = resolve(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'netscope.js');
const built = existsSync(join(root, 'out', 'cli', 'index.js'));

describe.skipIf(!built)('the built CLI', () => {
  it('exits 2 with the reason for --token and for a bad token file', () => {
    const r = spawnSync(process.execPath, [bin, 'serve', '--token', GOOD], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--token-file');
    const f = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--token-file', join(dir, 'nope')], {
      encoding: 'utf8',
    });
    expect(f.status).toBe(2);
    expect(f.stderr).toContain('cannot read it');
  });

  it('serves with the token from NETSCOPE_TOKEN and prints it only in the URL fragment', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--synthetic', '10'], {
      env: { ...process.env, NETSCOPE_TOKEN: GOOD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /serving at (\S+)/.exec(out);
          if (match?.[1]) ok(match[1]);
        });
        child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
      });
      expect(line).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#token=${GOOD}$`));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
