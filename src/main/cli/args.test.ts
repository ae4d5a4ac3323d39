import { describe, expect, it } from 'vitest';
import { helpText, parseArgs, separateProtocolValues, UsageError, type ShowCommand, type SocketKind } from './args';

const show = (argv: string[]) => parseArgs(argv) as ShowCommand;
const kinds = (argv: string[]) =>
  show(argv)
    .sockets?.map((k: SocketKind) => `${k.protocol}${k.family === 6 ? '6' : ''}`)
    .sort() ?? null;

describe('netscope arguments', () => {
  it('defaults to the connection table of every socket, once', () => {
    expect(show([])).toMatchObject({
      kind: 'show',
      views: ['connections'],
      sockets: null,
      listeningOnly: false,
      format: 'table',
      intervalMs: null,
    });
  });

  // What each grouped form means to netstat (net-tools) and ss: -t TCP, -u UDP (both IP versions),
  // -l listening only, -a all (the default here), -n numeric (always), -p programs (always shown).
  it('takes grouped short options as netstat and ss do', () => {
    const listeningTcpUdp = { views: ['connections'], listeningOnly: true };
    expect(show(['-tulpn'])).toMatchObject(listeningTcpUdp);
    expect(kinds(['-tulpn'])).toEqual(['tcp', 'tcp6', 'udp', 'udp6']);
    expect(show(['-lntu'])).toMatchObject(listeningTcpUdp);
    expect(kinds(['-lntu'])).toEqual(['tcp', 'tcp6', 'udp', 'udp6']);
    for (const form of [['-ant'], ['-antp'], ['-tan'], ['-a', '-n', '-t']]) {
      expect(show(form), form.join(' ')).toMatchObject({ views: ['connections'], listeningOnly: false });
      expect(kinds(form), form.join(' ')).toEqual(['tcp', 'tcp6']);
    }
    expect(show(['-rn']).views).toEqual(['routes']);
    expect(show(['-nr']).views).toEqual(['routes']);
    expect(show(['-s', '-t'])).toMatchObject({ views: ['stats'], statsProtocols: ['TCP', 'TCPv6'] });
    expect(show(['-st'])).toMatchObject({ views: ['stats'], statsProtocols: ['TCP', 'TCPv6'] });
    expect(show(['-su'])).toMatchObject({ statsProtocols: ['UDP', 'UDPv6'] });
    expect(show(['-s', '-6'])).toMatchObject({ statsProtocols: ['IPv6', 'ICMPv6', 'TCPv6', 'UDPv6'] });
    expect(show(['-tunap'])).toMatchObject({ listeningOnly: false });
    expect(kinds(['-tunap'])).toEqual(['tcp', 'tcp6', 'udp', 'udp6']);
  });

  it('reads -p PROTO the Windows way and a lone -p the Linux way', () => {
    expect(kinds(['-p', 'TCP'])).toEqual(['tcp']);
    expect(kinds(['-anp', 'tcp'])).toEqual(['tcp']); // Windows: netstat -anp tcp
    expect(kinds(['-ano', '-p', 'UDPv6'])).toEqual(['udp6']);
    expect(kinds(['--proto=tcp6'])).toEqual(['tcp6']);
    expect(kinds(['-p', 'tcp', '-p', 'udp'])).toEqual(['tcp', 'udp']);
    expect(show(['-p']).sockets).toBeNull(); // netstat -p: show programs, always on
    expect(show(['-p', '5']).intervalMs).toBe(5000);
    expect(show(['-s', '-p', 'tcp']).statsProtocols).toEqual(['TCP']);
    expect(show(['-s', '-p', 'icmpv6']).statsProtocols).toEqual(['ICMPv6']);
    expect(show(['-s', '-p', 'ip', '-p', 'udp']).statsProtocols).toEqual(['IP', 'UDP']);
    expect(separateProtocolValues(['-tulpn', 'x'])).toEqual(['-tulpn', 'x']);
    expect(separateProtocolValues(['-anp', 'tcp', '5'])).toEqual(['-an', '--proto=tcp', '5']);
    expect(separateProtocolValues(['-e', '-p', 'tcp'])).toEqual(['-e', '--proto=tcp']);
  });

  it('narrows by IP version with -4 and -6', () => {
    expect(kinds(['-4'])).toEqual(['raw', 'tcp', 'udp']);
    expect(kinds(['-t', '-6'])).toEqual(['tcp6']);
    expect(kinds(['-tu4'])).toEqual(['tcp', 'udp']);
  });

  it('reads -e as interface statistics, or with socket switches as netstat -e (extended, always on)', () => {
    expect(show(['-e']).views).toEqual(['interfaces']);
    expect(show(['-e', '-s']).views).toEqual(['interfaces', 'stats']);
    expect(show(['-tulpen'])).toMatchObject({ views: ['connections'], listeningOnly: true });
    expect(show(['-i']).views).toEqual(['interfaces']);
  });

  it('maps -r -e -s -l -c -W and a trailing interval', () => {
    expect(show(['-r']).views).toEqual(['routes']);
    expect(show(['-l', '-p', 'TCP6'])).toMatchObject({ listeningOnly: true });
    expect(show(['5']).intervalMs).toBe(5000);
    expect(show(['0.2']).intervalMs).toBe(200);
    expect(show(['-c']).intervalMs).toBe(1000);
    expect(show(['-c', '3']).intervalMs).toBe(3000);
    expect(show(['-W']).wide).toBe(true);
    expect(show(['-e', '--json', '2']).format).toBe('json');
    expect(show(['--filter', 'proc:nginx']).filter).toBe('proc:nginx');
    expect(show(['--filter', '-state:time_wait']).filter).toBe('-state:time_wait');
    expect(show(['--filter=port:443']).filter).toBe('port:443');
  });

  it('rejects bad flags and values with a usage error that names them', () => {
    const bad: [string[], RegExp][] = [
      [['-q'], /unknown option '-q'/],
      [['-tulpz'], /unknown option '-z'/],
      [['--bogus'], /unknown option '--bogus'/],
      [['-p', 'icmp'], /-p icmp is for statistics/],
      [['-p', 'sctp'], /-p takes tcp, udp/],
      // Own keys only: an object's inherited names are no protocol (it listed every socket).
      [['-p', 'constructor'], /-p takes tcp, udp/],
      [['-p', 'toString'], /-p takes tcp, udp/],
      [['0.1'], /between 0.2 and 3600/],
      [['abc'], /unknown command 'abc'/],
      // After an option the word is where netstat takes its interval (`netstat -t 5`): not a command.
      [['-t', 'abc'], /^'abc' is not an interval \(a number of seconds/],
      [['-tn', '--json', 'abc'], /^'abc' is not an interval/],
      [['5', 'abc'], /^'abc' is not an interval/],
      [['--json', '--csv'], /one of --json and --csv/],
      [['--json=yes'], /--json takes no value/],
      [['5', '6'], /interval once/],
      [['--filter'], /--filter needs a value/],
      [['--filter', '--json'], /--filter needs a value/],
      [['99999'], /between/],
    ];
    for (const [argv, message] of bad) expect(() => parseArgs(argv), argv.join(' ')).toThrow(message);
    for (const [argv] of bad) expect(() => parseArgs(argv)).toThrow(UsageError);
  });

  it('says a command comes first when it follows options (it was "not an interval")', () => {
    // Each with its own usage line: import takes a FILE before its options.
    const usages = {
      serve: 'serve [options]',
      top: 'top [options]',
      import: 'import FILE [options]',
      exporter: 'exporter [options]',
      measure: 'measure [options]',
    };
    for (const [command, usage] of Object.entries(usages))
      for (const argv of [
        ['-n', command],
        ['-tn', '--json', command],
        ['5', command],
        ['--', command],
        ['-n', command, '--port', '0'],
      ])
        expect(() => parseArgs(argv), argv.join(' ')).toThrow(
          new UsageError(`'${command}' is a command: it goes first, as in netscope ${usage}`),
        );
    // A word that is no command keeps its message.
    expect(() => parseArgs(['-n', 'serves'])).toThrow(/^'serves' is not an interval/);
  });

  it('names every command the help lists when a word is no command (top and measure were missing)', () => {
    // The commands as the help's usage lines show them: `netscope WORD` with a lowercase word.
    const listed = [...helpText(null).matchAll(/^ {2}netscope ([a-z]+) /gm)].map((m) => m[1]);
    expect(listed).toEqual(expect.arrayContaining(['serve', 'top', 'import', 'exporter', 'measure']));
    expect(() => parseArgs(['abc'])).toThrow(`unknown command 'abc' (commands: ${listed.join(', ')})`);
  });

  it('parses serve with a loopback default', () => {
    expect(parseArgs(['serve'])).toMatchObject({ kind: 'serve', host: '127.0.0.1', port: 7870, allowActions: false });
    expect(parseArgs(['serve', '--port', '0', '--allow-actions'])).toMatchObject({ port: 0, allowActions: true });
    expect(parseArgs(['serve', '--synthetic', '1000:0.5', '--interval', '2'])).toMatchObject({
      synthetic: { rows: 1000, churn: 0.5 },
      intervalMs: 2000,
    });
    // Without MOVING, rows without counters: the load of every earlier figure.
    expect(parseArgs(['serve', '--synthetic', '1000'])).toMatchObject({
      synthetic: { rows: 1000, churn: 0.01, moving: null },
    });
    expect(() => parseArgs(['serve', '--port', '70000'])).toThrow(UsageError);
    expect(() => parseArgs(['serve', '--token', 'short'])).toThrow(UsageError);
    expect(() => parseArgs(['serve', '--bogus'])).toThrow(/serve: unknown option '--bogus'/);
    expect(() => parseArgs(['serve', 'extra'])).toThrow(/serve: unexpected argument 'extra'/);
  });

  it('parses serve --synthetic ROWS:CHURN:MOVING (rows with counters, MOVING of them moving), and says what it takes', () => {
    expect(parseArgs(['serve', '--synthetic', '100000:0.01:0.02'])).toMatchObject({
      synthetic: { rows: 100000, churn: 0.01, moving: 0.02 },
    });
    expect(parseArgs(['serve', '--synthetic', '10:0:1'])).toMatchObject({
      synthetic: { rows: 10, churn: 0, moving: 1 },
    });
    for (const bad of ['1000:0.01:', '1000::0.5', '1000:0.01:2', '1000:0.01:0.5:1', '1000:0.01:-0.1', '2000000:0:0']) {
      expect(() => parseArgs(['serve', '--synthetic', bad]), bad).toThrow(UsageError);
      expect(() => parseArgs(['serve', '--synthetic', bad]), bad).toThrow(
        `serve: --synthetic takes ROWS[:CHURN[:MOVING]] (up to 1000000 rows; CHURN and MOVING fractions from 0 to 1), e.g. 100000:0.01, or 100000:0.01:0.01 for rows with counters, 1% of them moving; got '${bad}'`,
      );
    }
  });

  it('parses import with a file, views and the same selection switches', () => {
    expect(parseArgs(['import', 'out.txt', '-r', '--csv'])).toMatchObject({
      kind: 'import',
      file: 'out.txt',
      views: ['routes'],
      format: 'csv',
    });
    expect(parseArgs(['import', '-tulpn', 'out.txt'])).toMatchObject({ file: 'out.txt', listeningOnly: true });
    expect(parseArgs(['import', '-p', 'tcp', 'out.txt', '--max-size', '2G'])).toMatchObject({
      file: 'out.txt',
      sockets: [{ protocol: 'tcp', family: 4 }],
      maxBytes: 2 ** 31,
    });
    expect(() => parseArgs(['import'])).toThrow(/needs a FILE/);
    expect(() => parseArgs(['import', 'a', 'b'])).toThrow(UsageError);
    expect(() => parseArgs(['import', 'a', '--max-size', 'lots'])).toThrow(/--max-size takes a size/);
  });

  it('parses measure', () => {
    expect(parseArgs(['measure', '--warm', '2', '--idle', '1', '--pids-file', '/tmp/p'])).toEqual({
      kind: 'measure',
      warm: 2,
      idleSeconds: 1,
      pidsFile: '/tmp/p',
    });
    expect(() => parseArgs(['measure', '--warm', 'x'])).toThrow(UsageError);
  });

  it('answers help and version, for the whole and for one command', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help', topic: null });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help', topic: null });
    expect(parseArgs(['/?'])).toEqual({ kind: 'help', topic: null });
    expect(parseArgs(['serve', '--help'])).toEqual({ kind: 'help', topic: 'serve' });
    expect(parseArgs(['import', '-h'])).toEqual({ kind: 'help', topic: 'import' });
    expect(parseArgs(['-V']).kind).toBe('version');
  });
});

describe('--help', () => {
  const text = helpText(null);

  it('lists every flag the parsers take, from the same tables', () => {
    for (const flag of [
      '-t, --tcp',
      '-u, --udp',
      '-l, --listening',
      '--proto PROTO',
      '-r, --route',
      '-s, --statistics',
    ]) {
      expect(text).toContain(flag);
    }
    for (const flag of [
      '--token-file PATH',
      '--max-clients N',
      '--metrics-top N',
      '--top N',
      '--max-size SIZE',
      '--warm N',
    ]) {
      expect(text).toContain(flag);
    }
    // Refused flags are not advertised.
    expect(text).not.toMatch(/--token TOKEN|--metrics-token TOKEN/);
  });

  it('says how switches group, once, and keeps its lines short', () => {
    expect(text).toContain('-tulpn');
    expect(text.match(/Usage:/g)).toHaveLength(1);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(120);
  });

  it('shows one command alone when asked', () => {
    const serve = helpText('serve');
    expect(serve).toContain('--allow-actions');
    expect(serve).not.toContain('--max-size');
  });
});
