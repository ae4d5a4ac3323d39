import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionKey, type Family, type Protocol } from '../../shared/model';
import { connectionKeyText } from './connection-key-text';

type KeyFields = Parameters<typeof connectionKeyText>[0];

const row = (fields: Partial<KeyFields>): KeyFields => ({
  protocol: 'tcp',
  family: 4,
  localAddress: '127.0.0.1',
  localPort: 5000,
  remoteAddress: '127.0.0.1',
  remotePort: 43210,
  ...fields,
});

describe('connectionKeyText', () => {
  it('is connectionKey() for the rows engines make', () => {
    const rows = [
      row({}),
      row({ protocol: 'udp', remoteAddress: '0.0.0.0', remotePort: 0 }),
      row({ family: 6, localAddress: '::', localPort: 0, remoteAddress: '::', remotePort: 65535 }),
      row({ family: 6, localAddress: 'fe80::1%eth0', remoteAddress: '2001:db8:85a3::8a2e:370:7334', localPort: 9 }),
      row({ family: 6, localAddress: 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', remoteAddress: '*' }),
      row({ protocol: 'raw', localPort: 10, remotePort: 100 }),
    ];
    for (const c of rows) expect(connectionKeyText(c)).toBe(connectionKey(c));
  });

  it('gives the same text as connectionKey() for any fields, including those it leaves to the template', () => {
    const address = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    const port = fc.oneof(
      fc.integer({ min: 0, max: 65535 }),
      fc.integer(),
      fc.double(),
      fc.constantFrom(-0, Number.NaN, 1e21),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Protocol>('tcp', 'udp', 'raw', 'unix'),
        fc.constantFrom(4, 6, 5, 46),
        address,
        port,
        address,
        port,
        (protocol, family, localAddress, localPort, remoteAddress, remotePort) => {
          const c = { protocol, family: family as Family, localAddress, localPort, remoteAddress, remotePort };
          expect(connectionKeyText(c)).toBe(connectionKey(c));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes each key afresh (nothing of a longer key before it is left in a shorter one)', () => {
    const long = row({ family: 6, localAddress: '2001:db8::1', remoteAddress: '2001:db8::2' });
    const short = row({ localAddress: '1.1.1.1', localPort: 1, remoteAddress: '2.2.2.2', remotePort: 2 });
    expect(connectionKeyText(long)).toBe('tcp6 2001:db8::1:5000 2001:db8::2:43210');
    expect(connectionKeyText(short)).toBe('tcp4 1.1.1.1:1 2.2.2.2:2');
  });
});
