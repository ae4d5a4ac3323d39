/**
 * Collects table inodes for the owner source (owner-source.ts), sent in batches; split out of connections.ts, whose
 * collect() feeds it while the tables are read.
 * WHY: each message costs both threads a turn; a small host's tables come in
 * up to six tiny pieces, a big host's in ~30 pieces of 3k rows.
 */
export class InodeBatcher {
  private batch: Float64Array | null = null;
  private count = 0;
  /** Batches kept back while hold() is on (the rows they belong to may still be dropped). */
  private held: Float64Array[] | null = null;
  constructor(private readonly send: (inodes: Float64Array) => void) {}

  add(inode: number): void {
    this.batch ??= new Float64Array(BATCH_INODES);
    this.batch[this.count++] = inode;
    if (this.count === BATCH_INODES) this.flush();
  }

  flush(): void {
    if (this.batch === null) return;
    // The array may be transferred (so it is not reused): a full one goes as it is, a partial one as a copy of its part.
    const batch = this.count === BATCH_INODES ? this.batch : this.batch.slice(0, this.count);
    if (this.held) this.held.push(batch);
    else this.send(batch);
    this.batch = null;
    this.count = 0;
  }

  /** Keeps what is added from now on until release() sends it or drop() forgets it. */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const batch of held) this.send(batch);
  }

  /** Forgets the batches not sent yet (their rows were dropped). */
  drop(): void {
    this.held = null;
    this.batch = null;
    this.count = 0;
  }
}

const BATCH_INODES = 8192;
