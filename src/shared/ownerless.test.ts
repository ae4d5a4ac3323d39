/**
 * The grid's Program cell for a socket without an owner: a dim "—" with why only where the source could read
 * owners; where it could not (a user's view of others' sockets, a file without owner columns) it never says "no
 * owner" (session 34's review: "(no owner)" on every row of an imported `ss -tan` read as orphaned sockets).
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection } from './model';
import { OWNERLESS_MARK, ownerlessCell, ownerlessMeaningOf } from './ownerless';

const row = (patch: Partial<Connection>): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 1,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: 'ESTABLISHED',
    ...patch,
  });
const unowned = row({});
const timeWait = row({ state: 'TIME_WAIT' });
const owned = row({ pid: 42, processName: 'nginx' });
const named = row({ processName: 'java' });

describe('ownerlessCell', () => {
  it('root, live (every process read): "—", and why by state, never asserting a kernel socket', () => {
    expect(ownerlessCell(unowned, 'held-by-none')).toEqual({
      text: OWNERLESS_MARK,
      why: expect.stringMatching(
        /^No process found holding this socket: not yet accepted by its listener, a kernel socket, .*PID namespace/,
      ),
    });
    expect(ownerlessCell(timeWait, 'held-by-none')).toEqual({
      text: OWNERLESS_MARK,
      why: expect.stringMatching(/^No process owns this socket: .*TIME_WAIT/),
    });
  });

  it('root: a SYN_RECV socket is not yet accepted (a SYN flood is not thousands of kernel sockets)', () => {
    expect(ownerlessCell(row({ state: 'SYN_RECV' }), 'held-by-none')).toEqual({
      text: OWNERLESS_MARK,
      why: "No process owns this socket yet: the connection is not yet accepted by its listener's process",
    });
  });

  it('root: FIN_WAIT1, FIN_WAIT2, CLOSING and LAST_ACK were closed by their process', () => {
    for (const state of ['FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'LAST_ACK'] as const) {
      expect(ownerlessCell(row({ state }), 'held-by-none')).toEqual({
        text: OWNERLESS_MARK,
        why: 'No process owns this socket: closed by its process; the kernel finishes the close',
      });
    }
  });

  it('root: any other state says no process was found, and never "the kernel holds it"', () => {
    for (const state of ['ESTABLISHED', 'LISTEN', 'CLOSE_WAIT', 'SYN_SENT', 'NONE'] as const) {
      const why = ownerlessCell(row({ state }), 'held-by-none')?.why;
      expect(why).toMatch(/^No process found holding this socket: /);
      expect(why).not.toMatch(/kernel holds it/);
    }
  });

  it('not root, or a file with owner columns: empty with why, except TIME_WAIT, which no process ever holds', () => {
    expect(ownerlessCell(unowned, 'maybe-unreadable')).toEqual({
      text: '',
      why: expect.stringMatching(/^No owner known: it may be another user's process/),
    });
    expect(ownerlessCell(timeWait, 'maybe-unreadable')?.text).toBe(OWNERLESS_MARK);
  });

  it('a file without owner columns, or an older server: nothing, as before', () => {
    expect(ownerlessCell(unowned, null)).toBeNull();
    expect(ownerlessCell(timeWait, null)).toBeNull();
  });

  it('a socket with an owner (a PID, or a name without one): its own cell', () => {
    for (const meaning of ['held-by-none', 'maybe-unreadable', null] as const) {
      expect(ownerlessCell(owned, meaning)).toBeNull();
      expect(ownerlessCell(named, meaning)).toBeNull();
    }
  });
});

describe('ownerlessMeaningOf', () => {
  it("reads the connections collector's report; none without one", () => {
    const report = { name: 'connections', ok: true, tookMs: 1, error: null, warnings: [] };
    expect(ownerlessMeaningOf(null)).toBeNull();
    expect(ownerlessMeaningOf(emptySnapshot({ collectors: [report] }))).toBeNull();
    expect(
      ownerlessMeaningOf(
        emptySnapshot({
          collectors: [
            { ...report, name: 'routes' },
            { ...report, ownerless: 'held-by-none' },
          ],
        }),
      ),
    ).toBe('held-by-none');
  });
});
