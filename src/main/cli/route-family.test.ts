/** -r with -4 or -6: the routing table keeps that family's routes, as the help's "IPv4 only" / "IPv6 only" say. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot, type Family, type Route } from '../../shared/model';
import { parseArgs, type ShowCommand } from './args';
import { printSnapshot } from './output';

function route(family: Family, destination: string, prefixLength: number): Route {
  return { family, destination, prefixLength, gateway: null, interface: 'eth0', metric: 0, flags: 'U', table: 'main' };
}

const snapshot = emptySnapshot({
  routes: [route(4, '192.0.2.0', 24), route(6, 'fd00::', 64), route(4, '0.0.0.0', 0), route(6, '::', 0)],
});

/** What `netscope ARGV` prints for the snapshot above. */
function print(argv: string[]): string {
  const out: string[] = [];
  const command = parseArgs(argv) as ShowCommand;
  printSnapshot(snapshot, { ...command, repeating: false, out: (t) => out.push(t), err: () => undefined });
  return out.join('\n');
}

describe('-r with -4 / -6', () => {
  it('-6 lists the IPv6 routes only, -4 the IPv4 ones, in table, CSV and JSON', () => {
    const six = print(['-rn', '-6']);
    expect(six).toContain('fd00::/64');
    expect(six).toContain('::/0');
    expect(six).not.toContain('192.0.2.0/24');
    expect(six).not.toContain('0.0.0.0/0');
    const four = print(['-r', '-4', '--csv']);
    expect(four).toContain('192.0.2.0/24');
    expect(four).toContain('0.0.0.0/0');
    expect(four).not.toContain('fd00::');
    const json = JSON.parse(print(['-r', '-6', '--json'])) as { routes: Route[] };
    expect(json.routes.map((r) => r.destination)).toEqual(['fd00::', '::']);
  });

  it('without -4 or -6 (or with both) every route is listed', () => {
    for (const argv of [['-rn'], ['-r', '-4', '-6']]) {
      const text = print(argv);
      for (const shown of ['192.0.2.0/24', 'fd00::/64', '0.0.0.0/0', '::/0'])
        expect(text, argv.join(' ')).toContain(shown);
    }
  });

  it('import takes -4 / -6 for its routes too', () => {
    expect(parseArgs(['import', 'routes.txt', '-r', '-6'])).toMatchObject({ views: ['routes'], families: [6] });
  });

  it("a route without a table or metric shows '-' in the table (awk keeps its fields) and an empty CSV cell", () => {
    const nullEntry: Route = { ...route(6, '::', 0), table: null, metric: null, gateway: null };
    const out: string[] = [];
    const command = parseArgs(['-rn']) as ShowCommand;
    const routes = [route(4, '192.0.2.0', 24), nullEntry];
    printSnapshot(emptySnapshot({ routes }), {
      ...command,
      repeating: false,
      out: (t) => out.push(t),
      err: () => undefined,
    });
    const rows = out
      .join('\n')
      .split('\n')
      .filter((l) => /\/\d+\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows.map((l) => l.trim().split(/\s+/).length)).toEqual([6, 6]);
    const csv: string[] = [];
    printSnapshot(emptySnapshot({ routes: [nullEntry] }), {
      ...(parseArgs(['-rn', '--csv']) as ShowCommand),
      repeating: false,
      out: (t) => csv.push(t),
      err: () => undefined,
    });
    expect(csv.join('\n')).toContain('::/0,on-link,eth0,,U,');
  });
});
