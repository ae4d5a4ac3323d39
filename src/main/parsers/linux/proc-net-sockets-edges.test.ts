import { describe, expect, it } from 'vitest';
import { placeKernelColumns } from './proc-net-socket-columns';
import { parseProcNetSockets, sampleSocketHexAddresses } from './proc-net-sockets';

// Lines as this machine's kernel prints them (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock):
// '%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK ...'.
const V4 =
  '   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 16089 1 0000000000000000 100 0 0 10 0';
const V6 =
  '   1: 00000000000000000000000001000000:A127 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4832948 1 00000000531c5645 100 0 0 10 0';
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** The seven fixed columns placed by the fast path, or null when it leaves the line to the blank splitter. */
function columns(text: string, lineStart = 0, lineEnd = text.length): string[] | null {
  const starts = new Int32Array(10);
  const ends = new Int32Array(10);
  const end = placeKernelColumns(text, lineStart, lineEnd, starts, ends);
  if (end < 0) return null;
  const out: string[] = [];
  for (let k = 0; k < 7; k++) out.push(text.slice(starts[k], ends[k]));
  // Where retrnsmt ends: the splitter goes on from there with the uid.
  out.push(text.slice(end, end + 6));
  return out;
}

const tcp = (text: string) => parseProcNetSockets(text, { protocol: 'tcp', endianness: 'le' });
const rowsOf = (text: string) => tcp(text).data.connections ?? [];

describe('placeKernelColumns (the fixed-width fast path)', () => {
  it('places the seven kernel columns of an IPv4 and an IPv6 row', () => {
    expect(columns(V4)).toEqual([
      '0:',
      '0100007F:0277',
      '00000000:0000',
      '0A',
      '00000000:00000000',
      '00:00000000',
      '00000000',
      '     0',
    ]);
    expect(columns(V6)).toEqual([
      '1:',
      '00000000000000000000000001000000:A127',
      '00000000000000000000000000000000:0000',
      '0A',
      '00000000:00000000',
      '00:00000000',
      '00000000',
      '     0',
    ]);
  });

  it('follows a wide sl (past 9999 sockets) up to 8 digits; past that the blank splitter reads the row', () => {
    expect(columns(V4.replace('   0:', '12345678:'))?.slice(0, 2)).toEqual(['12345678:', '0100007F:0277']);
    const nineDigits = V4.replace('   0:', '123456789:');
    expect(columns(nineDigits)).toBeNull();
    expect(rowsOf(nineDigits).map((r) => r.inode)).toEqual([16089]);
  });

  it('reads a line in the middle of the text by its own bounds', () => {
    const text = `${HEADER}\n${V4}\n`;
    const start = HEADER.length + 1;
    expect(columns(text, start, start + V4.length)?.[1]).toBe('0100007F:0277');
  });

  it('refuses a line cut before retrnsmt ends, even when the next line would fill the columns', () => {
    const cut = V4.slice(0, V4.indexOf(' 00000000     0') + 5);
    const text = `${cut}\n${V4}`;
    expect(columns(text, 0, cut.length)).toBeNull();
    expect(columns(V4.slice(0, V4.indexOf('     0        0')))).toBeNull();
  });

  // Each separator the kernel prints, by its offset in V4: after 'sl:', the addresses' colons, and the blank
  // between each pair of fixed columns and after retrnsmt.
  const separators = [
    ['the blank after sl:', V4.indexOf(':') + 1],
    ['the local address colon', V4.indexOf('0100007F:') + 8],
    ['the remote address colon', V4.indexOf('00000000:0000 0A') + 8],
    ['the blank before the remote address', V4.indexOf(' 00000000:0000 0A')],
    ['the blank before st', V4.indexOf(' 0A ')],
    ['the blank before the queues', V4.indexOf(' 00000000:00000000')],
    ['the blank before the timer', V4.indexOf(' 00:00000000')],
    ['the blank before retrnsmt', V4.indexOf(' 00000000     0')],
    ['the blank after retrnsmt', V4.indexOf('     0        0')],
  ] as const;

  it.each(separators)('refuses a row whose %s is not where the kernel puts it', (_name, offset) => {
    expect(V4[offset]).toMatch(/[ :]/);
    const changed = `${V4.slice(0, offset)}#${V4.slice(offset + 1)}`;
    expect(columns(changed)).toBeNull();
    // Fields run together are no row at all: the splitter finds the wrong columns and the line is skipped.
    expect(tcp(changed).skipped).toHaveLength(1);
  });

  it.each(separators.filter(([, offset]) => V4[offset] === ' '))(
    'leaves a row with a tab for %s to the splitter, which reads it the same',
    (_name, offset) => {
      const tabbed = `${V4.slice(0, offset)}\t${V4.slice(offset + 1)}`;
      expect(columns(tabbed)).toBeNull();
      expect(rowsOf(tabbed)).toEqual(rowsOf(V4));
    },
  );
});

describe('parseProcNetSockets on the edges of the format', () => {
  const withField = (index: number, value: string): string => {
    const fields = V4.trim().split(/ +/);
    fields[index] = value;
    return fields.join(' ');
  };

  it('keeps port 0, state 00 and the largest port, queue and uid the kernel prints', () => {
    const line = withField(2, '00000000:0000')
      .replace('0100007F:0277', '0100007F:0000')
      .replace(' 0A ', ' 00 ')
      .replace('00000000:00000000', 'FFFFFFFF:FFFFFFFF');
    const max = withField(7, '4294967295').replace('0100007F:0277', '0100007F:FFFF');
    expect(rowsOf(`${line}\n${max}`).map((r) => [r.localPort, r.state, r.txQueue, r.rxQueue, r.uid])).toEqual([
      [0, 'UNKNOWN', 0xffffffff, 0xffffffff, 0],
      [65535, 'LISTEN', 0, 0, 4294967295],
    ]);
  });

  it('reads hex up to 13 digits and decimal up to 15 (exact in a double); longer makes the row unreadable', () => {
    const longest = `${withField(4, '0000000000001:0000000000002')}\n${withField(9, '999999999999999')}`;
    expect(rowsOf(longest).map((r) => [r.txQueue, r.rxQueue, r.inode])).toEqual([
      [1, 2, 16089],
      [0, 0, 999999999999999],
    ]);
    const tooLong = [
      withField(4, '00000000000001:00000000'),
      withField(4, '00000000:00000000000001'),
      withField(9, '1000000000000000'),
      withField(7, '1000000000000000'),
    ];
    const result = tcp(tooLong.join('\n'));
    expect(result.data.connections).toEqual([]);
    expect(result.skipped).toEqual(tooLong);
  });

  it.each([
    ['a non-hex state', 3, 'ZZ'],
    ['a state with a sign', 3, '-1'],
    ['a non-hex tx_queue', 4, '0000000G:00000000'],
    ['a non-hex rx_queue', 4, '00000000:0000000G'],
    ['queues with no colon', 4, '0000000000000000'],
    ['queues with no tx_queue', 4, ':00000000'],
    ['queues with no rx_queue', 4, '00000000:'],
    ['a negative uid', 7, '-1'],
    ['a non-decimal uid', 7, '1e3'],
    ['a non-decimal inode', 9, '0x10'],
    ['an inode with a sign', 9, '+5'],
    ['a non-hex local port', 1, '0100007F:02G7'],
    ['a non-hex remote port', 2, '00000000:000Z'],
    ['a non-hex remote address', 2, '0000000Z:0000'],
    ['a local address with no port colon', 1, '0100007F.0277'],
    ['a remote address with no port colon', 2, '00000000.0000'],
    ['an IPv4 local and an IPv6 remote', 2, '00000000000000000000000000000000:0000'],
    ['a 16-digit local address', 1, '000000000100007F:0277'],
    ['no colon after sl', 0, '0'],
  ])('skips a row with %s, reported trimmed', (_name, index, value) => {
    const line = withField(index, value);
    const result = tcp(`${HEADER}\n   ${line}   \n${V4}`);
    expect(result.skipped).toEqual([line]);
    expect(result.data.connections?.map((r) => r.inode)).toEqual([16089]);
  });

  // A tab after 'sl:' sends the row to the blank splitter, which checks the columns it does not keep.
  const split = (index: number, value: string): string => withField(index, value).replace(' ', '\t');

  it.each([
    ['a non-hex tr', 5, 'G0:00000000'],
    ['a one-digit tr', 5, '0:000000000'],
    ['a timer with no colon', 5, '0000000000'],
    ['no tm->when', 5, '00:'],
    ['a non-hex tm->when', 5, '00:0000000Z'],
    ['a non-hex retrnsmt', 6, '0000000Z'],
  ])('skips a split row with %s (its columns may have shifted)', (_name, index, value) => {
    const line = split(index, value);
    expect(tcp(line).skipped).toEqual([line]);
  });

  it('reads a split row whose tm->when is wider than 8 digits (%08lX of an unsigned long)', () => {
    expect(rowsOf(split(5, '01:0000000000000064')).map((r) => r.inode)).toEqual([16089]);
  });

  it('skips a row whose addresses both have 16 digits (neither family)', () => {
    const line = withField(2, '0000000000000000:0000').replace('0100007F:0277', '000000000100007F:0277');
    expect(tcp(line).skipped).toEqual([line]);
  });

  it('skips a row missing its inode, even with blanks after the uid and timeout', () => {
    const line = V4.slice(0, V4.indexOf(' 16089'));
    expect(tcp(`${line}      \n`).skipped).toEqual([line.trim()]);
  });

  it('is silent on the header only: other lines starting like it are reported', () => {
    const lookalikes = ['al  local_address', 'sx  local_address', 'slx local_address', 's'];
    const result = tcp([HEADER, ...lookalikes, 'sl', V4].join('\n'));
    expect(result.skipped).toEqual(lookalikes);
    expect(result.data.connections).toHaveLength(1);
  });

  it('reads a text saved with CRLF line ends, and one starting with blank lines', () => {
    const crlf = `${HEADER}\r\n${V4}\r\n${V6.replace('   1:', '   2:')}\r\n`;
    const result = tcp(crlf);
    expect(result.skipped).toEqual([]);
    expect(result.data.connections?.map((r) => [r.family, r.inode])).toEqual([
      [4, 16089],
      [6, 4832948],
    ]);
    expect(rowsOf(`\n\n${V4}`)).toEqual(rowsOf(V4));
    expect(tcp(`\n${HEADER}\n${V4}`)).toEqual(tcp(`${HEADER}\n${V4}`));
  });

  it('reads a CRLF copy of rows that end at the inode (no columns after it)', () => {
    const short = V4.slice(0, V4.indexOf(' 1 0000000000000000'));
    expect(rowsOf(`${short}\r\n${short.replace('16089', '16090')}\r`).map((r) => r.inode)).toEqual([16089, 16090]);
  });

  it('skips a decimal column with a sign or dot after its first digit', () => {
    const lines = [withField(9, '12.5'), withField(7, '1-'), withField(9, '1+0')];
    expect(tcp(lines.join('\n')).skipped).toEqual(lines);
  });

  it('decodes each address of a row, repeated addresses included', () => {
    const other = V4.replace('0100007F:0277 00000000:0000', '0100007F:0278 0100007F:0277').replace('16089', '16090');
    const third = V4.replace('0100007F:0277', '0200007F:0016').replace('16089', '16091');
    expect(rowsOf([V4, other, V4, third].join('\n')).map((r) => `${r.localAddress} ${r.remoteAddress}`)).toEqual([
      '127.0.0.1 0.0.0.0',
      '127.0.0.1 127.0.0.1',
      '127.0.0.1 0.0.0.0',
      '127.0.0.2 0.0.0.0',
    ]);
  });

  it('returns no warnings of its own', () => {
    expect(tcp(`${HEADER}\n${V4}\ngarbage`).warnings).toEqual([]);
  });
});

describe('sampleSocketHexAddresses', () => {
  it('lists the local and remote hex addresses of each data row, IPv4 and IPv6', () => {
    expect(sampleSocketHexAddresses(`${HEADER}\n${V4}\n${V6}\n`)).toEqual([
      '0100007F',
      '00000000',
      '00000000000000000000000001000000',
      '00000000000000000000000000000000',
    ]);
  });

  it('reads rows with a wide sl or collapsed padding, and ignores addresses of other lengths', () => {
    const text = [
      V4.replace('   0:', '12345:'),
      V4.trim().replace(' ', '\t\t').replace('0100007F:0277 ', '0100007F:0277  ').replace('0100007F', '0200007F'),
      V4.replace('0100007F', '000000000100007F'),
      `x ${V4.trim()}`,
    ].join('\n');
    expect(sampleSocketHexAddresses(text)).toEqual(['0100007F', '00000000', '0200007F', '00000000']);
  });

  it('stops after the first `limit` rows', () => {
    const text = [0, 1, 2].map((n) => V4.replace('0100007F', `0${n}00007F`)).join('\n');
    expect(sampleSocketHexAddresses(text, 2)).toEqual(['0000007F', '00000000', '0100007F', '00000000']);
    expect(sampleSocketHexAddresses(text)).toHaveLength(6);
  });
});
