/**
 * This OS's collectors, loading only this OS's code. collectors/index.ts
 * imports all three platforms (the app and serve need them synchronously); the
 * one-shot CLI would parse the Windows and macOS collectors, their parsers and
 * iconv-lite at every start for nothing, so it chooses here, by dynamic import.
 */
import type { PlatformCollectors } from '../collectors/types';

export async function loadPlatformCollectors(
  platform: NodeJS.Platform = process.platform,
): Promise<PlatformCollectors> {
  switch (platform) {
    case 'linux':
      return (await import('../collectors/linux')).createLinuxCollectors();
    case 'win32':
      return (await import('../collectors/windows')).createWindowsCollectors();
    case 'darwin':
      return (await import('../collectors/macos')).createMacosCollectors();
    default:
      // The shared dispatcher's message for an unsupported OS.
      return (await import('../collectors')).createPlatformCollectors(platform);
  }
}
