/**
 * A dual-stack (tcp46/udp46) row is read as IPv6, but its endpoints may be
 * spelled the IPv4 way (`*:5000`, `127.0.0.1:5000`: nettop prints IPv4 peers
 * of a dual-stack socket with a colon, as it does on tcp4 rows). These rows
 * were skipped; the macOS traffic join needs them (an IPv6 listener's accepted
 * IPv4 connections). Written from the documented format; no Mac here.
 */
import { describe, expect, it } from 'vitest';
import { nettopEndpoint, parseNettop } from './nettop';

describe('nettop dual-stack endpoints', () => {
  it('reads IPv4-style endpoints on an IPv6 (46) row', () => {
    expect(nettopEndpoint('*:5000', 6)).toEqual({ address: '::', port: 5000 });
    expect(nettopEndpoint('*:*', 6)).toEqual({ address: '::', port: 0 });
    expect(nettopEndpoint('127.0.0.1:5000', 6)).toEqual({ address: '127.0.0.1', port: 5000 });
    expect(nettopEndpoint('10.0.0.7:*', 6)).toEqual({ address: '10.0.0.7', port: 0 });
    // The IPv6 spellings are unchanged: dot before the port, or brackets.
    expect(nettopEndpoint('::1.8080', 6)).toEqual({ address: '::1', port: 8080 });
    expect(nettopEndpoint('::ffff:10.0.0.7.443', 6)).toEqual({ address: '::ffff:10.0.0.7', port: 443 });
    expect(nettopEndpoint('fe80::1%en0.22', 6)).toEqual({ address: 'fe80::1%en0', port: 22 });
    expect(nettopEndpoint('127.0.0.1:70000', 6)).toBeNull();
  });

  it('keeps a tcp46 connection row with IPv4 endpoints', () => {
    const text = [
      'time,,interface,state,bytes_in,bytes_out,',
      '1,node.77,,,10,20,',
      '2,tcp46 *:5000<->*:*,,Listen,0,0,',
      '3,tcp46 127.0.0.1:5000<->127.0.0.1:61000,lo0,Established,10,20,',
    ].join('\n');
    const result = parseNettop(text);
    expect(result.skipped).toBe(0);
    expect(
      result.connections.map((c) => [c.family, c.localAddress, c.localPort, c.remoteAddress, c.remotePort]),
    ).toEqual([
      [6, '::', 5000, '::', 0],
      [6, '127.0.0.1', 5000, '127.0.0.1', 61000],
    ]);
  });
});
