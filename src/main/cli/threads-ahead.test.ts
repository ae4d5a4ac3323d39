/** Which commands start their Linux reading threads ahead (threads-ahead.ts), from real command lines. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { threadsAhead } from './threads-ahead';

const ahead = (argv: string[], platform: NodeJS.Platform = 'linux'): number => threadsAhead(parseArgs(argv), platform);

describe('threadsAhead', () => {
  it('both lanes where the collectors run as in the app', () => {
    expect(ahead(['measure'])).toBe(2);
    expect(ahead(['serve'])).toBe(2);
    expect(ahead(['-tan', '1'])).toBe(2);
    expect(threadsAhead('top', 'linux')).toBe(2);
  });

  it("the owner scan's thread alone for a one-shot socket listing", () => {
    expect(ahead(['-tanp'])).toBe(1);
    expect(ahead(['-x'])).toBe(1);
  });

  it('none where no thread starts at once: routes, statistics, synthetic rows, the exporter, help; none off Linux', () => {
    expect(ahead(['exporter'])).toBe(0);
    expect(ahead(['-r'])).toBe(0);
    expect(ahead(['-s'])).toBe(0);
    expect(ahead(['serve', '--synthetic', '1000:0.5'])).toBe(0);
    expect(ahead(['--help'])).toBe(0);
    expect(ahead(['measure'], 'darwin')).toBe(0);
    expect(threadsAhead('top', 'win32')).toBe(0);
  });
});
