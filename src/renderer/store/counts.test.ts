import { describe, it, expect } from 'vitest';
import { countConnections } from './counts';
import { blankConnection } from '../../shared/model';

describe('countConnections', () => {
  it('counts by protocol label and by state, skipping stateless sockets', () => {
    const base = { localAddress: '0.0.0.0', localPort: 1, remoteAddress: '0.0.0.0', remotePort: 0 };
    const counts = countConnections([
      blankConnection({ ...base, protocol: 'tcp', family: 4, state: 'LISTEN' }),
      blankConnection({ ...base, protocol: 'tcp', family: 6, state: 'LISTEN' }),
      blankConnection({ ...base, protocol: 'tcp', family: 4, state: 'ESTABLISHED' }),
      blankConnection({ ...base, protocol: 'udp', family: 4, state: 'NONE' }),
      blankConnection({ ...base, protocol: 'raw', family: 4, state: 'NONE' }),
    ]);
    expect(Object.fromEntries(counts.byProtocol)).toEqual({ tcp: 2, tcp6: 1, udp: 1, udp6: 0, raw: 1 });
    expect(Object.fromEntries(counts.byState)).toEqual({ LISTEN: 2, ESTABLISHED: 1 });
  });
});
