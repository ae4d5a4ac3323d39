/**
 * The Linux reading threads a command will need, started as soon as its command line is parsed
 * (collectors/linux/worker-prestart.ts): they boot while the main thread loads the command's code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prestartWorkers, PRESTART_WORKER_FILE } from '../collectors/linux/worker-prestart';
import type { Command } from './args';
import { readingThreads } from './platform';

/**
 * How many Linux reading threads the command will start (worker-lane.ts), so that they boot while its code loads
 * (worker-prestart.ts): both lanes where the collectors run as in the app and collect at once, the owner scan's
 * alone for a one-shot socket listing (cli/platform.ts readingThreads), none for the rest.
 */
export function threadsAhead(command: Command | 'top', platform: NodeJS.Platform = process.platform): number {
  if (platform !== 'linux') return 0;
  if (command === 'top') return 2;
  switch (command.kind) {
    case 'measure':
      return 2;
    // The exporter collects on its first scrape, which may be long after start: its lanes start their threads then.
    case 'exporter':
      return 0;
    case 'serve':
      return command.synthetic ? 0 : 2;
    case 'show': {
      const threads = readingThreads({ views: command.views, repeating: command.intervalMs !== null });
      return threads === 'all' ? 2 : threads === 'owner-scan' ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** The worker bundle sits beside this bundle (out/cli); where it does not (the sources under vitest), no head start. */
export function startThreadsAhead(command: Command | 'top', dir: string = __dirname): void {
  const count = threadsAhead(command);
  const file = join(dir, PRESTART_WORKER_FILE);
  if (count > 0 && existsSync(file)) prestartWorkers(file, count);
}
