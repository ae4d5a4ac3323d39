/**
 * A command that runs until it is told to stop (serve, exporter): on SIGINT or SIGTERM it stops its server and
 * engine and ends with 0.
 *
 * WHY a deadline: stopping waits for the engine's collection under way, and a collector stuck in a system call or a
 * child process that does not exit would keep the process up after the signal, saying nothing; a supervisor (systemd
 * waits 90 s, Docker 10 s) would then kill it without a word of why. Past the deadline the command says so and exits
 * 1. A second signal while stopping exits at once, as a second Ctrl-C does in most tools.
 */
export const STOP_DEADLINE_MS = 5_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface UntilSignalOptions {
  deadlineMs?: number;
  /** Ends the process (the deadline, a second signal): process.exit, as the event loop may be held by what hangs. */
  exit?: (code: number) => void;
  warn?: (line: string) => void;
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'removeListener'>;
}

/** Resolves with the command's exit code once `stop` has finished after a signal (see the header). */
export function untilSignal(stop: () => Promise<unknown>, options: UntilSignalOptions = {}): Promise<number> {
  const {
    deadlineMs = STOP_DEADLINE_MS,
    exit = (code: number) => process.exit(code),
    warn = (line: string) => process.stderr.write(line),
    signals = process,
  } = options;
  return new Promise<number>((resolve) => {
    let stopping: string | null = null;
    const finish = (code: number, timer: NodeJS.Timeout): void => {
      clearTimeout(timer);
      for (const name of SIGNALS) signals.removeListener(name, onSignal);
      resolve(code);
    };
    function onSignal(signal: string): void {
      if (stopping !== null) {
        warn(`netscope: ${signal} while stopping after ${stopping}: exiting now\n`);
        exit(1);
        return;
      }
      stopping = signal;
      const timer = setTimeout(() => {
        warn(
          `netscope: still stopping ${deadlineMs / 1000} s after ${signal} (the engine or the server did not end): exiting\n`,
        );
        exit(1);
      }, deadlineMs);
      // The deadline alone does not keep the process up once everything else has stopped.
      timer.unref();
      // Through a promise: a stop that throws at once is a failed stop too, not an error out of the signal's listener.
      Promise.resolve()
        .then(stop)
        .then(
          () => finish(0, timer),
          (error: unknown) => {
            warn(
              `netscope: stopping after ${signal} failed: ${error instanceof Error ? error.message : String(error)}\n`,
            );
            finish(1, timer);
          },
        );
    }
    for (const name of SIGNALS) signals.on(name, onSignal);
  });
}
