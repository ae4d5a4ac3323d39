/**
 * Spends V8's "ArrayBufferDetaching" protector at a thread's start, before any hot code is optimized.
 *
 * WHY: while no ArrayBuffer of an isolate was ever detached, V8 compiles typed-array code without the checks for a
 * detached buffer, and depends on that staying true. The first transfer (postMessage with a transfer list) detaches
 * one and invalidates the protector: every optimized function that read a typed array is thrown away and compiled
 * again. Every thread here transfers sooner or later (the reading thread its first dump chunk, the owner thread its
 * reply, this thread the inode batches), so the invalidation is certain; in a cold pass it came in the middle: in
 * the reading thread ~20 ms into the dump, throwing away writeRecord, walkDiagChunk, DiffEncoder.fill and ~6 more
 * (`--trace-opt --trace-deopt`, 50k connections: each compiled twice, the second time ~30-50 ms of a compiler
 * thread each in a slow phase), and in the main thread once the dump was in (takeChunk, addRecords, rowOfRecord,
 * compiled again by the first warm refreshes). Detached here, at a point where nothing is optimized yet, each is
 * compiled once.
 */
export function spendDetachProtector(): ArrayBuffer {
  const buffer = new ArrayBuffer(0);
  structuredClone(buffer, { transfer: [buffer] });
  // Returned detached, for the test.
  return buffer;
}
