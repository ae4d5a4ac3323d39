import { describe, expect, it } from 'vitest';
import { decodeTable, ipv6At, ROW_SIZES, type TableKind } from './iphlpapi-decode';
import {
  ERROR_INSUFFICIENT_BUFFER,
  NO_ERROR,
  readAllTables,
  readTable,
  type IpHelper,
  type TableCall,
} from './iphlpapi';

/** Builds a table the way iphlpapi lays it out: count, then rows (DWORDs little endian, ports big endian). */
class TableBuilder {
  private readonly rows: Uint8Array[] = [];
  constructor(private readonly kind: TableKind) {}
  row(fill: (view: DataView, bytes: Uint8Array) => void): this {
    const bytes = new Uint8Array(ROW_SIZES[this.kind]);
    fill(new DataView(bytes.buffer), bytes);
    this.rows.push(bytes);
    return this;
  }
  build(declared = this.rows.length): Uint8Array {
    const out = new Uint8Array(4 + this.rows.length * ROW_SIZES[this.kind]);
    new DataView(out.buffer).setUint32(0, declared, true);
    this.rows.forEach((row, i) => out.set(row, 4 + i * ROW_SIZES[this.kind]));
    return out;
  }
}

const v6 = (text: number[]): number[] => text;
const LINK_LOCAL = v6([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

function tcp4Table(): Uint8Array {
  return new TableBuilder('tcp4')
    .row((v, b) => {
      v.setUint32(0, 2, true); // LISTEN
      b.set([0, 0, 0, 0], 4);
      v.setUint16(8, 135, false);
      v.setUint32(20, 916, true);
    })
    .row((v, b) => {
      v.setUint32(0, 5, true); // ESTABLISHED
      b.set([192, 168, 1, 10], 4);
      v.setUint16(8, 51824, false);
      v.setUint16(10, 0xbeef, true); // high bytes of the DWORD are garbage: ignored
      b.set([8, 8, 4, 4], 12);
      v.setUint16(16, 443, false);
      v.setUint32(20, 6760, true);
    })
    .build();
}

describe('decodeTable', () => {
  it('decodes TCP v4 rows: state numbers, network-order ports, address bytes', () => {
    const { connections, truncated } = decodeTable('tcp4', tcp4Table());
    expect(truncated).toBe(false);
    expect(connections).toHaveLength(2);
    expect(connections[0]).toMatchObject({
      protocol: 'tcp',
      family: 4,
      state: 'LISTEN',
      localAddress: '0.0.0.0',
      localPort: 135,
      pid: 916,
    });
    expect(connections[1]).toMatchObject({
      state: 'ESTABLISHED',
      localAddress: '192.168.1.10',
      localPort: 51824,
      remoteAddress: '8.8.4.4',
      remotePort: 443,
      pid: 6760,
    });
  });

  it('decodes TCP v6 rows with scope ids on link-local addresses', () => {
    const bytes = new TableBuilder('tcp6')
      .row((v, b) => {
        b.set(LINK_LOCAL, 0);
        v.setUint32(16, 12, true);
        v.setUint16(20, 135, false);
        b.set(LINK_LOCAL, 24);
        b[39] = 2;
        v.setUint32(40, 12, true);
        v.setUint16(44, 50000, false);
        v.setUint32(48, 11, true); // TIME_WAIT
        v.setUint32(52, 0, true);
      })
      .build();
    const [row] = decodeTable('tcp6', bytes).connections;
    expect(row).toMatchObject({
      family: 6,
      localAddress: 'fe80::1%12',
      localPort: 135,
      remoteAddress: 'fe80::2%12',
      remotePort: 50000,
      state: 'TIME_WAIT',
      pid: 0,
    });
  });

  it('decodes UDP v4 and v6 rows without state', () => {
    const udp4 = new TableBuilder('udp4').row((v, b) => {
      b.set([127, 0, 0, 1], 0);
      v.setUint16(4, 5353, false);
      v.setUint32(8, 2036, true);
    });
    const udp6 = new TableBuilder('udp6').row((v, b) => {
      b[15] = 1; // ::1
      v.setUint32(16, 0, true);
      v.setUint16(20, 53, false);
      v.setUint32(24, 3404, true);
    });
    expect(decodeTable('udp4', udp4.build()).connections[0]).toMatchObject({
      protocol: 'udp',
      state: 'NONE',
      localAddress: '127.0.0.1',
      localPort: 5353,
      remoteAddress: '*',
      pid: 2036,
    });
    expect(decodeTable('udp6', udp6.build()).connections[0]).toMatchObject({
      family: 6,
      localAddress: '::1',
      localPort: 53,
      pid: 3404,
    });
  });

  it('reads only whole rows when the count promises more', () => {
    const result = decodeTable('tcp4', new TableBuilder('tcp4').row(() => undefined).build(5));
    expect(result.connections).toHaveLength(1);
    expect(result.truncated).toBe(true);
    expect(decodeTable('udp4', new Uint8Array(2))).toEqual({ connections: [], truncated: true });
  });

  it('formats IPv6 per RFC 5952', () => {
    const at = (bytes: number[]): string => ipv6At(new DataView(new Uint8Array(bytes).buffer), 0);
    expect(at(new Array(16).fill(0))).toBe('::');
    expect(at([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1])).toBe('2001:db8:0:1::1');
    expect(at([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1])).toBe('::ffff:10.0.0.1');
  });
});

/** A recorded sequence of IP Helper answers, per call. */
function scripted(answers: Array<(size: number) => TableCall>): IpHelper & { sizes: number[] } {
  const sizes: number[] = [];
  return {
    sizes,
    getTable(_kind, size) {
      sizes.push(size);
      const answer = answers[Math.min(sizes.length - 1, answers.length - 1)];
      if (!answer) throw new Error('no answer scripted');
      return answer(size);
    },
  };
}

describe('readTable', () => {
  it('asks for the size, then retries when the table grew in between (122)', () => {
    const table = tcp4Table();
    const helper = scripted([
      () => ({ status: ERROR_INSUFFICIENT_BUFFER, bytes: new Uint8Array(), size: 28 }),
      () => ({ status: ERROR_INSUFFICIENT_BUFFER, bytes: new Uint8Array(), size: 60_000 }),
      (size) => {
        const bytes = new Uint8Array(size);
        bytes.set(table);
        return { status: NO_ERROR, bytes, size };
      },
    ]);
    const result = readTable(helper, 'tcp4');
    expect(result.connections).toHaveLength(2);
    expect(helper.sizes[0]).toBe(0);
    expect(helper.sizes[1]).toBeGreaterThanOrEqual(28);
    expect(helper.sizes[2]).toBeGreaterThanOrEqual(60_000);
  });

  it('gives up after N growing tries and on other errors', () => {
    const growing = scripted([
      (size) => ({ status: ERROR_INSUFFICIENT_BUFFER, bytes: new Uint8Array(), size: size + 1000 }),
    ]);
    expect(() => readTable(growing, 'udp4', 3)).toThrow(/kept growing/);
    expect(growing.sizes).toHaveLength(3);
    const denied = scripted([() => ({ status: 5, bytes: new Uint8Array(), size: 0 })]);
    expect(() => readTable(denied, 'tcp6')).toThrow(/GetExtendedTcpTable failed with error 5/);
  });

  it('reads all four tables', () => {
    const empty = new Uint8Array(4);
    const helper = scripted([() => ({ status: NO_ERROR, bytes: empty, size: 4 })]);
    expect(readAllTables(helper)).toEqual({ connections: [], warnings: [] });
    expect(helper.sizes).toHaveLength(4);
  });
});

describe('readAllTables at 500k rows (no spread of an unbounded array into a call)', () => {
  it('returns every row of a 500k-row TCP table', () => {
    const rows = 500_000;
    const bytes = new Uint8Array(4 + rows * ROW_SIZES.tcp4);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, rows, true);
    for (let i = 0; i < rows; i++) {
      view.setUint32(4 + i * 24, 5, true); // ESTABLISHED
      view.setUint16(4 + i * 24 + 8, i % 65536, false);
    }
    const helper: IpHelper = {
      getTable: (kind) =>
        kind === 'tcp4'
          ? { status: NO_ERROR, bytes, size: bytes.byteLength }
          : { status: NO_ERROR, bytes: new Uint8Array(4), size: 4 },
    };
    const { connections } = readAllTables(helper);
    expect(connections).toHaveLength(rows);
    expect(connections[rows - 1]?.localPort).toBe((rows - 1) % 65536);
  });
});
