/**
 * The fields of a Connection in the groups that the comparisons use. Each
 * list is checked against `keyof Connection` by the compiler: a field added
 * to Connection and to no group (or to two) fails tsc here, and every
 * hand-written comparison (diff.ts's connectionsEqual, the engine's sameKey,
 * the Linux collector's sameTableRow) has a test that changes each field of its
 * group in turn (connection-fields.test.ts, beside each comparison).
 */
import type { Connection } from './model';

/** `true` only when A and B are the same set of keys; use as `const check: SameKeys<A, B> = true`. */
export type SameKeys<A extends PropertyKey, B extends PropertyKey> = [A] extends [B]
  ? [B] extends [A]
    ? true
    : false
  : false;

/** What names a socket: connectionKey() is a one-to-one text of these. */
export const KEY_FIELDS = ['protocol', 'family', 'localAddress', 'localPort', 'remoteAddress', 'remotePort'] as const;
/** What the kernel's socket table says about a socket besides its key. */
export const SOCKET_FIELDS = [
  'state',
  'inode',
  'rxQueue',
  'txQueue',
  'uid',
  'traffic',
  'offloadState',
  'template',
  'unixType',
  'peerInode',
] as const;
/** What the owner scan adds (the process holding the socket). */
export const OWNER_FIELDS = ['pid', 'processName', 'exePath', 'commandLine', 'user', 'components'] as const;
/** Derived from the others by the engine, never compared. */
export const DERIVED_FIELDS = ['id'] as const;

export type KeyField = (typeof KEY_FIELDS)[number];
export type SocketField = (typeof SOCKET_FIELDS)[number];
export type OwnerField = (typeof OWNER_FIELDS)[number];
export type DerivedField = (typeof DERIVED_FIELDS)[number];
/** Every field that a change of makes a row "changed" in a diff. */
export type ComparedField = KeyField | SocketField | OwnerField;

/** Every field is in a group... */
const everyFieldGrouped: SameKeys<ComparedField | DerivedField, keyof Connection> = true;
/** ...and in one only. */
const groupsAreDisjoint: SameKeys<
  (KeyField & SocketField) | (KeyField & OwnerField) | (SocketField & OwnerField) | (DerivedField & ComparedField),
  never
> = true;
void everyFieldGrouped;
void groupsAreDisjoint;

export const COMPARED_FIELDS: readonly ComparedField[] = [...KEY_FIELDS, ...SOCKET_FIELDS, ...OWNER_FIELDS];
