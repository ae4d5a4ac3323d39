import { describe, expect, it } from 'vitest';
import { socketCountsText, statesByCount, statesText } from './status-text';

describe('status bar counts', () => {
  it('counts the inet sockets, and UNIX sockets apart', () => {
    const byProtocol: [string, number][] = [
      ['TCP', 90],
      ['UDP', 8],
      ['unix', 2],
    ];
    expect(socketCountsText(100, 100, byProtocol)).toBe('98 sockets · TCP 90 · UDP 8');
  });

  it('says how many of all rows the view shows when it shows fewer', () => {
    expect(socketCountsText(7, 100, [['TCP', 100]])).toBe('7 of 100 shown · TCP 100');
  });

  it('lists the states most first', () => {
    const states = statesByCount(
      new Map([
        ['LISTEN', 3],
        ['ESTABLISHED', 10],
        ['TIME_WAIT', 5],
      ]),
    );
    expect(statesText(states)).toBe('ESTABLISHED 10 · TIME_WAIT 5 · LISTEN 3');
    expect(statesText(states, ': ', '\n')).toBe('ESTABLISHED: 10\nTIME_WAIT: 5\nLISTEN: 3');
    expect(statesText([])).toBe('');
  });
});
