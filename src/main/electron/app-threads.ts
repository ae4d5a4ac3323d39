/**
 * The Linux reading threads of the app's collectors, started as the Electron main process starts
 * (collectors/linux/worker-prestart.ts), as the CLI does once its command line is parsed (cli/threads-ahead.ts).
 *
 * WHY: the backend's first snapshot is taken once Electron is ready (app.ts), after Chromium's own start, and its two
 * lanes (the reading thread and the owner scan's, collectors/linux/index.ts) used to start their threads only then:
 * ~30 ms of a core each (Node's bootstrap, the worker bundle, koffi) inside the first snapshot, competing with it for
 * the cores. Started at once, they boot while Chromium starts, and the lanes take them instead of starting their own.
 * One that no lane takes within 10 s (a very slow start) is ended; the lanes then start their own.
 *
 * No 'electron' import: this is plain Node, tested as such.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prestartWorkers, PRESTART_WORKER_FILE } from '../collectors/linux/worker-prestart';

/** The app's collectors run both Linux lanes in threads: the reading one and the owner scan's. */
export const APP_READING_THREADS = 2;

/**
 * Starts the app's reading threads on the worker bundle beside the main bundle (`mainDir`, out/main); how many
 * started (none off Linux, or where the bundle is not there, as under vitest's sources).
 */
export function startAppThreadsAhead(mainDir: string, platform: NodeJS.Platform = process.platform): number {
  if (platform !== 'linux') return 0;
  const file = join(mainDir, PRESTART_WORKER_FILE);
  if (!existsSync(file)) return 0;
  return prestartWorkers(file, APP_READING_THREADS).length;
}
