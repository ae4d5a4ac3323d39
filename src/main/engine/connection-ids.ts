/**
 * Ids for a fresh collection, the same as assignConnectionIds() gives, without
 * writing into a row that an earlier snapshot may still hold.
 *
 * WHY: the Linux collector hands back the previous snapshot's Connection object
 * for a socket that did not change (so 100k objects are not re-created and
 * promoted to the old generation on every refresh). Such a row already carries
 * its id. Writing a different id into it would change the earlier snapshot too,
 * and the diff would never see the change; so a row that arrives with a
 * non-empty id that is no longer right is replaced by a copy. A row whose id is
 * already right keeps its string (the key built here to check it dies young).
 * Rows that arrive with an empty id are new objects and are written in place.
 */
import type { KeyField, SameKeys } from '../../shared/connection-fields';
import { disambiguatedId, newUsedIds, type Connection } from '../../shared/model';
import { connectionKeyText } from './connection-key-text';
import { OSR_FREE_SLICE } from './osr-slice';

/**
 * Row objects seen here before with their plain key as id. WHY: engines hand an unchanged socket back as
 * the same object (netlink, the synthetic load), and no row's key fields or id change in place (a changed
 * socket is a new object; only rows that arrive with an empty id are written, below), so such a row's key
 * need not be built again: at 100k rows that was 100k key strings per refresh (issue 13).
 */
const plainKeyed = new WeakSet<Connection>();

/**
 * The typed arrays of the last call, filled again by the next. WHY: a warm refresh allocates little on the JS heap,
 * so young-generation collections are rare, and a new 1 MB table per refresh (at 100k rows) stayed outside the heap
 * until one ran: the resident size grew by that much every refresh (issue 11).
 */
let spareSlots = new Int32Array(0);
let spareSlotHashes = new Int32Array(0);
let spareFresh = new Uint8Array(0);
let spareKnown = new Uint8Array(0);

/**
 * The last call's rows, when each of them left with its plain key as id, and their key hashes (by index); the hashes
 * of the next call are written into `nextHashes`, then the two are swapped. WHY: an engine hands most rows back as
 * the same objects in the same order, and such a row's id is its key and its hash is known: found by comparing
 * references in the two lists, it needs no WeakSet lookup and no hash of its address strings. At a 1 s refresh
 * those reads of ~2k row objects and their strings, which have left the CPU's caches since the last refresh, were
 * most of this pass's cost (issue 11). Weak: the rows of a list no longer shown are not kept for this.
 */
let lastRows: WeakRef<Connection[]> | null = null;
let lastHashes = new Int32Array(0);
let nextHashes = new Int32Array(0);
/** How far ahead in the last call's rows a row is looked for (a row closed since leaves a gap of one or so). */
const LOOKAHEAD = 4;

/** A typed array of at least `n` slots, the spare one unless it is too small or far too big (a spike passed). */
function sized<T extends Int32Array | Uint8Array>(spare: T, n: number, make: (length: number) => T): T {
  return spare.length < n || spare.length > n * 4 + 1024 ? make(n + (n >> 3)) : spare;
}

export function assignIdsKeepingShared(connections: Connection[]): Connection[] {
  const n = connections.length;
  // Not kept at a spike's size once the host's sockets dropped.
  spareFresh = sized(spareFresh, n, (length) => new Uint8Array(length));
  const fresh = spareFresh;
  fresh.fill(0, 0, n);
  spareKnown = sized(spareKnown, n, (length) => new Uint8Array(length));
  const known = spareKnown;
  nextHashes = sized(nextHashes, n, (length) => new Int32Array(length));
  const hashes = nextHashes;
  const knownCount = hashRows(connections, lastRows?.deref() ?? null, known, hashes, fresh);
  lastRows = null;
  // Rows all found, each at its own place, in the last call's rows (whose keys were unique): unique keys.
  const shared = knownCount === n ? null : markSharedKeys(connections, hashes);
  /** index -> key, for carried-over rows whose id is not their plain key (rare). */
  let mismatched: Map<number, string> | null = null;
  for (let i = 0; i < n; i++) {
    const c = connections[i] as Connection;
    // Rows that arrived without an id were given their plain key by hashRows().
    if (known[i] === 1 || fresh[i] === 1 || plainKeyed.has(c)) continue;
    const key = connectionKeyText(c);
    if (c.id === key) plainKeyed.add(c);
    else (mismatched ??= new Map()).set(i, key);
  }
  if (shared === null && mismatched === null) {
    // Every row leaves with its plain key as id: the next call may take these rows' hashes as they are.
    lastRows = new WeakRef(connections);
    nextHashes = lastHashes;
    lastHashes = hashes;
    return connections;
  }
  const used = newUsedIds();
  for (let i = 0; i < n; i++) {
    const c = connections[i] as Connection;
    const key = mismatched?.get(i) ?? c.id;
    let id = key;
    if (shared !== null && shared[i] === 1) {
      // The same disambiguation as assignConnectionIds(), in the same order.
      id = disambiguatedId(key, c, used);
    }
    if (c.id === id) continue;
    if (fresh[i] === 1) c.id = id;
    else connections[i] = { ...c, id };
  }
  return connections;
}

/** The fields sameKey() compares: exactly the key fields (checked by the compiler, and by the test for the body). */
type SameKeyField = 'localPort' | 'remotePort' | 'protocol' | 'family' | 'localAddress' | 'remoteAddress';
const sameKeyFieldsAreTheKey: SameKeys<SameKeyField, KeyField> = true;
void sameKeyFieldsAreTheKey;

/** Whether two rows have the same connectionKey() (the key is a one-to-one text of these fields). */
export function sameKey(a: Connection, b: Connection): boolean {
  return (
    a.localPort === b.localPort &&
    a.remotePort === b.remotePort &&
    a.protocol === b.protocol &&
    a.family === b.family &&
    a.localAddress === b.localAddress &&
    a.remoteAddress === b.remoteAddress
  );
}

function addressHash(address: string): number {
  const length = address.length;
  return (
    Math.imul(length, 0x27d4eb2d) ^
    Math.imul(address.charCodeAt(length - 1) | 0, 0x165667b1) ^
    Math.imul(address.charCodeAt(length - 2) | 0, 0x61c88647) ^
    Math.imul(address.charCodeAt(length >> 1) | 0, 0x2545f491)
  );
}

function keyHash(c: Connection): number {
  let h = Math.imul(c.localPort, 0x9e3779b1) ^ Math.imul(c.remotePort + 1, 0x85ebca6b);
  h ^= Math.imul(c.family * 7 + c.protocol.length + c.protocol.charCodeAt(0), 0xc2b2ae35);
  h ^= addressHash(c.localAddress) ^ Math.imul(addressHash(c.remoteAddress), 0x7feb352d);
  h ^= h >>> 16;
  return Math.imul(h, 0x846ca68b) ^ (h >>> 13);
}

/**
 * hashes[i]: row i's key hash; known[i] === 1 when row i is an object of `previous`, each at a place of its own (the
 * last call's rows, each with its plain key as id), whose hash is then taken from lastHashes instead of its fields (see
 * lastRows). A row that arrived without an id (a new object) is given its plain key here, and fresh[i] = 1.
 * WHY the ids here rather than in a pass of their own: a cold refresh gives all 100k rows their id, and each row's
 * fields were then read twice (for its hash, then for its key), the second time from memory again: 100k rows are
 * ~30 MB, and this runs after the owners arrived, at the end of the snapshot's critical path (issue 11).
 * Returns how many rows were found in `previous`.
 * WHY in slices of OSR_FREE_SLICE rows (hashSlice): see osr-slice.ts.
 */
function hashRows(
  connections: Connection[],
  previous: Connection[] | null,
  known: Uint8Array,
  hashes: Int32Array,
  fresh: Uint8Array,
): number {
  const n = connections.length;
  const scan = { cursor: 0, found: 0 };
  for (let from = 0; from < n; from += OSR_FREE_SLICE)
    hashSlice(connections, previous, known, hashes, fresh, from, Math.min(n, from + OSR_FREE_SLICE), scan);
  return scan.found;
}

/** hashRows() for rows [from, to): `scan` holds where the search in `previous` goes on, and the rows found so far. */
function hashSlice(
  connections: Connection[],
  previous: Connection[] | null,
  known: Uint8Array,
  hashes: Int32Array,
  fresh: Uint8Array,
  from: number,
  to: number,
  scan: { cursor: number; found: number },
): void {
  const end = previous?.length ?? 0;
  let { cursor, found } = scan;
  for (let i = from; i < to; i++) {
    const c = connections[i] as Connection;
    let j = cursor;
    const stop = Math.min(end, cursor + LOOKAHEAD);
    while (j < stop && (previous as Connection[])[j] !== c) j++;
    if (j < stop) {
      known[i] = 1;
      hashes[i] = lastHashes[j] as number;
      cursor = j + 1;
      found++;
    } else {
      known[i] = 0;
      hashes[i] = keyHash(c);
      if (c.id === '') {
        // Flat, made without a rope of cons strings (connection-key-text.ts).
        c.id = connectionKeyText(c);
        fresh[i] = 1;
      }
    }
  }
  scan.cursor = cursor;
  scan.found = found;
}

/**
 * shared[i] === 1 when another row has row i's key; null when every key is unique.
 * WHY a hash table of row indexes in a typed array rather than a Set of the key
 * strings: at 100k rows that Set is a ~4 MB table built on every refresh, which
 * V8 allocates as a large object and reclaims only in a full GC. Each slot keeps
 * its row's whole hash too, so rows are compared (read) only when their hashes are equal.
 */
function markSharedKeys(connections: Connection[], hashes: Int32Array): Uint8Array | null {
  const n = connections.length;
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  /** slot -> row index + 1, 0 for empty. */
  if (spareSlots.length !== capacity) {
    spareSlots = new Int32Array(capacity);
    spareSlotHashes = new Int32Array(capacity);
  } else spareSlots.fill(0);
  const slots = spareSlots;
  const slotHashes = spareSlotHashes;
  let shared: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const c = connections[i] as Connection;
    const hash = hashes[i] as number;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const at = slots[s] as number;
      if (at === 0) {
        slots[s] = i + 1;
        slotHashes[s] = hash;
        break;
      }
      if (slotHashes[s] === hash && sameKey(connections[at - 1] as Connection, c)) {
        shared ??= new Uint8Array(n);
        shared[at - 1] = 1;
        shared[i] = 1;
        break;
      }
    }
  }
  return shared;
}
