/** The collectors for the OS we run on. */
import { createLinuxCollectors } from './linux';
import { createMacosCollectors } from './macos';
import type { PlatformCollectors } from './types';
import { createWindowsCollectors } from './windows';

export function createPlatformCollectors(platform: NodeJS.Platform = process.platform): PlatformCollectors {
  switch (platform) {
    case 'linux':
      return createLinuxCollectors();
    case 'win32':
      return createWindowsCollectors();
    case 'darwin':
      return createMacosCollectors();
    default:
      throw new Error(`NetScope does not support ${platform} yet (Linux, Windows and macOS are supported)`);
  }
}
