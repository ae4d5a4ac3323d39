/**
 * One window, several sources of snapshots over time (this computer, a saved
 * output, a remote agent, the same agent after it restarted), each numbering
 * its snapshots from 1. The renderer drops a live snapshot older than the one
 * it shows (a late resync answer must not roll the view back), so a source
 * that starts again from a lower seq would be ignored. This renumbers: after
 * restart(), a next snapshot that would go backwards is numbered just after
 * everything sent so far, and the source's diffs and statuses follow it by the same offset.
 */
import type { EngineStatus } from '../../shared/api';
import type { SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';

export class SeqRebaser {
  private offset = 0;
  private last = 0;
  private pending = true;

  /** The source changed (or restarted): its next snapshot starts a new run. */
  restart(): void {
    this.pending = true;
  }

  snapshot(snapshot: Snapshot): Snapshot {
    // Only a run that would go backwards is moved; one that is ahead keeps its numbers.
    if (this.pending && snapshot.seq + this.offset <= this.last) this.offset = this.last + 1 - snapshot.seq;
    this.pending = false;
    const seq = snapshot.seq + this.offset;
    this.last = Math.max(this.last, seq);
    // Unchanged objects stay the same object (the first source's numbers are its own).
    return this.offset === 0 ? snapshot : { ...snapshot, seq };
  }

  diff(diff: SnapshotDiff): SnapshotDiff {
    const seq = diff.seq + this.offset;
    this.last = Math.max(this.last, seq);
    return this.offset === 0 ? diff : { ...diff, seq, baseSeq: diff.baseSeq + this.offset };
  }

  status(status: EngineStatus): EngineStatus {
    if (this.offset === 0 || status.seq === 0) return status;
    return { ...status, seq: status.seq + this.offset };
  }

  message(message: PushMessage): PushMessage {
    switch (message.channel) {
      case 'snapshot':
        return { channel: 'snapshot', payload: this.snapshot(message.payload) };
      case 'diff':
        return { channel: 'diff', payload: this.diff(message.payload) };
      case 'status':
        return { channel: 'status', payload: this.status(message.payload) };
      default:
        return message;
    }
  }
}
