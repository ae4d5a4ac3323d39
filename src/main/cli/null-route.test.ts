/**
 * The kernel's IPv6 null entry (::/0 on lo, '!n', metric 0xffffffff in /proc/net/ipv6_route) is shown with no
 * metric in `netscope -rn`, as the Routes view shows it (shared/route-metric.ts); the default route keeps its own.
 */
import { describe, expect, it } from 'vitest';
import { emptySnapshot, type Route } from '../../shared/model';
import { parseProcNetIpv6Route } from '../parsers/linux/proc-net-route';
import { parseArgs, type ShowCommand } from './args';
import { printSnapshot } from './output';

// Lines of this machine's /proc/net/ipv6_route: the default route via fd00::1, a host route, the null entry.
const PROC = [
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0',
  '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
].join('\n');

const routes = (parseProcNetIpv6Route(PROC).data.routes ?? []) as Route[];

function print(argv: string[]): string[] {
  const out: string[] = [];
  const command = parseArgs(argv) as ShowCommand;
  printSnapshot(emptySnapshot({ routes }), {
    ...command,
    repeating: false,
    out: (t) => out.push(t),
    err: () => undefined,
  });
  return out.join('\n').split('\n');
}

describe('the null entry in netscope -rn', () => {
  it('has no metric in the table; the default route and the host route keep theirs', () => {
    const lines = print(['-rn']);
    const cells = (dest: string, iface: string): string[] | undefined =>
      lines.map((l) => l.trim().split(/\s+/)).find((c) => c[0] === dest && c[2] === iface);
    expect(cells('::/0', 'lo')).toEqual(['::/0', 'on-link', 'lo', '-', '!n', '-']);
    expect(cells('::/0', 'eth0')?.[3]).toBe('1024');
    expect(cells('::1/128', 'lo')?.[3]).toBe('0');
    expect(lines.join('\n')).not.toContain('4294967295');
  });

  it('has an empty metric in the CSV', () => {
    expect(print(['-rn', '--csv']).map((l) => l.trimEnd())).toContain('::/0,on-link,lo,,!n,');
  });
});
