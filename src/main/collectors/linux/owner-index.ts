/**
 * inode -> lowest PID, built while a pass reads processes in full (owner-scan.ts), so that a pass that read every
 * process in full (a cold one) answers the table inodes with one lookup each once the listing ends.
 *
 * WHY: the general resolve (owner-assign.ts) walks every cached fd again once the tables are known, claims each table
 * inode, then walks the table again for the ownerless ones; on a cold pass at 100k sockets that was ~3 hash
 * operations per socket after the last inode arrived, on the critical path of the first snapshot. Claiming each
 * process's sockets as soon as its fds are read does that work while the socket tables are still being read.
 *
 * Processes are added in ascending PID order (the listing's), so the first claim is the lowest PID, as the general
 * resolve gives. A socket several processes hold (fork, an fd passed over a UNIX socket) is remembered as contested:
 * if the tables list one, the general resolve runs instead, as it re-reads the claimants' fds before the lowest
 * PID wins (owner-assign.ts).
 */
import { InodeMap, InodeSet, type InodeLookup } from './inode-table';

export class OwnerIndex {
  readonly owners: InodeMap;
  /** Inodes claimed by more than one process; null while there is none. */
  private contested: InodeSet | null = null;

  constructor(expected = 0) {
    this.owners = new InodeMap(expected);
  }

  /** Number of distinct socket inodes claimed so far. */
  get size(): number {
    return this.owners.size;
  }

  /** A process's sockets (`inodes[i]`: the socket inode of its i-th fd, 0 for none); PIDs must come in ascending order. */
  addProcess(pid: number, inodes: Float64Array): void {
    const owners = this.owners;
    for (let i = 0; i < inodes.length; i++) {
      const inode = inodes[i] as number;
      if (inode !== 0 && owners.claim(inode, pid) !== pid) (this.contested ??= new InodeSet()).add(inode);
    }
  }

  /** Whether the tables list a socket that several processes hold. */
  contests(tableInodes: InodeLookup): boolean {
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
  /** Table inode -> owner. */
  readonly owners: InodeMap;
  readonly unowned = new InodeSet();
  /** The pieces answered, in order, and their answers. */
  readonly pieces: Float64Array[] = [];
  private readonly answers: Int32Array[] = [];
  private total = 0;

  constructor(readonly index: OwnerIndex) {
    this.owners = new InodeMap(index.size);
  }

  answer(piece: Float64Array): void {
    const all = this.index.owners;
    const { owners, unowned } = this;
    const answer = new Int32Array(piece.length);
    for (let i = 0; i < piece.length; i++) {
      const inode = piece[i] as number;
      const pid = inode === 0 ? undefined : all.get(inode);
      if (pid === undefined) unowned.add(inode);
      else {
        owners.set(inode, pid);
        answer[i] = pid;
      }
    }
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
