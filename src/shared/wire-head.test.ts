import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { countConnections } from './connection-counts';
import { assignConnectionIds, blankConnection, emptySnapshot, type Connection } from './model';
import { compareSortKeys, connectionSortKey } from './sort-keys';
import {
  encodeHeadRequest,
  headMessage,
  MAX_HEAD_FILTER,
  MAX_HEAD_ROWS,
  parseHeadRequest,
  readHead,
  sameView,
  selectHead,
  snapshotHead,
  viewPredicate,
  type HeadRequest,
  type HeadView,
} from './wire-head';

const conn = (port: number, peer: string, state: Connection['state'], pid: number | null): Connection =>
  blankConnection({
    protocol: state === 'NONE' ? 'udp' : 'tcp',
    family: peer.includes(':') ? 6 : 4,
    localAddress: peer.includes(':') ? '::1' : '10.0.0.1',
    localPort: port,
    remoteAddress: peer,
    remotePort: 443,
    state,
    pid,
    processName: pid === null ? null : `proc${pid}`,
  });

const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 30 }),
    peer: fc.constantFrom('*', '10.0.0.2', '10.0.0.10', '192.168.1.1', '::1', '2001:db8::1', ''),
    state: fc.constantFrom<Connection['state']>('ESTABLISHED', 'LISTEN', 'TIME_WAIT', 'NONE'),
    pid: fc.option(fc.integer({ min: 1, max: 3 })),
  })
  .map((r) => conn(r.port, r.peer, r.state, r.pid));

const arbView: fc.Arbitrary<HeadView> = fc.record({
  sort: fc.option(
    fc.record({
      column: fc.constantFrom('remoteAddress', 'localPort', 'pid', 'state', 'process', 'service'),
      desc: fc.boolean(),
    }),
  ),
  filter: fc.constantFrom('', 'proc:proc1', 'state:est', '-pid:none', 'port:7', 'proc1'),
  hideTimeWait: fc.boolean(),
});

/** The view the slow way: filter, then a stable sort by key (the grid's rule, written out again). */
/** The packed table with `field`'s table and column replaced (a peer's own encoding). */
function withColumn(
  packed: { fields: string[]; dicts: unknown[]; columns: unknown[][] },
  field: string,
  dict: unknown,
  column: unknown[],
) {
  const at = packed.fields.indexOf(field);
  return {
    ...packed,
    dicts: packed.dicts.map((d, i) => (i === at ? dict : d)),
    columns: packed.columns.map((c, i) => (i === at ? column : c)),
  };
}

function wholeView(rows: readonly Connection[], view: HeadView): Connection[] {
  const p = viewPredicate(view.filter, view.hideTimeWait);
  const kept = p ? rows.filter(p) : [...rows];
  if (!view.sort) return kept;
  const keyOf = connectionSortKey(view.sort.column)?.keyOf;
  if (!keyOf) throw new Error('no key');
  const dir = view.sort.desc ? -1 : 1;
  return kept
    .map((c, i) => ({ c, i, k: keyOf(c) }))
    .sort((a, b) => compareSortKeys(a.k, b.k, dir) || a.i - b.i)
    .map((e) => e.c);
}

const request = (over: Partial<HeadRequest> = {}): HeadRequest => ({
  sort: { column: 'remoteAddress', desc: true },
  filter: 'proc:nginx',
  hideTimeWait: true,
  rows: 40,
  ...over,
});

describe('selectHead', () => {
  it('is the first rows of the whole view, and counts the view', () => {
    fc.assert(
      fc.property(fc.array(arbConn, { maxLength: 60 }), arbView, fc.integer({ min: 1, max: 12 }), (cs, view, want) => {
        const rows = assignConnectionIds(cs);
        const whole = wholeView(rows, view);
        expect(selectHead(rows, view, want)).toEqual({ rows: whole.slice(0, want), matched: whole.length });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps arrival order among equal keys, in both directions', () => {
    const rows = assignConnectionIds([
      conn(1, '10.0.0.2', 'LISTEN', 1),
      conn(2, '10.0.0.2', 'LISTEN', 1),
      conn(3, '::1', 'LISTEN', 1),
    ]);
    const ports = (desc: boolean) =>
      selectHead(rows, { sort: { column: 'remoteAddress', desc }, filter: '', hideTimeWait: false }, 3)?.rows.map(
        (c) => c.localPort,
      );
    expect(ports(false)).toEqual([1, 2, 3]);
    expect(ports(true)).toEqual([3, 1, 2]);
  });

  it('cannot order by a column only the page has', () => {
    const rows = assignConnectionIds([conn(1, '10.0.0.2', 'LISTEN', 1)]);
    expect(selectHead(rows, { sort: { column: 'fqdn', desc: false }, filter: '', hideTimeWait: false }, 5)).toBeNull();
  });
});

describe('viewPredicate and sameView', () => {
  const tw = conn(1, '10.0.0.2', 'TIME_WAIT', 1);
  const est = conn(2, '10.0.0.2', 'ESTABLISHED', 2);

  it('hides TIME_WAIT on its own and together with a filter', () => {
    expect(viewPredicate('', false)).toBeNull();
    expect(viewPredicate('', true)?.(tw)).toBe(false);
    expect(viewPredicate('', true)?.(est)).toBe(true);
    expect(viewPredicate('proc:proc2', true)?.(est)).toBe(true);
    expect(viewPredicate('proc:proc1', true)?.(tw)).toBe(false);
    expect(viewPredicate('proc:proc1', false)?.(tw)).toBe(true);
    expect(viewPredicate('proc:proc1', false)?.(est)).toBe(false);
  });

  it('tells views apart by every part', () => {
    const v: HeadView = { sort: { column: 'pid', desc: false }, filter: 'x', hideTimeWait: false };
    expect(sameView(v, { ...v, sort: { column: 'pid', desc: false } })).toBe(true);
    expect(sameView(v, { ...v, sort: { column: 'pid', desc: true } })).toBe(false);
    expect(sameView(v, { ...v, sort: { column: 'state', desc: false } })).toBe(false);
    expect(sameView(v, { ...v, sort: null })).toBe(false);
    expect(sameView({ ...v, sort: null }, v)).toBe(false);
    expect(sameView({ ...v, sort: null }, { ...v, sort: null })).toBe(true);
    expect(sameView(v, { ...v, filter: 'y' })).toBe(false);
    expect(sameView(v, { ...v, hideTimeWait: true })).toBe(false);
  });
});

describe('head requests', () => {
  it('round-trip through the query value', () => {
    for (const r of [
      request(),
      request({ sort: null, filter: '', hideTimeWait: false, rows: 1 }),
      request({ rows: MAX_HEAD_ROWS }),
    ]) {
      expect(parseHeadRequest(encodeHeadRequest(r))).toEqual(r);
    }
  });

  it('refuse anything malformed, too big or out of range', () => {
    const bad: unknown[] = [
      null,
      'nope',
      42,
      [],
      { ...request(), filter: 1 },
      { ...request(), filter: 'x'.repeat(MAX_HEAD_FILTER + 1) },
      { ...request(), hideTimeWait: 'yes' },
      { ...request(), rows: 0 },
      { ...request(), rows: MAX_HEAD_ROWS + 1 },
      { ...request(), rows: 1.5 },
      { ...request(), rows: '4' },
      { ...request(), sort: 'pid' },
      { ...request(), sort: undefined },
      { ...request(), sort: { column: 'pid' } },
      { ...request(), sort: { column: 3, desc: true } },
      { ...request(), sort: { column: '', desc: true } },
      { ...request(), sort: { column: 'x'.repeat(65), desc: true } },
    ];
    expect(parseHeadRequest(null)).toBeNull();
    expect(parseHeadRequest('{')).toBeNull();
    for (const b of bad) expect(parseHeadRequest(JSON.stringify(b))).toBeNull();
    expect(
      parseHeadRequest(JSON.stringify({ ...request(), sort: { column: 'x'.repeat(64), desc: true } })),
    ).not.toBeNull();
    expect(parseHeadRequest(JSON.stringify(request({ filter: 'x'.repeat(MAX_HEAD_FILTER) })))).not.toBeNull();
  });
});

describe('snapshotHead and its message', () => {
  const connections = assignConnectionIds([
    conn(1, '10.0.0.10', 'ESTABLISHED', 1),
    conn(2, '10.0.0.2', 'TIME_WAIT', 1),
    conn(3, '', 'NONE', null),
    conn(4, '2001:db8::1', 'ESTABLISHED', 2),
  ]);
  const snapshot = emptySnapshot({ seq: 9, host: 'h', connections });
  const req = request({ sort: { column: 'remoteAddress', desc: false }, filter: '', hideTimeWait: true, rows: 2 });

  it('cuts the view and counts the whole snapshot', () => {
    const head = snapshotHead(snapshot, req);
    const counts = countConnections(connections);
    expect(head).toEqual({
      seq: 9,
      view: { sort: req.sort, filter: '', hideTimeWait: true },
      total: 4,
      matched: 3,
      byProtocol: [...counts.byProtocol],
      byState: [...counts.byState],
      // An empty address sorts as the wildcard does: first.
      rows: [connections[2], connections[0]],
    });
    expect(snapshotHead(snapshot, { ...req, sort: { column: 'fqdn', desc: false } })).toBeNull();
  });

  it('reads back what headMessage wrote, rows included (IPv6, no owner, empty address)', () => {
    const head = snapshotHead(snapshot, { ...req, hideTimeWait: false, rows: 10 });
    const msg = JSON.parse(headMessage(head as never)) as { type: string; channel: string; payload: unknown };
    expect(msg).toMatchObject({ type: 'push', channel: 'head' });
    expect(readHead(msg.payload)).toEqual(head);
    const empty = snapshotHead(emptySnapshot({ seq: 0, host: 'h', connections: [] }), req);
    expect(readHead(JSON.parse(headMessage(empty as never)).payload)).toEqual(empty);
  });

  it('says what an empty owner means, where the snapshot says it, so the first screen marks those rows', () => {
    const report = { name: 'connections', ok: true, tookMs: 1, error: null, warnings: [] };
    for (const meaning of ['held-by-none', 'maybe-unreadable'] as const) {
      const owned = { ...snapshot, collectors: [{ ...report, ownerless: meaning }] };
      const head = snapshotHead(owned, req);
      expect(head?.ownerless).toBe(meaning);
      expect(readHead(JSON.parse(headMessage(head as never)).payload)?.ownerless).toBe(meaning);
    }
    // None said (a file without owner columns, an older server): none in the head either.
    const unsaid = snapshotHead({ ...snapshot, collectors: [report] }, req);
    expect(unsaid).not.toHaveProperty('ownerless');
    const payload = JSON.parse(headMessage(unsaid as never)).payload as Record<string, unknown>;
    expect(readHead(payload)).not.toHaveProperty('ownerless');
    // A meaning this build does not know (a newer server's, or garbage): the head stands, its rows go unmarked.
    for (const odd of ['orphaned', 3, null, {}]) {
      const read = readHead({ ...payload, ownerless: odd });
      expect(read).not.toBeNull();
      expect(read).not.toHaveProperty('ownerless');
    }
  });

  it('refuses a malformed payload', () => {
    const head = snapshotHead(snapshot, req);
    const good = JSON.parse(headMessage(head as never)).payload as Record<string, unknown>;
    const packed = good.packed as { fields: string[]; dicts: unknown[]; columns: unknown[][] };
    const bad: unknown[] = [
      null,
      'x',
      { ...good, view: null },
      { ...good, view: { sort: null, filter: 3, hideTimeWait: false } },
      { ...good, seq: -1 },
      { ...good, seq: 1.5 },
      { ...good, total: '4' },
      { ...good, matched: 5 },
      { ...good, matched: 1 },
      { ...good, byProtocol: {} },
      { ...good, byProtocol: [['tcp']] },
      { ...good, byState: [[1, 2]] },
      { ...good, byState: [['LISTEN', -1]] },
      { ...good, packed: null },
      { ...good, packed: { ...packed, fields: 'id' } },
      { ...good, packed: { ...packed, dicts: packed.dicts.slice(1) } },
      { ...good, packed: { ...packed, fields: packed.fields.slice(1) } },
      { ...good, packed: { ...packed, columns: packed.columns.map(() => 'x') } },
      { ...good, packed: { fields: ['port'], dicts: [null], columns: [[1, 2]] } },
      // Rows the views cannot show (review N): a required field of the wrong kind, a table that is not a list.
      { ...good, packed: withColumn(packed, 'localPort', null, packed.columns[0]?.map(() => 'x') ?? []) },
      { ...good, packed: withColumn(packed, 'state', {}, packed.columns[0]?.map(() => 0) ?? []) },
    ];
    expect(readHead(good)).not.toBeNull();
    for (const b of bad) expect(readHead(b)).toBeNull();
  });
});
