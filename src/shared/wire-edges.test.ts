/** A packed snapshot carries its rows in the table only: its connections list is empty, everything else as it was. */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot } from './model';
import { packSnapshot, unpackSnapshot } from './wire';

describe('packSnapshot', () => {
  it('empties connections, keeps the other fields, and unpacks to the same snapshot', () => {
    const snapshot = {
      ...emptySnapshot(),
      seq: 7,
      connections: [
        blankConnection({
          protocol: 'tcp',
          family: 6,
          localAddress: '::1',
          localPort: 22,
          remoteAddress: '::',
          remotePort: 0,
          state: 'LISTEN',
        }),
      ],
    };
    const packed = packSnapshot(snapshot);
    expect(packed.connections).toEqual([]);
    expect(packed.seq).toBe(7);
    expect(unpackSnapshot(packed)).toEqual(snapshot);
  });
});
