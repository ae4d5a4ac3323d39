import { describe, expect, it } from 'vitest';
import { CommandError, runCommand } from './run-command';

const node = process.execPath;

describe('runCommand', () => {
  it('returns stdout as bytes', async () => {
    const out = await runCommand(node, ['-e', 'process.stdout.write("héllo")']);
    expect(new TextDecoder().decode(out.stdout)).toBe('héllo');
    expect(out.code).toBe(0);
  });

  it('rejects a non-zero exit with the code and what was printed', async () => {
    const error = await runCommand(node, [
      '-e',
      'process.stdout.write("part"); process.stderr.write("bad thing\\n"); process.exit(3)',
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe(3);
    expect((error as CommandError).message).toMatch(/exited with code 3: bad thing/);
    expect(new TextDecoder().decode((error as CommandError).stdout)).toBe('part');
  });

  it('with allowNonZeroExit, resolves a non-zero exit with its code and output', async () => {
    const out = await runCommand(node, ['-e', 'process.stdout.write("useful"); process.exit(1)'], {
      allowNonZeroExit: true,
    });
    expect(out.code).toBe(1);
    expect(new TextDecoder().decode(out.stdout)).toBe('useful');
  });

  it('still rejects a missing binary with allowNonZeroExit', async () => {
    await expect(runCommand('netscope-no-such-binary', [], { allowNonZeroExit: true })).rejects.toThrow(
      /was not found/,
    );
  });

  it('names a missing binary, a timeout and an abort', async () => {
    await expect(runCommand('netscope-no-such-binary-xyz', [])).rejects.toThrow(/was not found/);
    await expect(runCommand(node, ['-e', 'setTimeout(() => {}, 5000)'], { timeoutMs: 200 })).rejects.toThrow(
      /timed out/,
    );
    const controller = new AbortController();
    const pending = runCommand(node, ['-e', 'setTimeout(() => {}, 5000)'], { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/aborted/);
  });
});
