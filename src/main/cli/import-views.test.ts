/**
 * `netscope import FILE` without a view switch shows what the file holds (review s28: a route print, a netstat -s
 * or a /proc/net/dev file printed "Active connections (0)" and its --json left the data out). Real fixtures.
 */
import { describe, expect, it } from 'vitest';
import { importFile } from '../import';
import { parseArgs, type ImportCommand } from './args';
import { planImport, viewsOfImport } from './import-views';
import { printSnapshot } from './output';
import { capturePrint } from './test-helpers';
import { fixturesPath, fixturesPresent } from '../../../test/helpers/fixtures';
import { jsonForViews } from './views';

const present = fixturesPresent('', 'import view choice on real fixtures');

async function imported(file: string) {
  const outcome = await importFile(fixturesPath(file));
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.snapshot;
}

const command = (argv: string[]) => parseArgs(['import', 'saved.txt', ...argv], 'linux') as ImportCommand;

describe.skipIf(!present)('import without a view switch', () => {
  it.each([
    ['windows/route-print--jc--1.txt', ['routes'], 'routes'],
    ['linux/route--jc--1.txt', ['routes'], 'routes'],
    ['linux/netstat-s--insights-core--1.txt', ['stats'], 'protocolStats'],
    ['linux/proc-net-dev--jc--1.txt', ['interfaces'], 'interfaces'],
    ['linux/netstat-i--jc--1.txt', ['interfaces'], 'interfaces'],
    ['windows/netstat-e--unknown-rekha-netstat-notes--1.txt', ['interfaces'], 'interfaces'],
    ['windows/netstat-e-s--net-process--1.txt', ['interfaces', 'stats'], 'protocolStats'],
  ])('%s shows %j, and --json carries %s', async (file, views, key) => {
    const snapshot = await imported(file);
    expect(viewsOfImport(command([]), snapshot)).toEqual(views);
    const json = jsonForViews(snapshot, viewsOfImport(command(['--json']), snapshot), []) as Record<string, unknown>;
    expect(json).toHaveProperty(key);
    expect(json).not.toHaveProperty('connections');
  });

  it('prints the routes of a route print, not an empty connection table', async () => {
    const snapshot = await imported('windows/route-print--jc--1.txt');
    const { options, out } = capturePrint(planImport(command([]), snapshot).views);
    printSnapshot(snapshot, options);
    expect(out.join('\n')).toMatch(/^Routing table/);
    expect(out.join('\n')).not.toMatch(/Active connections/);
  });

  it('a Windows netstat -ano with -a has no UNIX view (the file’s platform, not this machine’s)', async () => {
    const snapshot = await imported('windows/netstat-ano--jc--1.txt');
    expect(viewsOfImport(command(['-a']), snapshot)).toEqual(['connections']);
  });

  it('a socket switch (-t, -4) on a file without sockets keeps to the sockets and says what it holds (review N)', async () => {
    const snapshot = await imported('windows/route-print--jc--1.txt');
    for (const argv of [['-t', '--csv'], ['-4'], ['-u', '--json']]) {
      const plan = planImport(command(argv), snapshot);
      expect(plan.views, argv.join(' ')).toEqual(['connections']);
      expect(plan.notes.join('\n'), argv.join(' ')).toMatch(/the file holds no connections; it holds routes/);
    }
  });

  it("the commands its notes propose keep the user's -p NAME, where the view reads it", async () => {
    // They dropped it: `-r -p icmp` on a netstat -s file proposed plain -s (every section), and `-p tcp` came back
    // as -t4, which also narrowed the routes proposed to -r4.
    const stats = await imported('linux/netstat-s--insights-core--1.txt');
    expect(planImport(command(['-r', '-p', 'icmp']), stats).notes).toEqual([
      "note: the file holds no routes; it holds protocol statistics ('netscope import saved.txt -s -p icmp')",
    ]);
    expect(planImport(command(['-p', 'tcp', '-p', 'udp6']), stats).notes.join('\n')).toContain(
      "('netscope import saved.txt -s -p tcp -p udp6')",
    );
    const routes = await imported('linux/route--jc--1.txt');
    expect(planImport(command(['-p', 'tcp']), routes).notes.join('\n')).toContain("('netscope import saved.txt -r')");
    expect(planImport(command(['-p', 'tcp', '-6']), routes).notes.join('\n')).toContain(
      "('netscope import saved.txt -r6')",
    );
    // The connections take only their own names: `-s -p icmp` proposes them without it.
    const sockets = await imported('linux/netstat-aeep--jc--1.txt');
    expect(planImport(command(['-s', '-p', 'icmp']), sockets).notes.join('\n')).toContain(
      "holds connections ('netscope import saved.txt'), UNIX domain sockets ('netscope import saved.txt -x')",
    );
    expect(planImport(command(['-r', '-p', 'udp', '-l']), sockets).notes.join('\n')).toContain(
      "holds connections ('netscope import saved.txt -l -p udp')",
    );
  });

  it('a view asked for that the file does not hold says which switch shows what it holds', async () => {
    const snapshot = await imported('windows/route-print--jc--1.txt');
    const plan = planImport(command(['-s']), snapshot);
    expect(plan.views).toEqual(['stats']);
    expect(plan.notes).toEqual([
      "note: the file holds no protocol statistics; it holds routes ('netscope import saved.txt -r')",
    ]);
  });
});

describe.skipIf(!present)('import --csv writes one table', () => {
  it('netstat -a: the connections, and a note naming the UNIX sockets left out and how to get them', async () => {
    const snapshot = await imported('linux/netstat-aeep--jc--1.txt');
    for (const argv of [['--csv'], ['-a', '--csv']]) {
      const plan = planImport(command(argv), snapshot);
      expect(plan.views).toEqual(['connections']);
      expect(plan.notes).toEqual([
        "note: the file also holds UNIX domain sockets (150), left out: a CSV is one table ('netscope import saved.txt -x --csv' writes them)",
      ]);
      const { options, out } = capturePrint(plan.views, { format: 'csv' });
      printSnapshot(snapshot, options);
      const lines = out
        .join('\n')
        .split('\r\n')
        .filter((l) => l !== '');
      expect(lines[0]).toMatch(/^Proto,Local Address/);
      expect(lines.filter((l) => l.startsWith('Type,'))).toEqual([]);
      expect(lines).toHaveLength(1 + 10);
    }
    // The note's command keeps the user's -l (review N): the listening UNIX sockets are -xl's.
    expect(planImport(command(['-l', '--csv']), snapshot).notes.join('\n')).toContain(
      "'netscope import saved.txt -xl --csv'",
    );
    // The table and JSON keep both.
    expect(planImport(command([]), snapshot).views).toEqual(['connections', 'unix']);
    expect(planImport(command(['--json']), snapshot).views).toEqual(['connections', 'unix']);
  });
});
