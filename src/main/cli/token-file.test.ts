/** A missing metrics token file is bad usage (exit 2, one clean line), as a missing --token-file is. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type ServeCommand } from './args';
import type { ExporterCommand } from '../metrics/flags';
import { runExporter } from './exporter-command';
import { runServe } from './serve-command';
import { checkTokenFile } from './token-file';

describe('token files', () => {
  it('exporter --metrics-token-file /nonexistent: a usage error naming the flag, no raw errno text', async () => {
    const argv = ['exporter', '--metrics-token-file', '/nonexistent-netscope-token'];
    const failure = runExporter(parseArgs(argv) as ExporterCommand);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow('--metrics-token-file /nonexistent-netscope-token: cannot read it (ENOENT)');
  });

  it('serve --metrics-token-file /nonexistent: the same, before anything starts', async () => {
    const argv = ['serve', '--metrics-token-file', '/nonexistent-netscope-token'];
    const failure = runServe(parseArgs(argv) as ServeCommand);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow('--metrics-token-file /nonexistent-netscope-token: cannot read it (ENOENT)');
  });

  it('checkTokenFile says what is wrong with the file', () => {
    expect(() => checkTokenFile('--metrics-token-file /', '/')).toThrow('--metrics-token-file /: not a regular file');
  });
});
