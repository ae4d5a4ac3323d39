/** Where the shared helper lets text wrap: addresses in the views' tables, paths in the process panel. */
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { ADDRESS_BREAKS, PATH_BREAKS, withBreaks } from './break-points';

const html = (text: string, after: RegExp): string =>
  render(<span>{withBreaks(text, after)}</span>).container.innerHTML;

describe('withBreaks', () => {
  it('breaks addresses after their colons, a CIDR after its slash, an IPv4 address nowhere', () => {
    expect(html('fd00::/64', ADDRESS_BREAKS)).toBe('<span>fd00:<wbr>:<wbr>/<wbr>64</span>');
    expect(html('SYN_RECV', ADDRESS_BREAKS)).toBe('<span>SYN_<wbr>RECV</span>');
    expect(html('192.168.1.10', ADDRESS_BREAKS)).toBe('<span>192.168.1.10</span>');
  });

  it('breaks a path after its separators and a command line after its spaces, keeping every character', () => {
    expect(html('/usr/bin/node --x', PATH_BREAKS)).toBe('<span>/<wbr>usr/<wbr>bin/<wbr>node <wbr>--x</span>');
    expect(html('C:\\Windows\\a.exe', PATH_BREAKS)).toBe('<span>C:\\<wbr>Windows\\<wbr>a.exe</span>');
    expect(html('node', PATH_BREAKS)).toBe('<span>node</span>');
  });
});
