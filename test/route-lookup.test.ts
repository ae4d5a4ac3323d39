/**
 * The route lookup (src/shared/route-lookup.ts) over the routes the Linux
 * collector reads, against the kernel's own answer (`ip route get`), for a set
 * of addresses: on this machine's tables, and in a private network namespace
 * (unshare -n) given IPv4 and IPv6 routes of every kind on a veth pair. The
 * namespace vanishes with its shell; no packet is sent (`ip route get` only
 * asks the kernel).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Route } from '../src/shared/model';
import { activeDefaultRoutes, isDefaultRoute, isRejectRoute, lookupRoute } from '../src/shared/route-lookup';
import { resolveLinuxOptions } from '../src/main/collectors/linux/proc-fs';
import { createRoutesCollector } from '../src/main/collectors/linux/routes';
import { createLane } from '../src/main/collectors/linux/worker-lane';

const io = createLane({ workerFile: null, watchdogMs: 5000, operationsPerYield: 1000, name: 'test' });
const signal = new AbortController().signal;
const hasIp = process.platform === 'linux' && spawnSync('ip', ['-V']).status === 0;
const canUnshare = hasIp && spawnSync('unshare', ['-n', 'true']).status === 0;
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function collectRoutes(procRoot: string): Promise<Route[]> {
  const collector = createRoutesCollector(resolveLinuxOptions({ procRoot, sysRoot: '/sys' }), io);
  return (await collector.collect({ signal })).data;
}

/** `ip route get`'s answer reduced to what the lookup must agree with. */
interface KernelAnswer {
  type: string;
  via: string | null;
  dev: string | null;
  /** The RTNETLINK error text when the kernel refused ("Network is unreachable", ...). */
  error: string | null;
}

const TYPE_WORDS = new Set(['local', 'broadcast', 'multicast', 'anycast', 'unreachable', 'prohibit', 'blackhole']);

export function parseRouteGet(output: string): KernelAnswer {
  const error = /RTNETLINK answers: (.+)/.exec(output)?.[1]?.trim() ?? null;
  if (error) return { type: 'error', via: null, dev: null, error };
  const tokens = output.trim().split(/\s+/);
  const type = TYPE_WORDS.has(tokens[0] ?? '') ? (tokens[0] as string) : 'unicast';
  const after = (word: string): string | null => {
    const i = tokens.indexOf(word);
    return i >= 0 ? (tokens[i + 1] ?? null) : null;
  };
  return { type, via: after('via'), dev: after('dev'), error: null };
}

/** The kernel's error for each reject type (as `ip route get` prints it). */
const REJECT_ERRORS: Record<string, string[]> = {
  unreachable: ['No route to host'],
  blackhole: ['Invalid argument'],
  prohibit: ['Permission denied'],
  // /proc/net/ipv6_route flags all of them alike.
  reject: ['No route to host', 'Invalid argument', 'Permission denied'],
};

/** Checks the lookup against the kernel for each address; returns the mismatches in words (none expected). */
function compare(routes: readonly Route[], answers: ReadonlyMap<string, KernelAnswer>): string[] {
  const wrong: string[] = [];
  for (const [address, kernel] of answers) {
    const ours = lookupRoute(routes, address);
    const say = (why: string): void => {
      wrong.push(`${address}: ${why}; kernel ${JSON.stringify(kernel)}, ours ${JSON.stringify(ours)}`);
    };
    const nullEntry = ours !== null && ours.prefixLength === 0 && ours.metric === 0xffffffff;
    if (ours === null || nullEntry) {
      if (kernel.error !== 'Network is unreachable') say('no route on our side');
      continue;
    }
    if (isRejectRoute(ours)) {
      const expected = REJECT_ERRORS[ours.type ?? 'reject'] ?? REJECT_ERRORS.reject ?? [];
      if (!expected.includes(kernel.error ?? '')) say('reject route on our side');
      continue;
    }
    const type = ours.type ?? 'unicast';
    if (kernel.type !== type) {
      say('type differs');
      continue;
    }
    // A local address is reached through lo whatever its table entry's device; only the type says it.
    if (type === 'local') continue;
    if ((ours.gateway ?? null) !== kernel.via) say('gateway differs');
    // Routes tied on prefix and metric (fe80::/64 on two links) are the kernel's pick: any of them is right.
    const tied = routes.filter(
      (r) =>
        r.family === ours.family &&
        r.table === ours.table &&
        r.destination === ours.destination &&
        r.prefixLength === ours.prefixLength &&
        r.metric === ours.metric,
    );
    if (!tied.some((r) => r.interface === kernel.dev)) say('device differs');
  }
  return wrong;
}

/** Runs `ip route get` for each address in the current namespace. */
function askKernel(addresses: readonly string[]): Map<string, KernelAnswer> {
  const out = new Map<string, KernelAnswer>();
  for (const a of addresses) {
    const r = spawnSync('ip', ['route', 'get', a], { encoding: 'utf8' });
    out.set(a, parseRouteGet(`${r.stdout}${r.stderr}`));
  }
  return out;
}

describe('parseRouteGet', () => {
  it('reads the answers ip prints', () => {
    expect(parseRouteGet('2001:db8::1 from :: via fd00::1 dev eth0 src fd00::2 metric 1024 pref medium\n')).toEqual({
      type: 'unicast',
      via: 'fd00::1',
      dev: 'eth0',
      error: null,
    });
    expect(parseRouteGet('local 127.0.0.9 dev lo src 127.0.0.1 uid 0\n    cache <local>\n').type).toBe('local');
    expect(parseRouteGet('RTNETLINK answers: No route to host\n').error).toBe('No route to host');
  });
});

describe.skipIf(!hasIp)("route lookup against `ip route get` on this machine's tables", () => {
  it('agrees for loopback, own, on-link, routed and unrouted addresses of both families', async () => {
    const routes = await collectRoutes('/proc');
    const addresses = new Set(['127.0.0.1', '127.0.0.9', '8.8.8.8', '192.0.2.77', '::1', '2001:db8::1', 'fe80::1']);
    // One address inside each route's prefix (its first host), so every table entry is exercised.
    for (const r of routes) {
      if (r.prefixLength === 0 || r.type === 'multicast') continue;
      addresses.add(r.destination);
    }
    expect(compare(routes, askKernel([...addresses]))).toEqual([]);
  });
});

/** The namespace's setup: a veth pair, both families, every route kind, two defaults per family. */
const NAMESPACE_SETUP = `
set -e
ip link set lo up
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 10.9.0.2/24 dev v0
ip -6 addr add fd10::2/64 dev v0 nodad
ip route add default via 10.9.0.1 metric 100
ip route add default via 10.9.0.5 metric 50
ip route add 10.20.0.0/16 via 10.9.0.3 metric 50
ip route add 10.20.0.0/16 via 10.9.0.4 metric 10
ip route add 10.20.30.0/24 via 10.9.0.6
ip route add unreachable 10.30.0.0/16
ip route add blackhole 10.31.0.0/16
ip route add prohibit 10.32.0.0/16
ip -6 route add default via fd10::1 metric 1024
ip -6 route add default via fd10::9 metric 2048
ip -6 route add 2001:db8:1::/48 via fd10::3
ip -6 route add 2001:db8:1:2::/64 via fd10::4 metric 10
ip -6 route add unreachable 2001:db8:dead::/48
ip -6 route add blackhole 2001:db8:beef::/48
ip -6 route add prohibit 2001:db8:f00d::/48
mkdir -p "$OUT/proc/net"
for f in route ipv6_route fib_trie; do cat /proc/net/$f > "$OUT/proc/net/$f"; done
for a in $ADDRESSES; do echo "== $a"; ip route get $a 2>&1 || true; done
`;

const NAMESPACE_ADDRESSES = [
  '10.9.0.7',
  '10.9.0.2',
  '10.9.0.255',
  '10.20.1.1',
  '10.20.30.40',
  '10.30.1.1',
  '10.31.1.1',
  '10.32.1.1',
  '8.8.8.8',
  '127.0.0.9',
  '127.255.255.255',
  '2001:db8::1',
  '2001:db8:1::5',
  '2001:db8:1:2::5',
  '2001:db8:dead::1',
  '2001:db8:beef::1',
  '2001:db8:f00d::1',
  'fd10::2',
  'fd10::77',
  '::1',
  'ff02::1',
  'fe80::1',
];

describe.skipIf(!canUnshare)('route lookup against `ip route get` in a private network namespace', () => {
  it('agrees for every route kind, and the unreachable entries are neither defaults nor preferred', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'netscope-routes-'));
    scratch.push(out);
    const text = execFileSync('unshare', ['-n', 'sh', '-c', NAMESPACE_SETUP], {
      encoding: 'utf8',
      env: { ...process.env, OUT: out, ADDRESSES: NAMESPACE_ADDRESSES.join(' ') },
    });
    const answers = new Map<string, KernelAnswer>();
    for (const block of text.split('== ').slice(1)) {
      const [address = '', ...rest] = block.split('\n');
      answers.set(address.trim(), parseRouteGet(rest.join('\n')));
    }
    expect([...answers.keys()]).toEqual(NAMESPACE_ADDRESSES);
    const routes = await collectRoutes(path.join(out, 'proc'));
    expect(compare(routes, answers)).toEqual([]);

    // The kernel's unreachable entries: metric read unsigned, typed, never a default.
    const nullEntries = routes.filter((r) => r.family === 6 && r.prefixLength === 0 && r.interface === 'lo');
    expect(nullEntries.length).toBeGreaterThan(0);
    for (const r of nullEntries) expect(r).toMatchObject({ metric: 0xffffffff, type: 'unreachable' });
    // One default per family is in use, and the unreachable entries are no default at all.
    expect(nullEntries.some(isDefaultRoute)).toBe(false);
    expect(activeDefaultRoutes(routes).get(6)).toMatchObject({ gateway: 'fd10::1', metric: 1024 });
    expect(activeDefaultRoutes(routes).get(4)).toMatchObject({ gateway: '10.9.0.5', metric: 50 });
    expect(lookupRoute(routes, '2001:db8::1')).toMatchObject({ gateway: 'fd10::1', interface: 'v0', metric: 1024 });
    // IPv4 reject routes carry the type the trie names.
    expect(lookupRoute(routes, '10.31.1.1')?.type).toBe('blackhole');
    expect(lookupRoute(routes, '10.9.0.255')).toMatchObject({ type: 'broadcast', table: 'local', interface: 'v0' });
  });
});
