/** `netscope [options] [interval]`: live snapshots printed once or repeatedly. */
import { createPlatformCollectors } from '../collectors';
import { ReverseDnsCache } from '../engine/reverse-dns';
import { Scheduler, type Tick } from '../engine/scheduler';
import type { ShowCommand } from './args';
import { printSnapshot } from './output';

async function resolveNames(tick: Tick, dns: ReverseDnsCache): Promise<Map<string, string | null>> {
  const addresses = new Set(tick.snapshot.connections.map((c) => c.remoteAddress));
  const names = new Map<string, string | null>();
  await Promise.all(
    [...addresses]
      .filter((a) => a !== '0.0.0.0' && a !== '::' && a !== '*')
      .map(async (a) => names.set(a, await dns.resolve(a))),
  );
  return names;
}

export async function runShow(command: ShowCommand): Promise<number> {
  const collectors = createPlatformCollectors();
  if (command.elevate) {
    if (!collectors.elevateOwners) {
      process.stderr.write('netscope: --elevate is for Windows; on this OS run netscope as root instead\n');
      return 2;
    }
    const outcome = await collectors.elevateOwners();
    if (outcome.kind !== 'accepted') process.stderr.write(`netscope: ${outcome.message}\n`);
  }
  const dns = new ReverseDnsCache();
  const repeating = command.intervalMs !== null;
  const print = async (tick: Tick) => {
    const names = command.resolveNames ? await resolveNames(tick, dns) : undefined;
    if (repeating && command.format === 'table')
      process.stdout.write(`\n${new Date(tick.snapshot.takenAt).toLocaleString()}\n`);
    printSnapshot(tick.snapshot, {
      ...command,
      repeating,
      names,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    });
  };
  if (command.intervalMs === null) {
    await print(await new Scheduler({ collectors }).takeNow());
    return 0;
  }
  const intervalMs = command.intervalMs;
  return new Promise<number>((resolve) => {
    let printing = Promise.resolve();
    // The scheduler's timer is unref'd; this keeps the process alive until Ctrl-C.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const loop = new Scheduler({
      collectors,
      intervalMs,
      // Print in tick order even when a reverse lookup is slow.
      onTick: (tick) => {
        printing = printing.then(() => print(tick)).catch(() => undefined);
      },
    });
    const stop = () => {
      clearInterval(keepAlive);
      void loop
        .stop()
        .then(() => printing)
        .then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    loop.resume();
  });
}
