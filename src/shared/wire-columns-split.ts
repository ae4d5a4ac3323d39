/**
 * Connections into one array of values per field, for the columnar encoder.
 * WHY one pass reading each model field by name: reading `row[field]` in a
 * pass per field made V8 look every field up generically, which was slowest
 * for optional fields most rows lack (traffic, components...): ~70% of the
 * encoder's time at 100k rows. Named reads of rows that share a shape are
 * the fast case. Other fields (optional, or unknown to this version) are
 * collected from the rows that have more keys than the model requires.
 */
import { COMPARED_FIELDS, DERIVED_FIELDS } from './connection-fields';
import type { Connection } from './model';
import { runToEnd } from './run-steps';

/** The fields every Connection has (not the optional ones): the compiler keeps the lists below complete. */
export type RequiredField = {
  [K in keyof Connection]-?: object extends Pick<Connection, K> ? never : K;
}[keyof Connection];

export const REQUIRED_FIELDS: readonly RequiredField[] = [
  'id',
  'protocol',
  'family',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
  'state',
  'pid',
  'processName',
  'exePath',
  'commandLine',
  'user',
  'uid',
  'inode',
  'rxQueue',
  'txQueue',
];
const REQUIRED = new Set<string>(REQUIRED_FIELDS);
/** The model's optional fields, in the model's order, then unknown ones as first seen. */
const OPTIONAL_ORDER: readonly string[] = [...DERIVED_FIELDS, ...COMPARED_FIELDS].filter((f) => !REQUIRED.has(f));

type Row = Record<string, unknown>;

/** A required field is missing (or undefined): the row's keys may then include others. */
function lacksRequired(c: Connection): boolean {
  return (
    c.id === undefined ||
    c.protocol === undefined ||
    c.family === undefined ||
    c.localAddress === undefined ||
    c.localPort === undefined ||
    c.remoteAddress === undefined ||
    c.remotePort === undefined ||
    c.state === undefined ||
    c.pid === undefined ||
    c.processName === undefined ||
    c.exePath === undefined ||
    c.commandLine === undefined ||
    c.user === undefined ||
    c.uid === undefined ||
    c.inode === undefined ||
    c.rxQueue === undefined ||
    c.txQueue === undefined
  );
}

/**
 * How many enumerable keys a row has: its own, since rows are plain objects and nothing enumerable is inherited
 * (an Object.hasOwn() check per key made this pass ~10x slower).
 */
function ownKeyCount(c: Connection): number {
  let n = 0;
  for (const _key in c) n++;
  return n;
}

/** One value per row for every field some row has; `undefined` where a row lacks the field. */
export function splitColumns(connections: readonly Connection[]): Map<string, unknown[]> {
  return runToEnd(splitColumnsInSteps(connections));
}

/** Rows read per step of splitColumnsInSteps: a few ms of work at most. */
const CHUNK_ROWS = 16_384;

/**
 * splitColumns in steps of CHUNK_ROWS rows (wire-columns.ts encodeColumnsInSteps yields between them). WHY: at
 * 100k rows this pass is the longest part of a snapshot's encode (~20 ms in one go). Steps are safe because a
 * published snapshot's row list and rows' own fields are never written (a changed row is a new object).
 */
export function* splitColumnsInSteps(
  connections: readonly Connection[],
): Generator<void, Map<string, unknown[]>, void> {
  const n = connections.length;
  // Sized up front: growing 17 arrays of 100k by push() was most of this pass (copies and garbage). Made a few
  // per step: at 100k rows making all 17 (~14 MB of empty slots) took 8-24 ms in one go.
  const made = new Map<string, unknown[]>();
  for (const f of REQUIRED_FIELDS) {
    made.set(f, new Array<unknown>(n));
    if (n > CHUNK_ROWS && made.size % 4 === 0) yield;
  }
  const column = (f: RequiredField): unknown[] => made.get(f) as unknown[];
  const id = column('id');
  const protocol = column('protocol');
  const family = column('family');
  const localAddress = column('localAddress');
  const localPort = column('localPort');
  const remoteAddress = column('remoteAddress');
  const remotePort = column('remotePort');
  const state = column('state');
  const pid = column('pid');
  const processName = column('processName');
  const exePath = column('exePath');
  const commandLine = column('commandLine');
  const user = column('user');
  const uid = column('uid');
  const inode = column('inode');
  const rxQueue = column('rxQueue');
  const txQueue = column('txQueue');
  const others = new Map<string, unknown[]>();
  const read = (from: number, to: number): void => {
    for (let r = from; r < to; r++) {
      const c = connections[r] as Connection;
      id[r] = c.id;
      protocol[r] = c.protocol;
      family[r] = c.family;
      localAddress[r] = c.localAddress;
      localPort[r] = c.localPort;
      remoteAddress[r] = c.remoteAddress;
      remotePort[r] = c.remotePort;
      state[r] = c.state;
      pid[r] = c.pid;
      processName[r] = c.processName;
      exePath[r] = c.exePath;
      commandLine[r] = c.commandLine;
      user[r] = c.user;
      uid[r] = c.uid;
      inode[r] = c.inode;
      rxQueue[r] = c.rxQueue;
      txQueue[r] = c.txQueue;
      // The usual row has exactly the required keys, none undefined: nothing else to collect. WHY counted by
      // for-in: Object.keys() made a 17-slot array per row, 100k of them per snapshot for the collector (a for-in
      // over rows of one shape reads V8's cached key list and allocates nothing).
      if (ownKeyCount(c) === REQUIRED_FIELDS.length && !lacksRequired(c)) continue;
      for (const k of Object.keys(c)) {
        if (REQUIRED.has(k)) continue;
        let values = others.get(k);
        if (!values) {
          values = new Array<unknown>(n).fill(undefined);
          others.set(k, values);
        }
        values[r] = (c as unknown as Row)[k];
      }
    }
  };
  for (let from = 0; from < n; from += CHUNK_ROWS) {
    read(from, Math.min(n, from + CHUNK_ROWS));
    if (from + CHUNK_ROWS < n) yield;
  }
  // The required fields in the model order (made in that order), then the others.
  const out = made;
  for (const f of OPTIONAL_ORDER) {
    const values = others.get(f);
    if (values) out.set(f, values);
  }
  for (const [f, values] of others) if (!out.has(f)) out.set(f, values);
  return out;
}
