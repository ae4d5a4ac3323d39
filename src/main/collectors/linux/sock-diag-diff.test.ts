import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import { recordPrint } from './record-print';
import { CHUNK_ENTRIES, DiffEncoder, InodePrints, readDiffChunk, type DiffChunk } from './sock-diag-diff';

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Records with the given inodes; `salt` changes a counter, so the same inode with another salt is a changed socket. */
function records(inodes: number[], salt = 0): Uint8Array {
  const bytes = new Uint8Array(inodes.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  inodes.forEach((inode, i) => {
    bytes[i * RECORD_BYTES] = 4;
    view.setUint32(i * RECORD_BYTES + 40, inode, little);
    view.setFloat64(i * RECORD_BYTES + 56, salt, little);
  });
  return bytes;
}

/** Every chunk an encoder sends, read back (copied: the encoder reuses its buffer). */
function encode(
  last: InodePrints | null,
  next: InodePrints,
  batches: Uint8Array[],
): { chunks: DiffChunk[]; raw: Uint8Array[] } {
  const chunks: DiffChunk[] = [];
  const raw: Uint8Array[] = [];
  const encoder = new DiffEncoder(last, next, (bytes, length) => {
    const copy = bytes.slice(0, length);
    raw.push(copy);
    const chunk = readDiffChunk(copy, length);
    if (chunk === null) throw new Error('unreadable chunk');
    chunks.push(chunk);
  });
  for (const batch of batches) encoder.add(batch, batch.length / RECORD_BYTES);
  encoder.flush();
  return { chunks, raw };
}

/** The chunks as (inode, 'same' | 'record') in order. */
function flatten(chunks: DiffChunk[]): [number, 'same' | 'record'][] {
  const out: [number, 'same' | 'record'][] = [];
  for (const chunk of chunks) {
    const view = new DataView(chunk.records.buffer, chunk.records.byteOffset, chunk.records.byteLength);
    for (const entry of chunk.entries) {
      if (entry > 0) out.push([entry, 'same']);
      else out.push([view.getUint32((-entry - 1) * RECORD_BYTES + 40, little), 'record']);
    }
  }
  return out;
}

describe('sock_diag chunks of changed records', () => {
  it('sends every record of a first dump, then only the changed ones and the inodes of the others, in order', () => {
    const first = new InodePrints();
    const sent = encode(null, first, [records([11, 12, 13])]);
    expect(flatten(sent.chunks)).toEqual([
      [11, 'record'],
      [12, 'record'],
      [13, 'record'],
    ]);
    const second = new InodePrints();
    // 12 changed (another counter), 14 is new, 11 and 13 are the same records as before.
    const changed = records([12], 1);
    const batch = new Uint8Array(4 * RECORD_BYTES);
    batch.set(records([11]), 0);
    batch.set(changed, RECORD_BYTES);
    batch.set(records([13]), 2 * RECORD_BYTES);
    batch.set(records([14]), 3 * RECORD_BYTES);
    const again = encode(first, second, [batch]);
    expect(flatten(again.chunks)).toEqual([
      [11, 'same'],
      [12, 'record'],
      [13, 'same'],
      [14, 'record'],
    ]);
    // The changed record goes out byte for byte.
    expect([...(again.chunks[0] as DiffChunk).records.subarray(0, RECORD_BYTES)]).toEqual([...changed]);
    expect(second.get(12)).toBe(recordPrint(new Int32Array(changed.buffer), 0));
    expect(second.get(14)).not.toBe(-1);
    expect(second.get(99)).toBe(-1);
  });

  it('never marks an inode-0 socket unchanged, and keeps the first print of a socket listed twice', () => {
    const last = new InodePrints();
    encode(null, last, [records([0, 21, 21])]);
    const next = new InodePrints();
    expect(flatten(encode(last, next, [records([0, 21, 21])]).chunks)).toEqual([
      [0, 'record'],
      [21, 'same'],
      [21, 'same'],
    ]);
  });

  it('splits a big dump into chunks of at most CHUNK_ENTRIES sockets', () => {
    const inodes = Array.from({ length: CHUNK_ENTRIES * 2 + 5 }, (_, i) => i + 1);
    const { chunks } = encode(null, new InodePrints(), [records(inodes)]);
    expect(chunks.map((c) => c.entries.length)).toEqual([CHUNK_ENTRIES, CHUNK_ENTRIES, 5]);
    expect(flatten(chunks).map(([inode]) => inode)).toEqual(inodes);
  });

  it('grows and resets its map of prints', () => {
    const prints = new InodePrints();
    for (let inode = 1; inode <= 1000; inode++) prints.addFirst(inode, inode * 3);
    expect(prints.size).toBe(1000);
    expect(prints.get(500)).toBe(1500);
    prints.addFirst(500, 7);
    expect(prints.get(500)).toBe(1500);
    prints.reset(10);
    expect(prints.size).toBe(0);
    expect(prints.get(500)).toBe(-1);
  });

  it('keeps prints for inodes over the whole 32-bit range, and 53-bit prints exactly', () => {
    const prints = new InodePrints();
    const inodes = [1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    inodes.forEach((inode, i) => prints.addFirst(inode, 2 ** 52 + i));
    inodes.forEach((inode, i) => expect(prints.get(inode)).toBe(2 ** 52 + i));
    expect(prints.get(0xfffffffd)).toBe(-1);
    expect(prints.size).toBe(5);
  });

  it('finds what a Map finds, through collisions and the wrap at the end of the table', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 0xffffffff }), { maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 0xffffffff }), { maxLength: 50 }),
        (added, asked) => {
          // Sized for few, so that it grows while filling and most lookups probe past other keys.
          const prints = new InodePrints(1);
          const reference = new Map<number, number>();
          added.forEach((inode, i) => {
            prints.addFirst(inode, i);
            if (!reference.has(inode)) reference.set(inode, i);
          });
          for (const inode of [...added, ...asked]) expect(prints.get(inode)).toBe(reference.get(inode) ?? -1);
        },
      ),
    );
  });

  it('sends every record when there is no dump to compare with', () => {
    const { chunks } = encode(null, new InodePrints(), [records([5, 6, 7])]);
    expect(chunks.map((c) => [...c.entries])).toEqual([[-1, -2, -3]]);
  });

  it('refuses a chunk whose lengths do not add up, and never throws on any bytes', () => {
    const { raw } = encode(null, new InodePrints(), [records([1, 2])]);
    const whole = raw[0] as Uint8Array;
    expect(readDiffChunk(whole, whole.length)).not.toBeNull();
    expect(readDiffChunk(whole, whole.length - 1)).toBeNull();
    expect(readDiffChunk(whole.subarray(0, 7), 7)).toBeNull();
    // An entry pointing past the chunk's records.
    const bad = whole.slice();
    new DataView(bad.buffer).setFloat64(8, -3, little);
    expect(readDiffChunk(bad, bad.length)).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const chunk = readDiffChunk(bytes, bytes.length);
        if (chunk !== null) expect(chunk.entries.length).toBeGreaterThanOrEqual(chunk.recordCount);
      }),
    );
  });

  it('gives different prints to records that differ in any one byte', () => {
    const base = records([5], 123);
    const words = new Int32Array(base.buffer);
    const print = recordPrint(words, 0);
    for (let byte = 0; byte < RECORD_BYTES; byte++) {
      const other = base.slice();
      other[byte] = (other[byte] as number) ^ 1;
      expect(recordPrint(new Int32Array(other.buffer), 0)).not.toBe(print);
    }
    expect(recordPrint(new Int32Array(base.slice().buffer), 0)).toBe(print);
    expect(Number.isSafeInteger(print) && print >= 0).toBe(true);
  });
});
