/**
 * encodeColumnsInSteps (the server encodes a joining page's snapshot in slices): the message is the same as the
 * encoder's in one go, whatever the number of steps, with rows read in several chunks (odd rows in each of them:
 * extra fields, missing fields, text that is not ASCII), and it does yield between them.
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from './model';
import { encodeColumns, encodeColumnsInSteps } from './wire-columns';
import { decodeColumns } from './wire-columns-decode';

const ROWS = 40_000;

function rows(): Connection[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const c = blankConnection({
      id: `c${i}`,
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 1 + (i % 60_000),
      remoteAddress: `10.1.${(i >> 8) & 255}.${i & 255}`,
      remotePort: 443,
      state: i % 3 === 0 ? 'TIME_WAIT' : 'ESTABLISHED',
      pid: i % 7 === 0 ? null : 100 + (i % 500),
      processName: i % 7 === 0 ? null : `wörker-${i % 500}`,
    });
    // Odd rows in the first, a middle and the last chunk of rows.
    if (i === 3 || i === 20_000 || i === ROWS - 2) return { ...c, extra: { at: i } } as Connection;
    if (i === 17_000) {
      const { user: _user, ...lacking } = c;
      return lacking as Connection;
    }
    return c;
  });
}

describe('encodeColumnsInSteps', () => {
  it('gives the one-go message, after reading the rows in several steps', () => {
    const input = rows();
    const envelope = { seq: 4, note: 'ü' };
    const steps = encodeColumnsInSteps(input, envelope);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    // 17 arrays made 4 a step, three chunks of rows, one step per column at least.
    expect(yields).toBeGreaterThan(17 + 3);
    expect(step.value).toEqual(encodeColumns(input, envelope));
    const decoded = decodeColumns(step.value);
    expect(decoded.envelope).toEqual(envelope);
    expect(decoded.rows).toEqual(input);
  });
});
