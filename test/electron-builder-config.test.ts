/**
 * electron-builder.yml, read and validated by electron-builder's own loader
 * and schema (app-builder-lib): a misspelt fuse would otherwise be noticed
 * only by a failed `npm run dist`, or not at all.
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';

const root = resolve(__dirname, '..');

describe('electron-builder.yml', () => {
  it('is valid for electron-builder and flips the fuses that harden the binary', async () => {
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('refuses a misspelt fuse (the schema check above can fail)', async () => {
    const config = await getConfig(root, null, null);
    const fuses = { ...config.electronFuses, onlyLoadAppFromAzar: true };
    await expect(validateConfiguration({ ...config, electronFuses: fuses }, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });
});
