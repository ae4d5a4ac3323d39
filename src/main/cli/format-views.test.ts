/**
 * An import of a file with zero rows of its kind shows the view its format holds, and says so: it printed "Active
 * connections (0)" for a route -n of its header only. Inputs: the header lines of real fixtures, and the outputs
 * net-tools and iproute2 (ss 6.1, ip 6.1) printed here in an empty network namespace (`ip netns exec`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFormats, importBytes } from '../import';
import { parseArgs, type ImportCommand, type View } from './args';
import { FORMAT_VIEWS } from './format-views';
import { planImport } from './import-views';
import { printSnapshot } from './output';
import { capturePrint } from './test-helpers';
import { fixturesPath, fixturesPresent } from '../../../test/helpers/fixtures';

const command = (argv: string[] = []) => parseArgs(['import', 'saved.txt', ...argv], 'linux') as ImportCommand;

function imported(text: string) {
  const outcome = importBytes(new TextEncoder().encode(text), 'saved.txt');
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.snapshot;
}

/** What `netscope import saved.txt ARGV` prints: stdout's text and the notes. */
function run(text: string, argv: string[] = []) {
  const snapshot = imported(text);
  const cmd = command(argv);
  const plan = planImport(cmd, snapshot);
  const { options, out } = capturePrint(plan.views, { format: cmd.format });
  printSnapshot(snapshot, options);
  return { views: plan.views, out: out.join('\n'), notes: plan.notes };
}

/** The first `n` lines of a real fixture: its header, without a row. */
const headerOf = (file: string, n: number) =>
  readFileSync(fixturesPath(file), 'utf8').split('\n').slice(0, n).join('\n') + '\n';

describe('the view of each import format', () => {
  it('names every format import knows, and no other', () => {
    expect(Object.keys(FORMAT_VIEWS).sort()).toEqual(
      allFormats()
        .map((f) => f.id)
        .sort(),
    );
  });
});

describe('an import of a file with no rows', () => {
  const printed: [string, string, View][] = [
    // net-tools 2.10 here, `ip netns exec empty route -n` and `netstat -rn`.
    [
      'route -n',
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n',
      'routes',
    ],
    [
      'netstat -rn',
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n',
      'routes',
    ],
    ['ip -j route', '[]\n', 'routes'],
    [
      'netstat -i',
      'Kernel Interface table\nIface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n',
      'interfaces',
    ],
    ['ss -tan', 'State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n', 'connections'],
  ];

  it.each(printed)('%s shows its own empty table and says the file has no rows', (_what, text, view) => {
    const { views, out, notes } = run(text);
    expect(views).toEqual([view]);
    const titles: Record<View, RegExp> = {
      connections: /^Active connections \(0\)/,
      routes: /^Routing table\n\nDestination/,
      interfaces: /^Interface statistics\n\nInterface/,
      stats: /^Protocol statistics/,
      unix: /^Active UNIX domain sockets/,
    };
    expect(out).toMatch(titles[view]);
    if (view !== 'connections') expect(out).not.toMatch(/Active connections/);
    const names = { connections: 'connections', routes: 'routes', interfaces: 'interface statistics' } as const;
    expect(notes).toEqual([`note: the file has no rows: it holds no ${names[view as keyof typeof names]}`]);
  });

  it('writes the empty routing table as route CSV and JSON, and names what a socket switch asked for', () => {
    const routeN = printed[0]?.[1] ?? '';
    expect(run(routeN, ['--csv']).out.split('\r\n')[0]).toMatch(/^Destination,Gateway/);
    expect(JSON.parse(run(routeN, ['--json']).out)).toMatchObject({ routes: [] });
    const asked = run(routeN, ['-t']);
    expect(asked.views).toEqual(['connections']);
    expect(asked.notes).toEqual(['note: the file has no rows: it holds no connections or routes']);
  });

  const present = fixturesPresent('', 'empty imports from real fixtures');
  it.skipIf(!present).each([
    ['linux/route--jc--1.txt', 2, 'routes'],
    ['linux/proc-net-route--jc--1.txt', 1, 'routes'],
    ['macos/netstat-rn--unknown-mac-route-manager-app--1.txt', 2, 'routes'],
    ['linux/netstat-i--jc--1.txt', 2, 'interfaces'],
    ['linux/proc-net-dev--jc--1.txt', 2, 'interfaces'],
    ['macos/netstat-ibn--gopsutil--1.txt', 1, 'interfaces'],
    ['linux/ss-ant--salt--1.txt', 1, 'connections'],
  ])('%s: its first %i lines alone show its %s view', (file, lines, view) => {
    const { views, notes } = run(headerOf(file, lines));
    expect(views).toEqual([view]);
    expect(notes.join('\n')).toMatch(/the file has no rows/);
  });

  it('a file with rows says nothing of the kind', () => {
    const { notes } = run(
      'Kernel IP routing table\nDestination Gateway Genmask Flags Metric Ref Use Iface\n' +
        '0.0.0.0 10.0.0.1 0.0.0.0 UG 100 0 0 eth0\n',
    );
    expect(notes).toEqual([]);
  });
});
