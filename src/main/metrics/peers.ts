/**
 * Remote addresses as metric labels: one canonical text per address
 * (IPv4-mapped IPv6 becomes IPv4, IPv6 in RFC 5952 form), the /24 or /64 it
 * belongs to, and whether it is this machine (loopback or one of its own
 * addresses), which the DoS verdict shows but does not alarm on.
 */
import ipaddr from 'ipaddr.js';

const WILDCARDS = new Set(['', '*', '0.0.0.0', '::']);

export interface Peer {
  /** Canonical address text, or the input unchanged when it does not parse. */
  address: string;
  /** '203.0.113.0/24' or '2001:db8:1:2::/64'; the address itself when it does not parse. */
  subnet: string;
  loopback: boolean;
}

/** True for the remote of a socket with no peer (listening, unconnected UDP). */
export function isWildcardRemote(address: string): boolean {
  return WILDCARDS.has(address);
}

/** Dotted-quad IPv4 as collectors print it (no leading zeros): the common case, without a full parse. */
const PLAIN_IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function describePeer(text: string): Peer {
  const plain = PLAIN_IPV4.exec(text);
  if (plain) {
    return { address: text, subnet: `${plain[1]}.${plain[2]}.${plain[3]}.0/24`, loopback: plain[1] === '127' };
  }
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(text.replace(/%.*$/, ''));
  } catch {
    return { address: text, subnet: text, loopback: false };
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (parsed.kind() === 'ipv4') {
    const v4 = parsed as ipaddr.IPv4;
    const [a, b, c] = v4.octets;
    return { address: v4.toString(), subnet: `${a}.${b}.${c}.0/24`, loopback: v4.range() === 'loopback' };
  }
  const v6 = parsed as ipaddr.IPv6;
  const network = new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]);
  return {
    address: v6.toRFC5952String(),
    subnet: `${network.toRFC5952String()}/64`,
    loopback: v6.range() === 'loopback',
  };
}

/**
 * Describes each distinct address text once: many sockets share a peer, and
 * most peers stay from one scrape to the next, so the exporter keeps one
 * cache. It is emptied when it grows past `limit`, so churning peers cannot
 * grow it without bound.
 */
export class PeerCache {
  private readonly cache = new Map<string, Peer>();

  constructor(private readonly limit = 200_000) {}

  get(text: string): Peer {
    let peer = this.cache.get(text);
    if (!peer) {
      if (this.cache.size >= this.limit) this.cache.clear();
      peer = describePeer(text);
      this.cache.set(text, peer);
    }
    return peer;
  }
}
