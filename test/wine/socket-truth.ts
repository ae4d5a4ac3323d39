/**
 * The truth the Windows collectors are checked against: Linux's own socket tables through `ss -tanu`, read
 * over and over while the Windows code runs (Wine's iphlpapi answers from the same kernel tables). A socket
 * present with the same state in every read existed throughout and must be reported; a reported socket must
 * have been seen in at least one read; anything else changed between reads and is allowed to differ.
 */
import { execFile } from 'node:child_process';
import type { Connection } from '../../src/shared/model';

const SS_STATES: Readonly<Record<string, string>> = {
  LISTEN: 'LISTEN',
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  CLOSING: 'CLOSING',
  CLOSE: 'CLOSED',
  UNCONN: 'NONE',
};

/** An endpoint as both sides write it: no brackets, no zone; wildcard remotes are '*'. */
function bareAddress(address: string): string {
  // '[fe80::1]%eth0' (ss) and 'fe80::1%4' (Windows) both become 'fe80::1'.
  return address.replace(/%[^\]]*/, '').replace(/[[\]]/g, '');
}

function endpoint(address: string, port: number | string): string {
  const bare = bareAddress(address);
  if (port === '*' || port === 0 || bare === '*') return '*';
  return `${bare.toLowerCase()}:${port}`;
}

/**
 * Stateless socket key. UDP has only the local end (the Windows UDP table has no remote, even for a connected
 * UDP socket).
 */
export function socketKey(protocol: string, family: number, local: string, remote: string): string {
  return protocol === 'udp' ? `udp${family} ${local}` : `tcp${family} ${local} ${remote}`;
}

export type SocketRead = Map<string, string>;

/** One `ss -tanuH` read: key -> state. */
export function parseSs(text: string): SocketRead {
  const read: SocketRead = new Map();
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 6) continue;
    const [netid = '', state = '', , , local = '', peer = ''] = parts;
    if (netid !== 'tcp' && netid !== 'udp') continue;
    const split = (text: string): [string, string] => {
      const at = text.lastIndexOf(':');
      return [text.slice(0, at), text.slice(at + 1)];
    };
    const [localAddress, localPort] = split(local);
    const [peerAddress, peerPort] = split(peer);
    const bare = bareAddress(localAddress);
    // ss writes the wildcard of a dual-stack socket as '*' ('*:5353'); it is an IPv6 socket.
    const family = bare.includes(':') || bare === '*' ? 6 : 4;
    const localEnd = endpoint(bare === '*' ? '::' : bare, localPort);
    read.set(
      socketKey(netid, family, localEnd, endpoint(peerAddress, peerPort)),
      netid === 'udp' ? 'NONE' : (SS_STATES[state] ?? state),
    );
  }
  return read;
}

export function connectionKeyOf(
  c: Pick<Connection, 'protocol' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>,
): string {
  const remoteWildcard = c.remotePort === 0 || c.remoteAddress === '*';
  return socketKey(
    c.protocol,
    c.family,
    endpoint(c.localAddress, c.localPort),
    remoteWildcard ? '*' : endpoint(c.remoteAddress, c.remotePort),
  );
}

function readSs(): Promise<SocketRead> {
  return new Promise((resolve, reject) => {
    execFile('ss', ['-tanuH'], { maxBuffer: 256 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(parseSs(stdout)),
    );
  });
}

/** Reads `ss` back to back while `during` runs, and once before and after it. */
export async function readsAround<T>(during: () => Promise<T>): Promise<{ result: T; reads: SocketRead[] }> {
  const reads: SocketRead[] = [await readSs()];
  let running = true;
  const poller = (async () => {
    while (running) {
      reads.push(await readSs());
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  try {
    const result = await during();
    return { result, reads };
  } finally {
    running = false;
    await poller;
    reads.push(await readSs());
  }
}

export interface Comparison {
  /** In every read with one state, but missing from the report or reported in another state. */
  missing: string[];
  /** Reported but in no read at all. */
  unexplained: string[];
  stable: number;
}

export function compareWithReads(
  reported: readonly Connection[],
  reads: readonly SocketRead[],
  include: (key: string, state: string) => boolean = () => true,
): Comparison {
  const ours = new Map<string, string>();
  for (const c of reported) ours.set(connectionKeyOf(c), c.state);
  const [first, ...rest] = reads;
  const missing: string[] = [];
  let stable = 0;
  for (const [key, state] of first ?? []) {
    if (!include(key, state) || !rest.every((read) => read.get(key) === state)) continue;
    stable++;
    if (ours.get(key) !== state) missing.push(`${key} ${state} (reported: ${ours.get(key) ?? 'absent'})`);
  }
  const unexplained: string[] = [];
  for (const [key, state] of ours) {
    if (include(key, state) && !reads.some((read) => read.has(key))) unexplained.push(`${key} ${state}`);
  }
  return { missing, unexplained, stable };
}
