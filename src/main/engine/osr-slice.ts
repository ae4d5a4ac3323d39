/**
 * Items a hot loop handles per call when it runs once a refresh over every socket (hashRows' rows, takeChunk's
 * unchanged sockets). WHY: such a loop, written as one call over every item, was optimized by V8 while it ran (on
 * the stack, OSR) and compiled again, whole, at the next refresh's call (--trace-opt at 1k sockets, refreshes 2-5,
 * issue 11). 64 items are well under the loop iterations between two of V8's interrupt ticks (a 66 KB bytecode
 * budget, ~150 bytes an iteration), so the call V8 marks for optimization returns, and is called again, before a
 * tick could ask for OSR: compiled once.
 */
export const OSR_FREE_SLICE = 64;
