/** The owner scan's answer to the connections collector, and its conversion from the scanner's result. */
import type { OwnerScanResult, OwnerScanStats } from './owner-scan';

export interface OwnerReply {
  kind: 'owners';
  /** owners[i] is the PID holding the i-th inode sent (all 'inodes' messages in order), 0 when none. */
  owners: Int32Array<ArrayBuffer>;
  startPids: Int32Array<ArrayBuffer>;
  startTicks: Float64Array<ArrayBuffer>;
  unowned: number;
  stats: OwnerScanStats;
}

/**
 * WHY arrays aligned to the request: the main thread then sets each
 * connection's PID by index, with no 100k-entry Map built on either side of
 * the message, and typed arrays cross the thread boundary without a copy.
 */
export function ownerReplyOf(pieces: readonly Float64Array[], result: OwnerScanResult): OwnerReply {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  // Answered by the scan already (a pass that read every process in full: owner-index.ts).
  let owners = result.pieceOwners;
  if (owners === undefined || owners.length !== total) {
    owners = new Int32Array(total);
    let k = 0;
    for (const piece of pieces)
      for (let i = 0; i < piece.length; i++) owners[k++] = result.owners.get(piece[i] as number) ?? 0;
  }
  const startPids = new Int32Array(result.startTicks.size);
  const startTicks = new Float64Array(result.startTicks.size);
  let j = 0;
  for (const [pid, ticks] of result.startTicks) {
    startPids[j] = pid;
    startTicks[j++] = ticks;
  }
  return { kind: 'owners', owners, startPids, startTicks, unowned: result.unowned, stats: result.stats };
}
