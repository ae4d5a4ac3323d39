import { describe, expect, it } from 'vitest';
import { applyDiff, type SnapshotDiff } from '../../shared/diff';
import { emptySnapshot } from '../../shared/model';
import { SeqRebaser } from './seq-rebase';

const snap = (seq: number) => emptySnapshot({ seq, host: 'h' });
const diff = (baseSeq: number): SnapshotDiff => ({
  seq: baseSeq + 1,
  baseSeq,
  takenAt: 0,
  tookMs: 0,
  added: [],
  removed: [],
  changed: [],
  collectors: [],
});

describe('SeqRebaser', () => {
  it('leaves the first source alone', () => {
    const r = new SeqRebaser();
    const first = snap(1);
    expect(r.snapshot(first)).toBe(first);
    expect(r.diff(diff(1)).seq).toBe(2);
  });

  it('numbers a restarted source after everything sent, and its diffs still apply', () => {
    const r = new SeqRebaser();
    r.snapshot(snap(1));
    r.diff(diff(1));
    r.diff(diff(2)); // last sent: 3
    r.restart();
    const again = r.snapshot(snap(1)); // the agent restarted: its seq is 1 again
    expect(again.seq).toBe(4);
    const d = r.diff(diff(1));
    expect(d).toMatchObject({ baseSeq: 4, seq: 5 });
    expect(applyDiff(again, d).seq).toBe(5);
    expect(r.status({ intervalMs: 1, paused: false, seq: 2, readOnly: false, title: '' }).seq).toBe(5);
  });

  it('numbers a source switched to after one that ran further', () => {
    const r = new SeqRebaser();
    expect(r.snapshot(snap(40)).seq).toBe(40);
    r.restart();
    expect(r.snapshot(snap(3)).seq).toBe(41);
    r.restart();
    expect(r.snapshot(snap(30)).seq).toBe(68); // back to a source behind: moved after 41 by the same rule
    r.restart();
    expect(r.snapshot(snap(1)).seq).toBe(69);
  });
});
