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
  const n = connections.length;
  // Sized up front: growing 17 arrays of 100k by push() was most of this pass (copies and garbage).
  const id = new Array<unknown>(n);
  const protocol = new Array<unknown>(n);
  const family = new Array<unknown>(n);
  const localAddress = new Array<unknown>(n);
  const localPort = new Array<unknown>(n);
  const remoteAddress = new Array<unknown>(n);
  const remotePort = new Array<unknown>(n);
  const state = new Array<unknown>(n);
  const pid = new Array<unknown>(n);
  const processName = new Array<unknown>(n);
  const exePath = new Array<unknown>(n);
  const commandLine = new Array<unknown>(n);
  const user = new Array<unknown>(n);
  const uid = new Array<unknown>(n);
  const inode = new Array<unknown>(n);
  const rxQueue = new Array<unknown>(n);
  const txQueue = new Array<unknown>(n);
  const others = new Map<string, unknown[]>();
  for (let r = 0; r < n; r++) {
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
  const required: Record<RequiredField, unknown[]> = {
    id,
    protocol,
    family,
    localAddress,
    localPort,
    remoteAddress,
    remotePort,
    state,
    pid,
    processName,
    exePath,
    commandLine,
    user,
    uid,
    inode,
    rxQueue,
    txQueue,
  };
  const out = new Map<string, unknown[]>(REQUIRED_FIELDS.map((f) => [f, required[f]]));
  for (const f of OPTIONAL_ORDER) {
    const values = others.get(f);
    if (values) out.set(f, values);
  }
  for (const [f, values] of others) if (!out.has(f)) out.set(f, values);
  return out;
}
