/**
 * The required fields of a Connection as a fast-check record, for the wire formats' property tests (wire.test.ts,
 * wire-columns.test.ts, wire-absent.fixtures.ts). Each test picks its own domains (what its format must keep
 * exact); the fields, and the ports, families and states every row may have, are written once here. Test data
 * only: the mutation runs leave *.fixtures.ts out (stryker.config.mjs).
 */
import fc from 'fast-check';
import { SOCKET_STATES, type Connection, type Protocol } from './model';

/** The fields every row has (Connection without its optional ones). */
export type RequiredRow = Pick<
  Connection,
  | 'id'
  | 'protocol'
  | 'family'
  | 'localAddress'
  | 'localPort'
  | 'remoteAddress'
  | 'remotePort'
  | 'state'
  | 'pid'
  | 'processName'
  | 'exePath'
  | 'commandLine'
  | 'user'
  | 'uid'
  | 'inode'
  | 'rxQueue'
  | 'txQueue'
>;

export interface RowDomains {
  id: fc.Arbitrary<string>;
  protocols: readonly Protocol[];
  localAddress: fc.Arbitrary<string>;
  remoteAddress: fc.Arbitrary<string>;
  /** Numbers: pid, uid, inode, queues (each also null). */
  count: fc.Arbitrary<number>;
  /** The owner's texts (each also null); processName and user may be narrower. */
  exePath: fc.Arbitrary<string>;
  commandLine: fc.Arbitrary<string>;
  processName: fc.Arbitrary<string>;
  user: fc.Arbitrary<string>;
}

export function arbRequiredRow(d: RowDomains): fc.Arbitrary<RequiredRow> {
  return fc.record({
    id: d.id,
    protocol: fc.constantFrom(...d.protocols),
    family: fc.constantFrom(4 as const, 6 as const),
    localAddress: d.localAddress,
    localPort: fc.integer({ min: 0, max: 65535 }),
    remoteAddress: d.remoteAddress,
    remotePort: fc.integer({ min: 0, max: 65535 }),
    state: fc.constantFrom(...SOCKET_STATES),
    pid: fc.option(d.count),
    processName: fc.option(d.processName),
    exePath: fc.option(d.exePath),
    commandLine: fc.option(d.commandLine),
    user: fc.option(d.user),
    uid: fc.option(d.count),
    inode: fc.option(d.count),
    rxQueue: fc.option(d.count),
    txQueue: fc.option(d.count),
  });
}
