/**
 * The encoders that can work in slices of the server's event loop (snapshot-encoder.ts) are generators that yield
 * between steps; a caller that wants the result at once runs one to its end.
 */
export function runToEnd<T>(steps: Generator<unknown, T, undefined>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
