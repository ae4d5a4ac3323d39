import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { untilSignal } from './until-signal';

/** untilSignal over a fake process: its signals, exits and warnings recorded. */
function harness(stop: () => Promise<unknown>, deadlineMs = 1_000) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const warnings: string[] = [];
  const done = untilSignal(stop, {
    deadlineMs,
    signals,
    exit: (code) => exits.push(code),
    warn: (line) => warnings.push(line),
  });
  return { signals, exits, warnings, done };
}

const never = () => new Promise<never>(() => {});

describe('untilSignal', () => {
  it('stops on SIGTERM and ends with 0, its handlers removed', async () => {
    let stopped = 0;
    const h = harness(async () => stopped++);
    expect(stopped).toBe(0);
    h.signals.emit('SIGTERM', 'SIGTERM');
    await expect(h.done).resolves.toBe(0);
    expect(stopped).toBe(1);
    expect(h.signals.listenerCount('SIGINT') + h.signals.listenerCount('SIGTERM')).toBe(0);
    expect(h.exits).toEqual([]);
  });

  it('exits 1 and says why when stopping outlasts the deadline', async () => {
    const h = harness(never, 20);
    h.signals.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setTimeout(r, 60));
    expect(h.exits).toEqual([1]);
    expect(h.warnings.join('')).toMatch(/still stopping 0\.02 s after SIGINT/);
  });

  it('exits at once on a second signal while stopping', () => {
    const h = harness(never);
    h.signals.emit('SIGINT', 'SIGINT');
    expect(h.exits).toEqual([]);
    h.signals.emit('SIGTERM', 'SIGTERM');
    expect(h.exits).toEqual([1]);
    expect(h.warnings.join('')).toContain('SIGTERM while stopping after SIGINT');
  });

  it('ends with 1 and the error when stopping fails', async () => {
    const h = harness(() => Promise.reject(new Error('port still held')));
    h.signals.emit('SIGTERM', 'SIGTERM');
    await expect(h.done).resolves.toBe(1);
    expect(h.warnings.join('')).toContain('stopping after SIGTERM failed: port still held');
    expect(h.exits).toEqual([]);
  });

  it('ends with 1 when stopping throws at once', async () => {
    const h = harness(() => {
      throw new Error('no server');
    });
    h.signals.emit('SIGINT', 'SIGINT');
    await expect(h.done).resolves.toBe(1);
    expect(h.warnings.join('')).toContain('stopping after SIGINT failed: no server');
  });
});
