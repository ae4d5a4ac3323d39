/**
 * inode -> lowest PID, built while a pass reads processes in full (owner-scan.ts), so that a pass that read every
 * process in full (a cold one) answers the table inodes with one lookup each once the listing ends.
 *
 * WHY: the general resolve (owner-assign.ts) walks every cached fd again once the tables are known, claims each table
 * inode, then walks the table again for the ownerless ones; on a cold pass at 100k sockets that was ~3 hash
 * operations per socket after the last inode arrived, on the critical path of the first snapshot. Each process's
 * sockets are claimed here once, when the index is first read after the listing (settle(): one map sized by the
 * sockets the processes hold), and the table inodes are then answered with one lookup each.
 *
 * Processes are added in ascending PID order (the listing's), so the first claim is the lowest PID, as the general
 * resolve gives. A socket several processes hold (fork, an fd passed over a UNIX socket) is remembered as contested:
 * if the tables list one, the general resolve runs instead, as it re-reads the claimants' fds before the lowest
 * PID wins (owner-assign.ts).
 */
import { InodeMap, InodeSet, type InodeLookup } from './inode-table';

export class OwnerIndex {
  private map: InodeMap | null = null;
  /** Processes added since the map was last read, in the order added (ascending PID), and their socket fds. */
  private pending: { pid: number; inodes: Float64Array }[] = [];
  private pendingSockets = 0;
  /** Inodes claimed by more than one process; null while there is none. */
  private contested: InodeSet | null = null;

  /** @param expected the size to start from when known (the last index's), else the sockets added size it. */
  constructor(private readonly expected = 0) {}

  /**
   * inode -> lowest PID. WHY claimed only when first read (once the listing ends): a cold pass has no size to start
   * from, and a map grown from empty to 100k sockets rehashed ~130k entries on the critical path (~50 ms of the owner
   * thread in a profile at 50k connections); the sockets added by then give its size.
   */
  get owners(): InodeMap {
    return this.settle();
  }

  /** Number of distinct socket inodes claimed so far. */
  get size(): number {
    return this.settle().size;
  }

  /** How many socket fds the processes added so far hold (a size hint: a socket several hold counts once each). */
  get sockets(): number {
    return (this.map?.size ?? 0) + this.pendingSockets;
  }

  /** A process's sockets (`inodes[i]`: the socket inode of its i-th fd, 0 for none); PIDs must come in ascending order. */
  addProcess(pid: number, inodes: Float64Array): void {
    let sockets = 0;
    for (let i = 0; i < inodes.length; i++) if (inodes[i] !== 0) sockets++;
    this.pending.push({ pid, inodes });
    this.pendingSockets += sockets;
  }

  /** The map with every process added so far claimed in it. */
  private settle(): InodeMap {
    const map = (this.map ??= new InodeMap(Math.max(this.expected, this.pendingSockets)));
    if (this.pending.length === 0) return map;
    const pending = this.pending;
    this.pending = [];
    this.pendingSockets = 0;
    for (const { pid, inodes } of pending) this.claim(map, pid, inodes);
    return map;
  }

  private claim(owners: InodeMap, pid: number, inodes: Float64Array): void {
    for (let i = 0; i < inodes.length; i++) {
      const inode = inodes[i] as number;
      if (inode !== 0 && owners.claim(inode, pid) !== pid) (this.contested ??= new InodeSet()).add(inode);
    }
  }

  /** Whether the tables list a socket that several processes hold. */
  contests(tableInodes: InodeLookup): boolean {
    this.settle();
    let found = false;
    this.contested?.forEach((inode) => {
      if (!found && tableInodes.has(inode)) found = true;
    });
    return found;
  }
}

/**
 * The owners of the table inodes as their pieces arrive, answered from a complete index: per piece (aligned, 0 for
 * none), the owners of the table inodes, and the table inodes no process holds.
 * WHY as they arrive: the pieces come while the rest of the tables is still read, and the owner thread is mostly idle
 * by then once its listing is done; what is left after the last piece is that piece.
 */
export class PieceAnswers {
  /**
   * Socket inode -> owner: the index's own map, every socket the processes hold (the table's and others').
   * WHY not a map of the table inodes only: filling one was 100k inserts on the owner thread after its listing, on
   * the cold pass's critical path, and what reads it (the quiet passes: owner-quiet.ts) checks the table first.
   */
  readonly owners: InodeMap;
  readonly unowned = new InodeSet();
  /** The pieces answered, in order, and their answers. */
  readonly pieces: Float64Array[] = [];
  private readonly answers: Int32Array[] = [];
  private total = 0;

  constructor(readonly index: OwnerIndex) {
    this.owners = index.owners;
  }

  answer(piece: Float64Array): void {
    const answer = new Int32Array(piece.length);
    answerPiece(this.owners, piece, answer, this.unowned);
    this.pieces.push(piece);
    this.answers.push(answer);
    this.total += piece.length;
  }

  /** Whether these are the pieces answered, in order. */
  answered(pieces: readonly Float64Array[]): boolean {
    return pieces.length === this.pieces.length && pieces.every((piece, i) => piece === this.pieces[i]);
  }

  /** Every piece's answer, one array. */
  joined(): Int32Array<ArrayBuffer> {
    const joined = new Int32Array(this.total);
    let at = 0;
    for (const answer of this.answers) {
      joined.set(answer, at);
      at += answer.length;
    }
    return joined;
  }
}

/**
 * The owners of `piece`'s inodes from `all` into `answer` (aligned, 0 for none), the others into `unowned`.
 * WHY its own function: the loop runs 100k times on a cold pass, mostly in its first calls; inside answer(), V8
 * compiled it again for each of the first pieces (the code after the loop had no type feedback yet when it was first
 * optimized), on the two cores the cold pass needs.
 */
function answerPiece(all: InodeMap, piece: Float64Array, answer: Int32Array, unowned: InodeSet): void {
  for (let i = 0; i < piece.length; i++) {
    const inode = piece[i] as number;
    const pid = inode === 0 ? undefined : all.get(inode);
    if (pid === undefined) unowned.add(inode);
    else answer[i] = pid;
  }
}

/**
 * The pieces of table inodes of the current pass, as they arrive, and their answers once an index can give them.
 * WHY kept apart from the pieces the owner jobs keep: the scan answers what it was given, in order, and its
 * resolve() checks that these are the pieces it is asked about.
 */
export class ArrivingPieces {
  private arrived: Float64Array[] = [];
  private answers: PieceAnswers | null = null;

  /** A new pass: nothing arrived, no index yet. */
  reset(): void {
    this.arrived = [];
    this.answers = null;
  }

  take(piece: Float64Array): void {
    this.arrived.push(piece);
    this.answers?.answer(piece);
  }

  /** The index is complete: the pieces so far are answered now, the next ones as they arrive. */
  indexReady(index: OwnerIndex): void {
    this.answers = new PieceAnswers(index);
    for (const piece of this.arrived) this.answers.answer(piece);
  }

  /** The answers of `pieces` (those already given, or computed now), and a reset. */
  answersFor(index: OwnerIndex, pieces: readonly Float64Array[]): PieceAnswers {
    let answers = this.answers;
    this.reset();
    if (answers === null || answers.index !== index || !answers.answered(pieces)) {
      answers = new PieceAnswers(index);
      for (const piece of pieces) answers.answer(piece);
    }
    return answers;
  }
}

/** The answer of a pass whose every process was read in full, for a table given whole (no pieces). */
export function answerTable(index: OwnerIndex, tableInodes: InodeLookup): { owners: InodeMap; unowned: InodeSet } {
  const all = index.owners;
  const owners = new InodeMap(tableInodes.size);
  const unowned = new InodeSet();
  tableInodes.forEach((inode) => {
    const pid = all.get(inode);
    if (pid === undefined) unowned.add(inode);
    else owners.set(inode, pid);
  });
  return { owners, unowned };
}
