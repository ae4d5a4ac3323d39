/**
 * Per-connection traffic on macOS: nettop's counters (nettop-sampler.ts)
 * joined to the listed sockets (traffic-join.ts), with rates between two
 * nettop samples from the same TrafficRates as Linux and Windows. The rates are
 * taken on the samples' own clock, so a refresh that shows a sample again
 * (nettop still running) shows the same counters and rates, not a zero rate.
 * Without a sample the rows stay as they are and the status says why.
 */
import type { Connection, ConnectionTraffic, SocketEngineStatus } from '../../../shared/model';
import { TrafficRates } from '../../engine/traffic-rates';
import { joinNettop, mayCarryTraffic, type JoinResult } from './traffic-join';
import type { NettopRun, NettopSampler } from './nettop-sampler';

export type TrafficReport = Pick<SocketEngineStatus, 'traffic' | 'trafficNote'> & { warnings: string[] };

function withoutTraffic(note: string): TrafficReport {
  return { traffic: false, trafficNote: note, warnings: [`the traffic columns are empty: ${note}`] };
}

function runWarnings(run: NettopRun, { joined, candidates, unmatched }: JoinResult): string[] {
  const warnings: string[] = [];
  const { sample } = run;
  if (sample.skipped > 0) warnings.push(`${sample.skipped} line(s) of nettop's output could not be read`);
  if (joined === 0 && candidates > 0 && unmatched > 0) {
    // Both tools listed connections and none met: a change in either tool's format, not a race.
    warnings.push(
      `none of nettop's ${unmatched} connection(s) matched a listed socket: the traffic columns stay empty`,
    );
  }
  return warnings;
}

/**
 * Rows with a PID but no process name (netstat -anv, when lsof failed) get the
 * name nettop lists for that PID: the owner is netstat's, only its name comes
 * from nettop (which shortens long names, as ps's comm does).
 */
export function nameOwners(rows: readonly Connection[], run: NettopRun): void {
  let names: Map<number, string> | null = null;
  for (const row of rows) {
    if (row.pid === null || row.processName !== null) continue;
    names ??= new Map(run.sample.processes.map((p) => [p.pid, p.name.trim()]));
    const name = names.get(row.pid);
    if (name) row.processName = name;
  }
}

export class MacosTraffic {
  private readonly rates = new TrafficRates();
  private shownSeq: number | null = null;
  private shown = new Map<string, ConnectionTraffic>();
  private shownWarnings: string[] = [];

  constructor(private readonly sampler: NettopSampler) {}

  /** Starts nettop (if none runs) as the refresh starts, so it works while lsof does. */
  start(): void {
    this.sampler.start();
  }

  /** Fills Connection.traffic on this refresh's rows (in place) from the newest nettop sample. */
  async apply(rows: readonly Connection[]): Promise<TrafficReport> {
    const outcome = await this.sampler.take();
    if (outcome.kind !== 'sample') {
      this.forget();
      if (outcome.kind === 'failed') return withoutTraffic(`nettop failed: ${outcome.reason}`);
      if (outcome.kind === 'disposed') return withoutTraffic('nettop was stopped');
      return withoutTraffic('nettop has not answered yet (its counters come with a later refresh)');
    }
    const { run } = outcome;
    nameOwners(rows, run);
    if (run.seq === this.shownSeq) {
      // By row id (protocol and endpoints, unique in a listing): the same socket as when the sample was shown.
      for (const row of rows) {
        const traffic = mayCarryTraffic(row) ? this.shown.get(row.id) : undefined;
        if (traffic !== undefined) row.traffic = { ...traffic };
      }
      return { traffic: true, trafficNote: null, warnings: [...this.shownWarnings] };
    }
    const joined = joinNettop(rows, run.sample.connections);
    this.rates.update(rows, run.at);
    this.shownSeq = run.seq;
    this.shown = new Map();
    // The objects themselves (nothing changes a row's traffic once its refresh is out); copied when shown again.
    for (const row of rows) if (row.traffic !== undefined) this.shown.set(row.id, row.traffic);
    this.shownWarnings = runWarnings(run, joined);
    return { traffic: true, trafficNote: null, warnings: [...this.shownWarnings] };
  }

  /** Without a sample nothing old is shown again; the next sample's rates still run from the last one read. */
  private forget(): void {
    this.shownSeq = null;
    this.shown = new Map();
    this.shownWarnings = [];
  }
}
