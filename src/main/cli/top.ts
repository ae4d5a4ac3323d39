/**
 * `netscope top`: who is using the network, refreshing, busiest first, like
 * nethogs: per process (or per remote host with --by host), current send and
 * receive rates and the bytes moved since first seen. `-d` sets the interval,
 * `-c N` stops after N refreshes and `--once` prints one (both for scripts);
 * `--json` prints one JSON line per refresh. Rates need two samples, so the
 * first line comes one interval after the start.
 * The counters come from the netlink engine on Linux: unless the user chose an
 * engine, top asks for 'auto' (netlink where the kernel allows it).
 */
import { formatBytes, formatRate, socketEngineOf, trafficAbsentReason } from '../../shared/traffic';
import { TalkerTracker, type TalkerGrouping, type TalkerRow } from '../../shared/top-talkers';
import type { Snapshot } from '../../shared/model';
import { formatFlagHelp, parseFlags, UsageError, type Flag } from './flag-table';
import { parseSeconds } from './flag-values';
import { socketEngineFlag } from './socket-engine-flag';
import { cellText, formatTable } from './table';
import { TopFeed } from './top-feed';

export interface TopCommand {
  intervalMs: number;
  /** Refreshes to print, then exit; null: until interrupted. */
  count: number | null;
  by: TalkerGrouping;
  /** Rows per refresh (the busiest); null: all. */
  limit: number | null;
  json: boolean;
  help: boolean;
}

const TOP_FLAGS: readonly Flag<TopCommand>[] = [
  {
    name: 'delay',
    short: 'd',
    value: 'SECONDS',
    help: 'refresh interval (default 1), as nethogs -d',
    apply: (c, v, f) => void (c.intervalMs = parseSeconds(v, f)),
  },
  {
    name: 'count',
    short: 'c',
    value: 'N',
    help: 'print N refreshes, then exit (as nethogs -c)',
    apply: (c, v, f) => void (c.count = positiveWhole(v, f)),
  },
  { name: 'once', help: 'print one refresh and exit (same as -c 1)', apply: (c) => void (c.count = 1) },
  {
    name: 'by',
    value: 'WHAT',
    help: 'process (default) or host (the remote address)',
    apply: (c, v, f) => {
      if (v !== 'process' && v !== 'host') throw new UsageError(`${f} is process or host, got '${v}'`);
      c.by = v;
    },
  },
  {
    name: 'limit',
    short: 'n',
    value: 'N',
    help: 'show the N busiest (default: as many as fit the terminal, all when piped)',
    apply: (c, v, f) => void (c.limit = positiveWhole(v, f)),
  },
  { name: 'json', help: 'one JSON line per refresh', apply: (c) => void (c.json = true) },
  socketEngineFlag<TopCommand>(),
  { name: 'help', short: 'h', help: 'this help', apply: (c) => void (c.help = true) },
];

function positiveWhole(value: string, spelled: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(`${spelled} needs a whole number >= 1, got '${value}'`);
  return Number(value);
}

export function parseTop(argv: readonly string[]): TopCommand {
  const command: TopCommand = { intervalMs: 1000, count: null, by: 'process', limit: null, json: false, help: false };
  parseFlags(argv, TOP_FLAGS, command, (word) => {
    throw new UsageError(`netscope top takes no argument '${word}'`);
  });
  return command;
}

export function topHelp(): string {
  return (
    'Usage: netscope top [options]\n\n' +
    'Traffic per process (or remote host), busiest first, refreshing like nethogs.\n' +
    'Linux: counters come from the netlink engine (ss -i); without it the rates stay empty and top says why.\n' +
    formatFlagHelp([{ title: 'Options', flags: TOP_FLAGS }])
  );
}

const HEADER = { process: ['PID', 'Program'], host: ['Remote Host', ''] };

/** The table of one refresh, as printed. */
export function formatTopTable(rows: readonly TalkerRow[], by: TalkerGrouping): string {
  const [first, second] = HEADER[by];
  const header = by === 'process' ? [first, second] : [first];
  const cells = rows.map((r) => {
    const who = by === 'process' ? [cellText(r.pid), r.label] : [r.label];
    return [
      ...who,
      formatRate(r.sendRate),
      formatRate(r.receiveRate),
      formatBytes(r.sent),
      formatBytes(r.received),
      String(r.connections),
    ];
  });
  return formatTable([...(header as string[]), 'Sent/s', 'Received/s', 'Sent', 'Received', 'Conns'], cells);
}

/** What one refresh prints: a title with the engine, then the table (or why there is nothing to show). */
export function formatTopScreen(snapshot: Snapshot, rows: readonly TalkerRow[], command: TopCommand): string {
  const engine = socketEngineOf(snapshot);
  const time = new Date(snapshot.takenAt).toLocaleTimeString();
  const title = `netscope top - ${time} - ${rows.length} ${command.by === 'process' ? 'processes' : 'hosts'}, by rate - engine ${engine?.name ?? '?'}`;
  const why = trafficAbsentReason(snapshot);
  if (why !== null) return `${title}\n\nno traffic counters: ${why}`;
  return `${title}\n\n${formatTopTable(rows, command.by)}`;
}

export function topJson(snapshot: Snapshot, rows: readonly TalkerRow[], command: TopCommand): string {
  return JSON.stringify({
    takenAt: new Date(snapshot.takenAt).toISOString(),
    by: command.by,
    socketEngine: socketEngineOf(snapshot),
    rows,
  });
}

export async function runTop(argv: readonly string[]): Promise<number> {
  const command = parseTop(argv);
  if (command.help) {
    process.stdout.write(`${topHelp()}\n`);
    return 0;
  }
  // Counters need netlink on Linux: ask for it unless the user chose (auto falls back to procfs quietly).
  process.env.NETSCOPE_SOCKET_ENGINE ??= 'auto';
  const { loadPlatformCollectors } = await import('./platform');
  const { collectorsForViews } = await import('./needed-collectors');
  const { Scheduler } = await import('../engine/scheduler');
  const collectors = collectorsForViews(await loadPlatformCollectors({ views: ['connections'], repeating: true }), [
    'connections',
  ]);
  const tracker = new TalkerTracker(command.by);
  const feed = new TopFeed(tracker);
  const tty = process.stdout.isTTY === true && !command.json;
  let printed = 0;
  let ticks = 0;
  return new Promise<number>((resolve) => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      clearInterval(keepAlive);
      void loop.stop().then(() => resolve(0));
    };
    const loop = new Scheduler({
      collectors,
      intervalMs: command.intervalMs,
      onTick: ({ snapshot, diff }) => {
        if (stopping) return;
        const counted = trafficAbsentReason(snapshot) === null;
        // The diff's rows alone where it follows the last refresh, else every row (top-feed.ts).
        feed.take(snapshot, diff);
        // The first refresh has no rates (a connection first seen has none): wait for the second.
        if (++ticks === 1 && counted) return;
        const limit = command.limit ?? (tty ? Math.max(1, (process.stdout.rows || 24) - 5) : null);
        const rows = tracker.rows().slice(0, limit ?? undefined);
        if (command.json) process.stdout.write(`${topJson(snapshot, rows, command)}\n`);
        else
          process.stdout.write(
            `${tty ? '\x1b[H\x1b[2J' : printed > 0 ? '\n' : ''}${formatTopScreen(snapshot, rows, command)}\n`,
          );
        printed++;
        if (command.count !== null && printed >= command.count) stop();
      },
    });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    loop.resume();
  });
}
