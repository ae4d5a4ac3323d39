import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINUX_PROC_FORMATS } from './formats';

const byId = (id: string) => {
  const spec = LINUX_PROC_FORMATS.find((f) => f.id === id);
  if (!spec) throw new Error(`no spec ${id}`);
  return spec;
};

const UDP_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops';

describe('LINUX_PROC_FORMATS', () => {
  it('has unique ids', () => {
    const ids = LINUX_PROC_FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('linux-proc-net-tcp');
  });

  it('tells udp from raw by the ports of the rows', () => {
    const udp = `${UDP_HEADER}\n  515: 00000000:B346 00000000:0000 07 00000000:00000000 00:00000000 00000000   104        0 7518 2 0000000000000000 0`;
    const raw = `${UDP_HEADER}\n   1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7518 2 0000000000000000 0`;
    expect(byId('linux-proc-net-udp').detect(udp)).toBeGreaterThan(byId('linux-proc-net-raw').detect(udp));
    expect(byId('linux-proc-net-raw').detect(raw)).toBeGreaterThan(byId('linux-proc-net-udp').detect(raw));
    expect(byId('linux-proc-net-raw').parse(raw).data.connections?.[0]).toMatchObject({
      protocol: 'raw',
      localPort: 1,
      state: 'NONE',
    });
  });

  it('guesses big-endian imports from their addresses', () => {
    const text =
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 7F000001:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 16089 1';
    const result = byId('linux-proc-net-tcp').parse(text);
    expect(result.data.connections?.[0]?.localAddress).toBe('127.0.0.1');
    expect(result.warnings.join(' ')).toMatch(/big-endian/);
  });

  it('gives no confidence to other text', () => {
    for (const text of [
      '',
      'Proto Recv-Q Send-Q Local Address',
      'Active Connections\n\n  Proto  Local Address',
      'Ip: 1 2 3\n',
    ]) {
      for (const spec of LINUX_PROC_FORMATS)
        expect(spec.detect(text), `${spec.id} on ${JSON.stringify(text)}`).toBeLessThan(0.5);
    }
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const spec of LINUX_PROC_FORMATS) {
          const score = spec.detect(text);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          spec.parse(text);
        }
      }),
      { numRuns: 200 },
    );
  });
});
