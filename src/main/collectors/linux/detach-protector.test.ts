import { describe, expect, it } from 'vitest';
import { spendDetachProtector } from './detach-protector';

describe('spendDetachProtector', () => {
  it('detaches a buffer of its own (the operation that invalidates the protector) and leaves others alone', () => {
    const mine = new Uint8Array([1, 2, 3]);
    const spent = spendDetachProtector();
    // A detached buffer cannot be viewed (an empty one that was not detached can).
    expect(() => new Uint8Array(spent)).toThrow(TypeError);
    expect(() => new Uint8Array(new ArrayBuffer(0))).not.toThrow();
    // Twice is harmless (a worker lane and a test may both call it).
    spendDetachProtector();
    expect([...mine]).toEqual([1, 2, 3]);
  });
});
