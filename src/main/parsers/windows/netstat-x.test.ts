/**
 * Windows `netstat -x`, written from the format Microsoft's netstat page documents (NetworkDirect connections,
 * listeners and shared endpoints: Mode, IfIndex, Type, Local Address, Foreign Address, PID), on a server with
 * SMB Direct, in English and German, and on a machine without RDMA adapters (the title and header only).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectNetstatX, parseNetstatX } from './netstat-x';
import {
  NETSTAT_X_HEADER,
  NETSTAT_X_TITLE,
  SMB_CONNECTION_V4,
  SMB_CONNECTION_V6,
  SMB_LISTENER_V4,
  SMB_LISTENER_V6,
} from './netstat-x.fixtures';

const SMB_DIRECT = `
${NETSTAT_X_TITLE}

${NETSTAT_X_HEADER}

  Kernel      12 Listener       192.168.10.11:445      NA                     0
  Kernel      12 Connection     192.168.10.11:445      192.168.10.12:49873    0
  Kernel      12 Connection     192.168.10.11:445      192.168.10.12:49874    0
  Kernel      13 Listener       [fd00:10::11]:445      NA                     0
  Kernel      13 Connection     [fd00:10::11]:445      [fd00:10::12]:50112    0
  User        12 SharedEndpoint 192.168.10.11:50200    NA                     4712
`;

const GERMAN = `
Aktive NetworkDirect-Verbindungen, -Listener, -SharedEndpoints

  Modus  IfIndex Typ            Lokale Adresse         Remoteadresse          PID

  Kernel       7 Connection     10.1.0.5:445           10.1.0.6:51000         0
`;

const NO_RDMA = `
${NETSTAT_X_TITLE}

${NETSTAT_X_HEADER}
`;

describe('netstat -x', () => {
  it('reads connections, listeners and shared endpoints with their interface, peer and PID', () => {
    const result = parseNetstatX(SMB_DIRECT);
    expect(result.skipped).toEqual([]);
    expect(result.recognised).toBe(true);
    expect(result.endpoints).toEqual([
      SMB_LISTENER_V4,
      SMB_CONNECTION_V4,
      { ...SMB_CONNECTION_V4, remotePort: 49874 },
      SMB_LISTENER_V6,
      SMB_CONNECTION_V6,
      {
        mode: 'User',
        interfaceIndex: 12,
        type: 'SharedEndpoint',
        localAddress: '192.168.10.11',
        localPort: 50200,
        remoteAddress: null,
        remotePort: null,
        pid: 4712,
      },
    ]);
  });

  it('reads a translated header the same way (modes and types are API names)', () => {
    expect(parseNetstatX(GERMAN).endpoints.map((e) => [e.type, e.remotePort])).toEqual([['Connection', 51000]]);
  });

  it('says an empty list is "none here" only when the file is netstat -x output', () => {
    expect(parseNetstatX(NO_RDMA)).toMatchObject({ endpoints: [], recognised: true });
    expect(parseNetstatX('hello\n')).toMatchObject({ endpoints: [], recognised: false });
  });

  it('skips and keeps a line of its shape that does not parse, losing nothing else', () => {
    const broken = `${SMB_DIRECT}  Kernel      12 Tunnel         192.168.10.11:445      NA    0\n  Kernel 12 Connection 1.2.3.4:99999 NA 0\n`;
    const result = parseNetstatX(broken);
    expect(result.endpoints).toHaveLength(6);
    expect(result.skipped).toHaveLength(2);
  });

  it('is recognised for import by its title, and by its lines without one; not a netstat -an file', () => {
    expect(detectNetstatX(SMB_DIRECT)).toBeGreaterThanOrEqual(0.9);
    expect(detectNetstatX(NO_RDMA)).toBeGreaterThanOrEqual(0.9);
    expect(detectNetstatX(SMB_DIRECT.split('\n').slice(5).join('\n'))).toBeGreaterThan(0.5);
    expect(detectNetstatX('  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\n')).toBe(0);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseNetstatX(`Kernel 1 ${text}`);
        expect(result.endpoints.length + result.skipped.length).toBeLessThanOrEqual(1 + text.split('\n').length);
        detectNetstatX(text);
      }),
    );
  });
});
