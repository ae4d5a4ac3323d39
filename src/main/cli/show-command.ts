/** `netscope [options] [interval]`: live snapshots printed once or repeatedly. */
import type { ReverseDnsCache } from '../engine/reverse-dns';
import { Scheduler, type Tick } from '../engine/scheduler';
import type { NetworkDirectSource } from '../collectors/windows/network-direct';
import type { TcpTemplateSource } from '../collectors/windows/templates';
import type { ShowCommand } from './args';
import { collectorsForViews } from './needed-collectors';
import { filterNeedsRates } from '../../shared/filter';
import { takeListing, takeRatedListing } from './one-shot';
import { loadPlatformCollectors, stuckReadCounter } from './platform';

/** The width to fit tables to: the terminal's, when stdout is one and -W was not given. */
export function terminalColumns(
  command: Pick<ShowCommand, 'wide' | 'format'>,
  stdout: NodeJS.WriteStream,
): number | undefined {
  if (command.wide || command.format !== 'table' || !stdout.isTTY) return undefined;
  return stdout.columns > 0 ? stdout.columns : undefined;
}

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

/** -x where UNIX sockets are not collected: what -x means there, and what to do instead. */
export function unixUnsupported(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return "UNIX domain sockets are not listed on Windows (there -x is netstat -x's NetworkDirect listing)";
  }
  return 'UNIX domain sockets are listed on Linux and macOS only';
}

/** -y: netstat -any's templates onto this refresh's TCP rows (Windows; the parse already refused -y elsewhere). */
async function addTemplates(tick: Tick, collectors: object): Promise<void> {
  if (!('tcpTemplates' in collectors)) return;
  const reading = await (collectors as TcpTemplateSource).tcpTemplates();
  const { applyTemplates } = await import('../collectors/windows/templates');
  applyTemplates(tick.snapshot.connections, reading.templates);
  for (const warning of reading.warnings) process.stderr.write(`netscope: ${warning}\n`);
}

/** Windows -x: netstat -x's NetworkDirect endpoints for this refresh (a failure is said, the rest printed). */
async function addNetworkDirect(tick: Tick, source: NetworkDirectSource): Promise<void> {
  const reading = await source.networkDirect();
  tick.snapshot.networkDirect = reading.endpoints;
  for (const warning of reading.warnings) process.stderr.write(`netscope: ${warning}\n`);
}

export async function runShow(command: ShowCommand): Promise<number> {
  const collectors = collectorsForViews(
    await loadPlatformCollectors({ views: command.views, repeating: command.intervalMs !== null }),
    command.views,
  );
  // -x itself (not -a's UNIX part): netstat -x's listing on Windows.
  const networkDirect = command.networkDirect && 'networkDirect' in collectors;
  if (command.views.includes('unix') && !collectors.unixSockets && !networkDirect)
    process.stderr.write(`netscope: ${unixUnsupported()}\n`);
  if (command.elevate && command.views.includes('connections')) {
    if (!collectors.elevateOwners) {
      process.stderr.write('netscope: --elevate is for Windows; on this OS run netscope as root instead\n');
      return 2;
    }
    const outcome = await collectors.elevateOwners();
    if (outcome.kind !== 'accepted') process.stderr.write(`netscope: ${outcome.message}\n`);
  }
  // Loaded only for -f: the resolver and its cache stay out of every other start.
  const dns = command.resolveNames ? new (await import('../engine/reverse-dns')).ReverseDnsCache() : null;
  const repeating = command.intervalMs !== null;
  const columns = terminalColumns(command, process.stdout);
  const seenWarnings = new Set<string>();
  // Loaded while the first collection runs (the reading threads start meanwhile), not before it.
  const output = import('./output');
  const print = async (tick: Tick) => {
    const { printSnapshot } = await output;
    const names = dns ? await resolveNames(tick, dns) : undefined;
    if (command.templateColumn) await addTemplates(tick, collectors);
    if (networkDirect) await addNetworkDirect(tick, collectors as unknown as NetworkDirectSource);
    if (repeating && command.format === 'table')
      process.stdout.write(`\n${new Date(tick.snapshot.takenAt).toLocaleString()}\n`);
    printSnapshot(tick.snapshot, {
      ...command,
      repeating,
      names,
      columns,
      seenWarnings,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    });
  };
  if (command.intervalMs === null) {
    const scheduler = new Scheduler({ collectors });
    const stuckReads = await stuckReadCounter();
    await print(
      filterNeedsRates(command.filter)
        ? await takeRatedListing(scheduler, stuckReads)
        : await takeListing(scheduler, stuckReads),
    );
    // A nettop sampling for a next refresh that will not come would keep `netscope` alive for up to its time limit.
    collectors.stopChildren?.();
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
