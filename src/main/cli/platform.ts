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
 * Linux: which reads get a thread of their own (worker-lane.ts: a read that hangs stops that thread, not this one).
 * - 'none' for a single `-r`, `-e` or `-s`: they read /proc/net and /sys files only, never a process's files
 *   (where a read can hang on a stuck process), and starting a thread would cost more than the whole command.
 * - 'owner-scan' for a single socket listing: the owner scan reads every process's files, so it keeps its thread
 *   and watchdog (a stuck process cannot hang `netscope`); the socket tables are the kernel's and are read here,
 *   which saves one thread's start and the tables' trip through messages (bench/cli.mjs).
 * - 'all' for every repeating command, as in the app.
 */
export type ReadingThreads = 'none' | 'owner-scan' | 'all';

export function readingThreads(run: CliRun): ReadingThreads {
  if (run.repeating) return 'all';
  return run.views.includes('connections') || run.views.includes('unix') ? 'owner-scan' : 'none';
}

export async function loadPlatformCollectors(
  run: CliRun,
  platform: NodeJS.Platform = process.platform,
): Promise<PlatformCollectors> {
  switch (platform) {
    case 'linux': {
      const threads = readingThreads(run);
      // No socket listed: the routes, interface and statistics readers alone, without the socket engines' code.
      if (threads === 'none') return (await import('../collectors/linux/tables-only')).createLinuxTableCollectors();
      const { createLinuxCollectors } = await import('../collectors/linux');
      const collectors = createLinuxCollectors({ readerInThisThread: threads === 'owner-scan' });
      // Only when shown: a server has thousands of UNIX sockets.
      if (run.views.includes('unix')) {
        collectors.unixSockets = (await import('../collectors/linux/unix-sockets')).createUnixSocketsCollector();
      }
      return collectors;
    }
    case 'win32':
      return (await import('../collectors/windows')).createWindowsCollectors();
    case 'darwin': {
      const collectors = (await import('../collectors/macos')).createMacosCollectors();
      // As on Linux, only when shown: `netstat -f unix` and `lsof -U`, the app's own reading of them.
      if (run.views.includes('unix')) {
        collectors.unixSockets = (await import('../collectors/macos/unix-sockets')).createMacosUnixSocketsCollector();
      }
      return collectors;
    }
    default:
      // The shared dispatcher's message for an unsupported OS.
      return (await import('../collectors')).createPlatformCollectors(platform);
  }
}

/** How many reading threads are stuck in a read that never returned, now (Linux's lanes; none elsewhere). */
export async function stuckReadCounter(platform: NodeJS.Platform = process.platform): Promise<() => number> {
  if (platform !== 'linux') return () => 0;
  return (await import('../collectors/linux/stuck-threads')).stuckThreadCount;
}
