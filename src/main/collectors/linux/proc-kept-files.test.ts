import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readFiles, readTables } from './proc-file-jobs';
import { KeptFiles, keptFiles } from './proc-kept-files';
import { TablePrintMemory } from './proc-table-diff';
import type { JobContext } from './proc-protocol';

const linux = process.platform === 'linux';
const context: JobContext = { beat: () => undefined, chunk: () => undefined };

/** A listener on a free loopback port, and that port as /proc/net/tcp(6) writes it (upper-case hex, 4 digits). */
async function listen(host = '127.0.0.1'): Promise<{ server: Server; hexPort: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as { port: number }).port;
  return { server, hexPort: port.toString(16).toUpperCase().padStart(4, '0') };
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/**
 * /proc/net/tcp6 as the 'read' job gives it: always whole, from its header line. WHY tcp6 on ::1: the IPv4 table
 * of this shared machine is often past the job's 64 KiB buffer, and such a file is read by readFileSync instead.
 */
function readTcp6(): string {
  const text = readFiles({ paths: ['/proc/net/tcp6'], encoding: 'latin1' }, context)[0]?.text ?? '';
  expect(text.startsWith('  sl')).toBe(true);
  return text;
}

/** /proc/net/tcp as the 'tables' job sends it (raw chunks, no diff). */
function tableTcp(): string {
  let text = '';
  const chunks: JobContext = {
    beat: () => undefined,
    chunk: (bytes, length) => (text += Buffer.from(bytes.subarray(0, length)).toString('latin1')),
  };
  readTables({ procRoot: '/proc', files: ['tcp'], sockstat: false }, chunks, new TablePrintMemory());
  return text;
}

const listens = (text: string, hexPort: string): boolean => text.includes(`0100007F:${hexPort} 00000000:0000 0A`);
const listens6 = (text: string, hexPort: string): boolean =>
  text.includes(`00000000000000000000000001000000:${hexPort} 00000000000000000000000000000000:0000 0A`);

describe.skipIf(!linux)('/proc/net files read through kept descriptors', () => {
  afterEach(() => keptFiles.closeAll());

  it("a kept descriptor reads the file afresh each time: a listener shows up and goes ('read' job)", async () => {
    const { server, hexPort } = await listen('::1');
    expect(listens6(readTcp6(), hexPort)).toBe(true);
    expect(keptFiles.size).toBe(1);
    await close(server);
    // Read again through the same descriptor (at its end after the first read): the listener is gone.
    expect(listens6(readTcp6(), hexPort)).toBe(false);
    const again = await listen('::1');
    expect(listens6(readTcp6(), again.hexPort)).toBe(true);
    await close(again.server);
    expect(keptFiles.size).toBe(1);
    // A small file read twice is whole both times (not empty from where the last read ended).
    const twice = [1, 2].map(() => readFiles({ paths: ['/proc/net/snmp'], encoding: 'latin1' }, context)[0]?.text);
    expect(twice.every((text) => text?.startsWith('Ip: Forwarding'))).toBe(true);
  });

  it("the 'tables' job's reads continue where they left off and start again at 0 on the next read", async () => {
    const { server, hexPort } = await listen();
    const first = tableTcp();
    expect(listens(first, hexPort)).toBe(true);
    expect(first.startsWith('  sl')).toBe(true);
    await close(server);
    const second = tableTcp();
    expect(second.startsWith('  sl')).toBe(true);
    expect(listens(second, hexPort)).toBe(false);
    // Whole lines, as a fresh read gives them (the same header, every line ending in a newline).
    expect(second.split('\n')[0]).toBe(readFileSync('/proc/net/tcp', 'latin1').split('\n')[0]);
    expect(second.endsWith('\n')).toBe(true);
  });

  it('keeps only /proc/net, and no more than a refresh needs', () => {
    const kept = new KeptFiles();
    expect(kept.keeps('/proc/net/snmp')).toBe(true);
    expect(kept.keeps('/proc/1/stat')).toBe(false);
    expect(kept.keeps('/sys/class/net/lo/operstate')).toBe(false);
    expect(kept.keeps('/tmp/fake/net/tcp')).toBe(false);
    const fd = kept.descriptor('/proc/net/snmp');
    expect(kept.descriptor('/proc/net/snmp')).toBe(fd);
    kept.forget('/proc/net/snmp');
    expect(kept.size).toBe(0);
    kept.closeAll();
  });

  it('a kept descriptor that fails is replaced by a fresh open, which reports a missing file as gone', () => {
    const kept = readFiles({ paths: ['/proc/net/snmp', '/proc/net/no-such-file'], encoding: 'latin1' }, context);
    expect(kept[0]?.text?.startsWith('Ip:')).toBe(true);
    expect(kept[1]).toEqual({ text: null, code: null });
    expect(keptFiles.size).toBe(1);
  });
});
