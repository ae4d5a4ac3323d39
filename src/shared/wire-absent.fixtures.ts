/**
 * Arbitraries for the "absent stays absent" round trips (wire-absent.test.ts, renderer/api/ws-inbound.absent.test.ts):
 * rows whose optional fields are absent, present but undefined, or set, as the engine's row classes and spreads make
 * them. WHY present-undefined: a row class once wrote `traffic: undefined` on rows without counters; JSON drops such
 * a field, the packed table sent it as null, and Top talkers read null.bytesSent. Test data only: the mutation runs
 * leave *.fixtures.ts out (stryker.config.mjs).
 */
import fc from 'fast-check';
import type { SnapshotDiff } from './diff';
import { TCP_OFFLOAD_STATES, type Connection, type Snapshot } from './model';
import { arbRequiredRow } from './wire-rows.fixtures';

const U32_MAX = 2 ** 32 - 1;
/** Counters at the edges of a 32-bit column, and beyond it (doubles then). */
const arbCount = fc.oneof(fc.constantFrom(0, 1, 255, 65535, 65536, U32_MAX, U32_MAX + 1), fc.nat());
const arbRate = fc.option(fc.oneof(arbCount, fc.constantFrom(0.5, 1234.25)));
const arbAddress = fc.oneof(
  fc.constantFrom('', '*', '0.0.0.0', '::', '::1', 'fe80::1%eth0', '2001:db8::ffff:1.2.3.4'),
  fc.ipV4(),
  fc.ipV6(),
);
/** Owners: missing (null) as often as not, empty text too. */
const arbOwnerText = fc.constantFrom('', 'sshd', 'Google Chrome', '名前', '/usr/sbin/sshd -D');

/**
 * A value as a row may carry an optional field: absent (the key missing), present but undefined, or set.
 * `undefined` in the record below stands for either of the first two; `mode` picks which.
 */
type Slot<T> = { mode: 'absent' } | { mode: 'undefined' } | { mode: 'set'; value: T };
function slot<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Slot<T>> {
  return fc.oneof(
    fc.constant({ mode: 'absent' as const }),
    fc.constant({ mode: 'undefined' as const }),
    value.map((v) => ({ mode: 'set' as const, value: v })),
  );
}

/** Counters whose rates may themselves be present-undefined (an object's own optional fields). */
const arbTraffic = fc
  .record({
    bytesSent: arbCount,
    bytesReceived: arbCount,
    segmentsSent: fc.option(arbCount),
    segmentsReceived: fc.option(arbCount),
    retransmissions: fc.option(arbCount),
    rttMs: fc.option(fc.constantFrom(0, 0.125, 20.5)),
    rttVarianceMs: fc.option(fc.constantFrom(0, 3.25)),
    sendRate: arbRate,
    receiveRate: arbRate,
    segmentSendRate: arbRate,
    segmentReceiveRate: arbRate,
    retransmissionRate: arbRate,
  })
  .chain((t) =>
    fc.boolean().map((undefinedRate) => (undefinedRate ? { ...t, sendRate: undefined as unknown as null } : t)),
  );

const OPTIONAL = {
  components: slot(fc.array(fc.constantFrom('Dnscache', 'LanmanServer', ''), { maxLength: 3 })),
  traffic: slot(arbTraffic),
  offloadState: slot(fc.constantFrom(...TCP_OFFLOAD_STATES)),
  template: slot(fc.constantFrom('Internet', 'Datacenter', '')),
  unixType: slot(fc.constantFrom('stream', 'dgram', 'seqpacket')),
  peerInode: slot(fc.option(arbCount)),
  /** A field this version has never heard of (a newer engine's). */
  futureField: slot(fc.oneof(fc.string({ maxLength: 4 }), arbCount, fc.constant(null))),
};

export const arbRow: fc.Arbitrary<Connection> = arbRequiredRow({
  id: fc.oneof(fc.constantFrom('', 'tcp6 [::1]:22'), fc.string({ maxLength: 12 })),
  protocols: ['tcp', 'udp', 'raw', 'unix'],
  localAddress: arbAddress,
  remoteAddress: arbAddress,
  count: arbCount,
  processName: arbOwnerText,
  exePath: arbOwnerText,
  commandLine: arbOwnerText,
  user: arbOwnerText,
}).chain((required) =>
  fc.record(OPTIONAL).map((optional) => {
    const row: Record<string, unknown> = { ...required };
    for (const [field, s] of Object.entries(optional)) {
      if (s.mode === 'undefined') row[field] = undefined;
      else if (s.mode === 'set') row[field] = s.value;
    }
    return row as unknown as Connection;
  }),
);

/** Rows of a few shapes at once: a table's column must hold rows that have a field and rows that lack it. */
export const arbRows = fc.array(arbRow, { maxLength: 40 });

export const arbSnapshot: fc.Arbitrary<Snapshot> = fc
  .record({ seq: fc.nat(), takenAt: fc.nat(), host: fc.constantFrom('', 'h', 'ホスト'), connections: arbRows })
  .map((s) => ({
    ...s,
    tookMs: 1,
    platform: 'linux',
    source: { kind: 'live' },
    routes: [],
    interfaces: [],
    protocolStats: {},
    collectors: [],
  }));

export const arbDiff: fc.Arbitrary<SnapshotDiff> = fc
  .record({ seq: fc.nat(), added: arbRows, changed: arbRows, removed: fc.array(fc.string({ maxLength: 6 })) })
  .map((d) => ({ ...d, baseSeq: d.seq, takenAt: 5, tookMs: 1, collectors: [] }));

/** What a JSON trip makes of a value: the reference every wire format must match (undefined fields absent). */
export function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
