/**
 * Test helpers for the Linux reading threads: a small fake /proc, /sys and
 * passwd tree, files in it turned into FIFOs with no writer (a read of one
 * blocks in open() until a writer comes, as a read on a hung NFS or FUSE mount
 * does), and the worker bundle built from the sources under test.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { stuckThreadCount } from '../src/main/collectors/linux/stuck-threads';

const repoRoot = path.resolve(__dirname, '..');

const TABLE_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

/** One socket table line (127.0.0.1:port, listening for TCP or unconnected for UDP). */
export function socketLine(slot: number, port: number, inode: number, state: '0A' | '07'): string {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return `${String(slot).padStart(4)}: 0100007F:${hexPort} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;
}

export const FAKE_PID = 100;
export const TCP_INODE = 5001;
export const UDP_INODE = 4242;

/** The files of the fake tree, relative to its root; tests replace some before building it. */
export function fakeFiles(): Record<string, string> {
  return {
    'proc/net/tcp': TABLE_HEADER + socketLine(0, 8080, TCP_INODE, '0A'),
    'proc/net/tcp6': TABLE_HEADER,
    'proc/net/udp': TABLE_HEADER + socketLine(0, 53, UDP_INODE, '07'),
    'proc/net/udp6': TABLE_HEADER,
    'proc/net/sockstat': 'TCP: inuse 1 orphan 0 tw 0 alloc 1 mem 0\nUDP: inuse 1 mem 0\nRAW: inuse 0\n',
    'proc/net/route':
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
      'eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n',
    'proc/net/ipv6_route':
      '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00000003     eth0\n',
    'proc/net/dev': 'Inter-|   Receive\n face |bytes\n  eth0: 1000 20 0 0 0 0 0 0 3000 40 0 0 0 0 0 0\n',
    'proc/net/snmp': 'Ip: Forwarding DefaultTTL\nIp: 1 64\nTcp: ActiveOpens PassiveOpens\nTcp: 3 4\n',
    'proc/net/netstat': 'TcpExt: SyncookiesSent\nTcpExt: 0\n',
    'proc/net/snmp6': 'Ip6InReceives                   \t5\n',
    'proc/stat': 'cpu  1 2 3 4\nbtime 1700000000\n',
    [`proc/${FAKE_PID}/stat`]: `${FAKE_PID} (fakesrv) S 1 ${FAKE_PID} ${FAKE_PID} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0\n`,
    [`proc/${FAKE_PID}/comm`]: 'fakesrv\n',
    [`proc/${FAKE_PID}/status`]: 'Name:\tfakesrv\nUid:\t0\t0\t0\t0\n',
    [`proc/${FAKE_PID}/cmdline`]: 'fakesrv\0--port\x008080\0',
    'sys/class/net/eth0/operstate': 'up\n',
    'sys/class/net/eth0/address': '02:00:00:00:00:01\n',
    'sys/class/net/eth0/mtu': '1500\n',
    'sys/class/net/eth0/speed': '1000\n',
    'sys/class/net/eth0/flags': '0x1003\n',
    'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n',
  };
}

export interface FakeTree {
  root: string;
  procRoot: string;
  sysRoot: string;
  passwdPath: string;
  /** Turns a file of the tree into a FIFO with no writer: reading it blocks. */
  block(relative: string): void;
  /** Unblocks a reader stuck on that FIFO (it reads EOF) and puts `text` (the original by default) in its place. */
  release(relative: string, text?: string): void;
  /** Releases what is still blocked, then deletes the tree. */
  remove(): void;
}

export function makeFakeTree(files: Record<string, string> = fakeFiles()): FakeTree {
  const root = mkdtempSync(path.join(tmpdir(), 'netscope-fake-proc-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  const fdDir = path.join(root, 'proc', String(FAKE_PID), 'fd');
  mkdirSync(fdDir, { recursive: true });
  symlinkSync(`socket:[${TCP_INODE}]`, path.join(fdDir, '3'));
  symlinkSync(`socket:[${UDP_INODE}]`, path.join(fdDir, '4'));
  symlinkSync('/usr/bin/fakesrv', path.join(root, 'proc', String(FAKE_PID), 'exe'));
  const blocked = new Set<string>();
  const tree: FakeTree = {
    root,
    procRoot: path.join(root, 'proc'),
    sysRoot: path.join(root, 'sys'),
    passwdPath: path.join(root, 'etc', 'passwd'),
    block(relative) {
      const file = path.join(root, relative);
      rmSync(file, { force: true });
      execFileSync('mkfifo', [file]);
      blocked.add(relative);
    },
    release(relative, text = files[relative] ?? '') {
      const file = path.join(root, relative);
      let writer: number | null = null;
      try {
        // Succeeds only while a reader waits in open(); that reader then reads EOF once this closes.
        writer = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch {
        writer = null;
      }
      writeFileSync(`${file}.new`, text);
      renameSync(`${file}.new`, file);
      if (writer !== null) closeSync(writer);
      blocked.delete(relative);
    },
    remove() {
      for (const relative of [...blocked]) tree.release(relative);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return tree;
}

/** Polls (bounded) until every abandoned reading thread has come back and exited. */
export async function waitForStuckThreads(count = 0): Promise<void> {
  for (let i = 0; i < 1000 && stuckThreadCount() > count; i++) await new Promise((r) => setTimeout(r, 10));
  if (stuckThreadCount() > count) throw new Error(`${stuckThreadCount()} reading threads are still stuck`);
}

let built: Promise<string> | null = null;
/** The folder of the bundle built, until removeProcWorkerBundle. */
let bundleDir: string | null = null;

/**
 * The reading threads' worker bundle, built once per test file from the
 * sources under test (the collectors run it only when it exists; vitest runs
 * TypeScript, which a worker thread cannot load).
 */
export function procWorkerBundle(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'netscope-proc-worker-'));
    bundleDir = outDir;
    process.once('exit', removeProcWorkerBundle);
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: true,
        target: 'node20',
        outDir,
        emptyOutDir: true,
        minify: false,
        rollupOptions: {
          input: { 'proc-worker': path.join(repoRoot, 'src/main/collectors/linux/proc-worker.ts') },
          output: { format: 'cjs', entryFileNames: '[name].js' },
        },
      },
    });
    return path.join(outDir, 'proc-worker.js');
  })();
  return built;
}

/**
 * Removes the bundle (a test file's afterAll). WHY not only on 'exit': vitest may end a test file's worker without its
 * process's 'exit', and the bundles were left in /tmp.
 */
export function removeProcWorkerBundle(): void {
  if (bundleDir !== null) rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = null;
  built = null;
}
