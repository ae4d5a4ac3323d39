/**
 * A saved `route -6n` (net-tools prints the kernel's u32 metric with %d) reads as the live /proc/net/ipv6_route does:
 * the null entry (::/0 on lo, '!n', -1) keeps 0xffffffff, so a lookup falls to it only when nothing else matches,
 * and it is shown with no metric. The text and the /proc lines are this machine's, taken together.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from '../../../shared/model';
import { lookupRoute } from '../../../shared/route-lookup';
import { shownRouteMetric } from '../../../shared/route-metric';
import { parseProcNetIpv6Route } from '../linux/proc-net-route';
import { parseLinuxRoute, routeMetric } from './route';

const ROUTE_6N = `Kernel IPv6 routing table
Destination                    Next Hop                   Flag Met Ref  Use If
fd00::/64                      ::                         U    256 3      0 eth0
fe80::/64                      ::                         U    256 4      0 eth0
::/0                           fd00::1                    UG   1024 3      0 eth0
::1/128                        ::                         Un   0   4      0 lo
ff00::/8                       ::                         U    256 3      0 eth0
::/0                           ::                         !n   -1  1      0 lo`;

const PROC = [
  'fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0',
  'fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000004 00000000 00000001     eth0',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0',
  '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo',
  'ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
].join('\n');

const saved = (parseLinuxRoute(ROUTE_6N).data.routes ?? []) as Route[];
const live = (parseProcNetIpv6Route(PROC).data.routes ?? []) as Route[];
function nullEntry(routes: Route[]): Route {
  const found = routes.find((r) => r.destination === '::' && r.interface === 'lo');
  if (!found) throw new Error('no null entry');
  return found;
}

describe("a saved route -6n's null entry", () => {
  it('has the metric /proc holds, and no metric is shown for it', () => {
    expect(saved).toHaveLength(6);
    expect(nullEntry(saved).metric).toBe(0xffffffff);
    expect(nullEntry(saved).metric).toBe(nullEntry(live).metric);
    expect(shownRouteMetric(nullEntry(saved))).toBeNull();
    expect(saved.map((r) => r.metric)).toEqual(live.map((r) => r.metric));
  });

  it('loses the lookup of an off-link address to the default route, as in the live table', () => {
    for (const routes of [saved, live]) {
      expect(lookupRoute(routes, '2001:db8::1')).toMatchObject({ gateway: 'fd00::1', interface: 'eth0' });
      expect(lookupRoute(routes, 'fd00::7')).toMatchObject({ prefixLength: 64, interface: 'eth0' });
    }
    // Without the default route, the null entry answers: the address is unreachable.
    const noDefault = saved.filter((r) => r.gateway !== 'fd00::1');
    expect(lookupRoute(noDefault, '2001:db8::1')).toBe(nullEntry(saved));
  });
});

describe('routeMetric', () => {
  it.each([
    ['0', 0],
    ['1024', 1024],
    ['-1', 0xffffffff],
    ['-2147483648', 0x80000000],
    ['-2147483649', null],
    ['-0', 0],
    ['-', null],
    ['x', null],
    [undefined, null],
  ])('%s reads %s', (token, metric) => {
    expect(routeMetric(token)).toBe(metric);
  });
});
