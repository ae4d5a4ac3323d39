/**
 * /proc/net/sockstat and /proc/net/sockstat6 -> socket counts per protocol:
 *
 *   TCP: inuse 2008 orphan 0 tw 23 alloc 2008 mem 0
 *   UDP: inuse 0 mem 0
 *   TCP6: inuse 0
 *
 * Used to skip reading a socket table that is certainly empty: reading
 * /proc/net/tcp6 walks the whole TCP hash table (262144 buckets on a host with
 * a few GB), ~4 ms even when it lists nothing.
 */

/** 'PROTO field' -> value, e.g. 'TCP inuse' -> 2008, 'TCP tw' -> 23; lines that do not parse are left out. */
export function parseSockstat(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const protocol = line.slice(0, colon).trim();
    const words = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    for (let i = 0; i + 1 < words.length; i += 2) {
      const value = Number(words[i + 1]);
      if (/^\d+$/.test(words[i + 1] as string) && Number.isSafeInteger(value))
        counts.set(`${protocol} ${words[i]}`, value);
    }
  }
  return counts;
}

export type SocketTableFile = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'raw' | 'raw6';

/**
 * Whether a table certainly lists no socket. TIME_WAIT sockets are not 'inuse'
 * but are listed, and 'TCP ... tw' counts both families, so a TCP table is
 * empty only when its family has none in use and there is no TIME_WAIT at all.
 * Unknown counts (a missing file or field) never skip.
 */
export function tableIsEmpty(file: SocketTableFile, counts: ReadonlyMap<string, number>): boolean {
  const zero = (key: string): boolean => counts.get(key) === 0;
  switch (file) {
    case 'tcp':
      return zero('TCP inuse') && zero('TCP tw');
    case 'tcp6':
      return zero('TCP6 inuse') && zero('TCP tw');
    case 'udp':
      return zero('UDP inuse');
    case 'udp6':
      return zero('UDP6 inuse');
    case 'raw':
      return zero('RAW inuse');
    case 'raw6':
      return zero('RAW6 inuse');
  }
}
