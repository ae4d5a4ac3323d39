/**
 * What a browser connection's session (client.ts) is written against: the
 * minimal socket it sends on (so the back-pressure rules are testable without
 * a network), the limits on what a slow reader may pin, and the session the
 * server drives.
 */
export interface ClientSocket {
  readonly bufferedAmount: number;
  /** Text frames, or binary ones (snapshots for `netscope.v4` clients). */
  send(data: string | Uint8Array): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface ClientLimits {
  /** Above this much unsent data, snapshots and diffs are dropped until the client catches up. */
  softBufferBytes: number;
  /** Below this, a lagging client gets a fresh snapshot and live diffs again. */
  resumeBufferBytes: number;
  /** Above this, the client is disconnected. */
  hardBufferBytes: number;
  /** Invokes a client may have running at once. */
  maxInFlight: number;
  /** How often a lagging client's buffer is checked. */
  drainCheckMs: number;
  /**
   * After a head, how long the snapshot's encoding waits for the page to paint it (client.ts says why); the page's
   * first message ends the wait sooner. WHY this long: the page's app speaks only once the head's frame is on screen
   * (src/renderer/boot/boot-sequence.ts afterPresented) and its chunk has run, 250-500 ms after the head on a busy
   * 2-core machine; an encoding started before that took a core from the frame's raster. A page that never speaks
   * (no app) still gets its snapshot.
   */
  headPaintMs: number;
}

export const DEFAULT_LIMITS: ClientLimits = {
  softBufferBytes: 64 * 1024 * 1024,
  resumeBufferBytes: 1024 * 1024,
  hardBufferBytes: 128 * 1024 * 1024,
  maxInFlight: 32,
  drainCheckMs: 250,
  headPaintMs: 800,
};

export interface ClientSession {
  /** A text or binary frame from the client. */
  onMessage(data: string | null): void;
  /** The socket closed: stop listening to the engine. */
  dispose(): void;
}
