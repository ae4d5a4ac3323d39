import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allFormats, importBytes, importFile } from './index';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const dir = mkdtempSync(path.join(tmpdir(), 'netscope-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importBytes with every real format', () => {
  it('reads a UTF-16LE (BOM) Linux netstat file', () => {
    const text =
      'Active Internet connections (servers and established)\r\nProto Recv-Q Send-Q Local Address           Foreign Address         State\r\ntcp        0      0 127.0.0.1:5000          0.0.0.0:*               LISTEN\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...Array.from(text).flatMap((ch) => [ch.charCodeAt(0), 0])]);
    const out = importBytes(bytes, 'n.txt');
    if (!out.ok) throw new Error(out.error);
    expect(out.format.id).toBe('linux-netstat');
    expect(out.snapshot.platform).toBe('linux');
    expect(out.snapshot.connections[0]).toMatchObject({ localPort: 5000, state: 'LISTEN' });
  });

  it('reports unreadable lines of a matching file', () => {
    const out = importBytes(
      enc(
        'State Recv-Q Send-Q Local Address:Port Peer Address:Port\nLISTEN 0 128 127.0.0.1:22 0.0.0.0:*\nLISTEN what is this\n',
      ),
      's.txt',
    );
    if (!out.ok) throw new Error(out.error);
    expect(out.skipped).toBe(1);
    expect(out.snapshot.collectors[0]?.warnings.join()).toMatch(
      /1 line could not be read, e\.g\. 'LISTEN what is this'/,
    );
  });

  it('says an empty owner may be unreadable in a file with owner columns, and nothing in one without', () => {
    const head = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process';
    const withOwners = importBytes(
      enc(
        `${head}\nLISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=812,fd=3))\nESTAB 0 0 10.0.0.5:22 10.0.0.9:5000\n`,
      ),
      'ss-tanp.txt',
    );
    const without = importBytes(enc(`${head}\nLISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n`), 'ss-tan.txt');
    if (!withOwners.ok || !without.ok) throw new Error('not read');
    expect(withOwners.snapshot.collectors.map((r) => r.ownerless)).toEqual(['maybe-unreadable']);
    expect(without.snapshot.collectors.map((r) => r.ownerless)).toEqual([undefined]);
  });

  it('names every known format when nothing matches', () => {
    const out = importBytes(enc('hello world\n'), 'h.txt');
    expect(out.ok).toBe(false);
    if (!out.ok) for (const f of allFormats()) expect(out.error).toContain(f.label);
  });

  it('never throws on arbitrary strings or bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => typeof importBytes(enc(s), 'f').ok === 'boolean'),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => typeof importBytes(b, 'f').ok === 'boolean'),
      { numRuns: 200 },
    );
    const lines = fc.array(
      fc.oneof(
        fc.constantFrom(
          'tcp4 0 0 *.* *.* LISTEN',
          'tcp 0 0 1:2 3:4',
          'Kernel IP routing table',
          'Destination Gateway Flags Netif',
          'p1',
          'tcp:',
          '\t1 x',
          '[{"dst":',
        ),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(lines, (ls) => typeof importBytes(enc(ls.join('\n')), 'f').ok === 'boolean'),
      { numRuns: 300 },
    );
  });
});

describe('importFile', () => {
  it('reads a file from disk', async () => {
    const file = path.join(dir, 'route.txt');
    writeFileSync(
      file,
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    100    0        0 eth0\n',
    );
    const out = await importFile(file);
    if (!out.ok) throw new Error(out.error);
    expect(out.snapshot.routes).toHaveLength(1);
    expect(out.snapshot.source).toEqual({
      kind: 'import',
      file,
      formats: ['linux-route-n'],
      label: 'Linux route -n / netstat -r',
    });
  });

  it('gives a clear error for a missing file or a directory', async () => {
    expect(await importFile(path.join(dir, 'nope.txt'))).toEqual({
      ok: false,
      error: `cannot read ${path.join(dir, 'nope.txt')}: no such file`,
    });
    expect(await importFile(dir)).toMatchObject({ ok: false, error: expect.stringMatching(/is a directory/) });
  });
});
