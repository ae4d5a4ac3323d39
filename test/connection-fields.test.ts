/**
 * Each hand-written comparison of Connection fields against its field list:
 * every field is changed in turn, and the comparison must notice exactly the
 * fields of its group. The two sample rows below are typed Required<Connection>,
 * so a field added to Connection must be added here too, and then to a group
 * in src/shared/connection-fields.ts, or tsc fails.
 */
import { describe, expect, it } from 'vitest';
import { sameTableRow } from '../src/main/collectors/linux/same-table-row';
import { sameKey } from '../src/main/engine/connection-ids';
import {
  COMPARED_FIELDS,
  DERIVED_FIELDS,
  KEY_FIELDS,
  OWNER_FIELDS,
  SOCKET_FIELDS,
} from '../src/shared/connection-fields';
import { connectionsEqual, diffSnapshots } from '../src/shared/diff';
import { emptySnapshot, type Connection } from '../src/shared/model';

const base: Required<Connection> = {
  id: 'tcp4 10.0.0.1:22 10.0.0.2:5000',
  protocol: 'tcp',
  family: 4,
  localAddress: '10.0.0.1',
  localPort: 22,
  remoteAddress: '10.0.0.2',
  remotePort: 5000,
  state: 'ESTABLISHED',
  pid: 100,
  processName: 'sshd',
  exePath: '/usr/sbin/sshd',
  commandLine: 'sshd: alice',
  user: 'alice',
  uid: 1000,
  inode: 4242,
  rxQueue: 0,
  txQueue: 0,
  components: ['ssh'],
  traffic: {
    bytesSent: 1000,
    bytesReceived: 2000,
    segmentsSent: 10,
    segmentsReceived: 20,
    retransmissions: 0,
    rttMs: 0.5,
    rttVarianceMs: 0.25,
    sendRate: null,
    receiveRate: null,
    segmentSendRate: null,
    segmentReceiveRate: null,
    retransmissionRate: null,
  },
  offloadState: 'InHost',
  template: 'Internet',
  unixType: 'stream',
  peerInode: 4343,
};

/** A different value for every field. */
const other: Required<Connection> = {
  id: 'tcp6 ::1:22 ::1:5000',
  protocol: 'udp',
  family: 6,
  localAddress: '10.0.0.9',
  localPort: 23,
  remoteAddress: '10.0.0.8',
  remotePort: 5001,
  state: 'CLOSE_WAIT',
  pid: 101,
  processName: 'sshd-session',
  exePath: '/usr/bin/sshd',
  commandLine: 'sshd: bob',
  user: 'bob',
  uid: 1001,
  inode: 4243,
  rxQueue: 1,
  txQueue: 2,
  components: ['ssh', 'sftp'],
  traffic: { ...base.traffic, bytesReceived: 2001, receiveRate: 1 },
  offloadState: 'Offloaded',
  template: 'Datacenter',
  unixType: 'dgram',
  peerInode: null,
};

const fields = Object.keys(base) as (keyof Connection)[];
const withField = (field: keyof Connection): Connection => ({ ...base, [field]: other[field] });
const TABLE_UID = 1000; // base.uid, as the table line gave it

describe('Connection field groups', () => {
  it('cover every field of the sample rows once', () => {
    const grouped = [...KEY_FIELDS, ...SOCKET_FIELDS, ...OWNER_FIELDS, ...DERIVED_FIELDS];
    expect([...grouped].sort()).toEqual([...fields].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});

describe.each(fields)('changing %s', (field) => {
  const changed = withField(field);
  const compared = (COMPARED_FIELDS as readonly string[]).includes(field);

  it('makes connectionsEqual false (every field but the id)', () => {
    expect(connectionsEqual({ ...base }, changed)).toBe(!compared);
  });

  it('puts the row in a diff as changed', () => {
    if (!compared) return; // the id is how rows are matched: a new id is an added and a removed row
    const before = emptySnapshot({ seq: 1, connections: [{ ...base }] });
    const after = emptySnapshot({ seq: 2, connections: [changed] });
    expect(diffSnapshots(before, after).changed).toEqual([changed]);
  });

  it('makes sameKey false exactly for the key fields', () => {
    expect(sameKey(base, changed)).toBe(!(KEY_FIELDS as readonly string[]).includes(field));
  });

  it('makes sameTableRow false exactly for the key and socket fields', () => {
    const inTable = [...KEY_FIELDS, ...SOCKET_FIELDS] as readonly string[];
    expect(sameTableRow(base, TABLE_UID, changed)).toBe(!inTable.includes(field));
  });
});

describe('connectionsEqual on empty values', () => {
  it('tells null from a value and no components from an empty list only by content', () => {
    expect(connectionsEqual(base, { ...base, user: null })).toBe(false);
    expect(connectionsEqual(base, { ...base, rxQueue: null })).toBe(false);
    const { components: _omitted, ...withoutComponents } = base;
    expect(connectionsEqual(withoutComponents, { ...withoutComponents, components: [] })).toBe(true);
    expect(connectionsEqual(withoutComponents, { ...withoutComponents, components: ['x'] })).toBe(false);
  });
});
