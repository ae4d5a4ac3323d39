/**
 * This OS's collectors, loading only this OS's code. collectors/index.ts
 * imports all three platforms (the app and serve need them synchronously); the
 * one-shot CLI would parse the Windows and macOS collectors, their parsers and
 * iconv-lite at every start for nothing, so it chooses here, by dynamic import.
 */
import type { PlatformCollectors } from '../collectors/types';
import type { View } from './args';

export interface CliRun {
  views: readonly View[];
  /** Repeating (`netscope -s 5`): a long-lived process, as the app. */
  repeating: boolean;
}

/**
 * Linux: whether the reads may run in this thread. Only for a single `-r`, `-e`
 * or `-s`: they read /proc/net and /sys files only, never a process's files
 * (where a read can hang on a stuck process), and starting the reading thread
 * would cost more than the whole command (bench/cli.mjs). A socket listing and
 * every repeating command keep the reading threads and their watchdog.
 */
export function readsInThisThread(run: CliRun): boolean {
  return !run.repeating && !run.views.includes('connections') && !run.views.includes('unix');
}

export async function loadPlatformCollectors(
  run: CliRun,
  platform: NodeJS.Platform = process.platform,
): Promise<PlatformCollectors> {
  switch (platform) {
    case 'linux': {
      const { createLinuxCollectors } = await import('../collectors/linux');
      const collectors = createLinuxCollectors(readsInThisThread(run) ? { workerFile: null } : {});
      // Only when shown: a server has thousands of UNIX sockets.
      if (run.views.includes('unix')) {
        collectors.unixSockets = (await import('../collectors/linux/unix-sockets')).createUnixSocketsCollector();
      }
      return collectors;
    }
    case 'win32':
      return (await import('../collectors/windows')).createWindowsCollectors();
    case 'darwin':
      return (await import('../collectors/macos')).createMacosCollectors();
    default:
      // The shared dispatcher's message for an unsupported OS.
      return (await import('../collectors')).createPlatformCollectors(platform);
  }
}
