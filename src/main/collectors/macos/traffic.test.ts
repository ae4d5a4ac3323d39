/**
 * nettop's traffic through the macOS connections collector, with a scripted
 * command runner as the other macOS collector tests use. The outputs are
 * written from the tools' documented formats (lsof -F, netstat -anv, nettop
 * -L 1 -x CSV): there is no Mac here to record them on.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { describeSocketEngine, socketEngineOf, trafficAbsentReason } from '../../../shared/traffic';
import { collectSnapshot } from '../../engine/collect';
import { nettopArgs } from '../../parsers/macos/nettop';
import { CommandError, type CommandOutput, type CommandRunner, type RunOptions } from '../run-command';
import { createMacosCollectors } from './index';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const ctx = { signal: new AbortController().signal };
const LSOF = 'lsof -nP -iTCP -iUDP -Tqs -F pcuLfnPtT';
const NETTOP = ['nettop', ...nettopArgs()].join(' ');

type Answer = string | Error | Promise<string>;

/** Answers each command from a queue (the last answer repeats); records the calls and the options they got. */
function scripted(answers: Record<string, Answer[]>, calls: Array<{ key: string; options?: RunOptions }> = []) {
  const run: CommandRunner = async (cmd, args, options): Promise<CommandOutput> => {
    const key = [cmd, ...args].join(' ');
    calls.push({ key, options });
    const queue = answers[key];
    if (queue === undefined) throw new CommandError(`${cmd} was not found`, null, new Uint8Array(), new Uint8Array());
    const answer = (queue.length > 1 ? queue.shift() : queue[0]) as Answer;
    const text = await answer;
    if (text instanceof Error) throw text;
    return { stdout: enc(text), stderr: new Uint8Array(), code: 0 };
  };
  return { run, calls, nettopCalls: () => calls.filter((c) => c.key === NETTOP) };
}

/** A nettop that answers only when told to; abort() fails it as runCommand fails an aborted command. */
function deferred() {
  let settle: { answer: (text: string) => void; fail: (error: Error) => void } | null = null;
  const promise = new Promise<string>((resolve, reject) => {
    settle = { answer: resolve, fail: reject };
  });
  const answer = (text: string): void => settle?.answer(text);
  const abortOn = (signal: AbortSignal | undefined): void =>
    signal?.addEventListener('abort', () =>
      settle?.fail(new CommandError('nettop: aborted', null, new Uint8Array(), new Uint8Array())),
    );
  return { promise, answer, abortOn };
}

const lsofOut = (...lines: string[]): string => `${lines.join('\n')}\n`;

// Safari: an IPv4 connection both list, a UDP DNS socket, and one connection nettop has not listed yet.
// sshd: IPv6 link-local with a zone. node: a dual-stack listener and the IPv4 connection it accepted.
const LSOF_OUT = lsofOut(
  'p812\ncSafari\nu501\nLalice',
  'f30\ntIPv4\nPTCP\nn192.168.1.20:52011->17.253.144.10:443\nTST=ESTABLISHED',
  'f31\ntIPv4\nPUDP\nn192.168.1.20:61000->1.1.1.1:53',
  'f32\ntIPv4\nPTCP\nn192.168.1.20:52099->17.253.144.10:443\nTST=ESTABLISHED',
  'p333\ncsshd\nu0\nLroot',
  'f5\ntIPv6\nPTCP\nn[fe80::1%en0]:22->[fe80::aede:48ff:fe00:1122%en0]:50000\nTST=ESTABLISHED',
  'p77\ncnode\nu501\nLalice',
  'f20\ntIPv6\nPTCP\nn*:5000\nTST=LISTEN',
  'f21\ntIPv6\nPTCP\nn127.0.0.1:5000->127.0.0.1:61001\nTST=ESTABLISHED',
);

const HEADER = 'time,,bytes_in,bytes_out,re-tx,rtt_avg,interface,state,';
function nettopOut(safariIn = 52340, safariOut = 7731): string {
  return [
    HEADER,
    `17:20:01.100000,Safari.812,${safariIn + 300},${safariOut + 120},120,,,,`,
    `17:20:01.100100,tcp4 192.168.1.20:52011<->17.253.144.10:443,${safariIn},${safariOut},120,23.44 ms,en0,Established,`,
    '17:20:01.100200,udp4 192.168.1.20:61000<->1.1.1.1:53,300,120,0,,en0,,',
    '17:20:01.200000,sshd.333,9000,4000,0,,,,',
    '17:20:01.200100,tcp6 fe80::1%en0.22<->fe80::aede:48ff:fe00:1122%en0.50000,9000,4000,0,1.25 ms,en0,Established,',
    '17:20:01.300000,node.77,1000,2000,0,,,,',
    '17:20:01.300100,tcp46 *:5000<->*:*,0,0,0,,lo0,Listen,',
    '17:20:01.300200,tcp46 127.0.0.1:5000<->127.0.0.1:61001,1000,2000,0,0.05 ms,lo0,Established,',
    // Another user's process: nettop lists it, lsof (not root) does not.
    '17:20:01.400000,postgres.901,555,666,0,,,,',
    '17:20:01.400100,tcp4 10.0.0.9:5432<->10.0.0.3:49152,555,666,0,0.3 ms,en0,Established,',
    '',
  ].join('\n');
}

const byLocal = (rows: Connection[], protocol: string, port: number): Connection | undefined =>
  rows.find((c) => c.protocol === protocol && c.localPort === port && c.state !== 'LISTEN');

function clock() {
  const state = { t: 1_000 };
  return { state, now: () => state.t };
}

const QUICK = { waitMs: 5, firstWaitMs: 5, timeoutMs: 10_000, retryAfterMs: 30_000 };

describe('macOS traffic from nettop, through the connections collector', () => {
  it('joins nettop rows to lsof sockets (IPv4, IPv6 with zone, tcp46, UDP) and leaves the rest empty', async () => {
    const { run, calls } = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [nettopOut()] });
    const collectors = createMacosCollectors({ run, isRoot: () => true, nettop: { ...QUICK, now: clock().now } });
    const { data, warnings, engine } = await collectors.connections.collect(ctx);

    expect(data).toHaveLength(6);
    expect(byLocal(data, 'tcp', 52011)?.traffic).toEqual({
      bytesSent: 7731,
      bytesReceived: 52340,
      segmentsSent: null,
      segmentsReceived: null,
      retransmissions: null,
      rttMs: 23.44,
      rttVarianceMs: null,
      sendRate: null,
      receiveRate: null,
      segmentSendRate: null,
      segmentReceiveRate: null,
      retransmissionRate: null,
    });
    expect(byLocal(data, 'udp', 61000)?.traffic).toMatchObject({ bytesSent: 120, bytesReceived: 300, rttMs: null });
    expect(byLocal(data, 'tcp', 22)?.traffic).toMatchObject({ bytesSent: 4000, bytesReceived: 9000, rttMs: 1.25 });
    // The IPv4 connection a dual-stack listener accepted: tcp46 in nettop, an IPv6 file in lsof.
    expect(byLocal(data, 'tcp', 5000)).toMatchObject({ family: 6, pid: 77 });
    expect(byLocal(data, 'tcp', 5000)?.traffic).toMatchObject({ bytesSent: 2000, bytesReceived: 1000 });
    // The listener, and the connection lsof lists but nettop did not: no counters (empty, not 0).
    expect(data.find((c) => c.state === 'LISTEN')?.traffic).toBeUndefined();
    expect(byLocal(data, 'tcp', 52099)?.traffic).toBeUndefined();
    // postgres' connection (nettop only) adds no row.
    expect(data.some((c) => c.localPort === 5432)).toBe(false);

    expect(engine).toEqual({
      name: 'lsof+nettop',
      requested: null,
      fallbackReason: null,
      traffic: true,
      trafficNote: null,
    });
    expect(warnings).toEqual([]);
    expect(calls.map((c) => c.key)).toEqual([NETTOP, LSOF]);
    expect(calls[0]?.options?.timeoutMs).toBe(10_000);
  });

  it('computes rates between two nettop samples, on the samples’ clock; segments stay without a rate', async () => {
    const time = clock();
    const { run } = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [nettopOut(), nettopOut(62_340, 9_731)] });
    const collectors = createMacosCollectors({ run, isRoot: () => true, nettop: { ...QUICK, now: time.now } });
    await collectors.connections.collect(ctx);
    time.state.t += 2_000;
    const { data } = await collectors.connections.collect(ctx);
    expect(byLocal(data, 'tcp', 52011)?.traffic).toMatchObject({
      bytesReceived: 62_340,
      receiveRate: 5_000,
      sendRate: 1_000,
      segmentSendRate: null,
      segmentReceiveRate: null,
      retransmissionRate: null,
    });
    // Unchanged counters: a rate of 0, not empty.
    expect(byLocal(data, 'tcp', 22)?.traffic).toMatchObject({ sendRate: 0, receiveRate: 0 });
  });

  it('never waits on a slow nettop: rows come at once, one nettop at a time, its sample shown when it lands', async () => {
    const time = clock();
    let nettopSignal: AbortSignal | undefined;
    const slow = deferred();
    const slower = deferred();
    const script = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [nettopOut(), slow.promise, slower.promise] });
    const run: CommandRunner = (cmd, args, options) => {
      if (cmd === 'nettop' && script.nettopCalls().length === 1) nettopSignal = options?.signal;
      return script.run(cmd, args, options);
    };
    const collectors = createMacosCollectors({ run, isRoot: () => true, nettop: { ...QUICK, now: time.now } });
    await collectors.connections.collect(ctx); // the first sample (t = 1000)
    time.state.t += 2_000;
    const first = await collectors.connections.collect(ctx); // the second nettop hangs
    expect(first.data).toHaveLength(6);
    // The last sample again, with its counters (no made-up zero rate): nettop has not answered since.
    expect(byLocal(first.data, 'tcp', 52011)?.traffic).toMatchObject({ bytesReceived: 52340, receiveRate: null });
    expect(first.engine).toMatchObject({ name: 'lsof+nettop', traffic: true });
    const second = await collectors.connections.collect(ctx);
    expect(second.data).toHaveLength(6);
    expect(script.nettopCalls()).toHaveLength(2); // still the one in flight: no second nettop
    expect(nettopSignal?.aborted).toBe(false);

    slow.answer(nettopOut(62_340, 9_731)); // lands at t = 3000, two seconds after the first
    await new Promise((resolve) => setTimeout(resolve, 0));
    const third = await collectors.connections.collect(ctx);
    expect(byLocal(third.data, 'tcp', 52011)?.traffic).toMatchObject({ bytesReceived: 62_340, receiveRate: 5_000 });
    expect(script.nettopCalls()).toHaveLength(3); // the next run started with that refresh (and hangs in turn)
  });

  it('keeps the rows and says why the columns are empty when nettop is missing, then retries after a pause', async () => {
    const time = clock();
    const { run, nettopCalls } = scripted({ [LSOF]: [LSOF_OUT] });
    const collectors = createMacosCollectors({ run, isRoot: () => true, nettop: { ...QUICK, now: time.now } });
    const { data, warnings, engine } = await collectors.connections.collect(ctx);
    expect(data).toHaveLength(6);
    expect(data.every((c) => c.traffic === undefined)).toBe(true);
    expect(warnings).toEqual(['the traffic columns are empty: nettop failed: nettop was not found']);
    expect(engine).toEqual({
      name: 'lsof',
      requested: null,
      fallbackReason: null,
      traffic: false,
      trafficNote: 'nettop failed: nettop was not found',
    });
    await collectors.connections.collect(ctx);
    expect(nettopCalls()).toHaveLength(1); // not spawned again at every refresh
    time.state.t += 30_000;
    await collectors.connections.collect(ctx);
    expect(nettopCalls()).toHaveLength(2);
  });

  it.each([
    [
      'garbage',
      'Segmentation fault\n\x00\x01binary',
      /nettop printed no CSV sample \(2 unreadable line\(s\), e\.g\. 'Segmentation fault'\)/,
    ],
    ['nothing', '', /nettop printed nothing/],
    [
      'an error on stdout',
      'nettop: Operation not permitted\n',
      /nettop printed no CSV sample.*Operation not permitted/,
    ],
  ])('keeps the rows when nettop prints %s', async (_what, text, why) => {
    const { run } = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [text] });
    const collectors = createMacosCollectors({ run, isRoot: () => true, nettop: QUICK });
    const { data, warnings, engine } = await collectors.connections.collect(ctx);
    expect(data).toHaveLength(6);
    expect(data.every((c) => c.traffic === undefined)).toBe(true);
    expect(warnings.join('\n')).toMatch(why);
    expect(engine?.traffic).toBe(false);
    expect(engine?.trafficNote).toMatch(why);
  });

  it('warns when nettop lines cannot be read, and when none of its connections meets a listed socket', async () => {
    const shifted = nettopOut()
      .replace(/:52011</, ':1<')
      .replace(/:61000</, ':2<')
      .replace(/\.22</, '.3<');
    const odd = shifted.replace(/:5000<->127/, ':4<->127').replace('postgres.901', 'postgres.901\ngarbage');
    const { run } = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [odd] });
    const { data, warnings, engine } = await createMacosCollectors({ run, nettop: QUICK }).connections.collect(ctx);
    expect(data.every((c) => c.traffic === undefined)).toBe(true);
    expect(warnings).toEqual([
      "1 line(s) of nettop's output could not be read",
      "none of nettop's 5 connection(s) matched a listed socket: the traffic columns stay empty",
    ]);
    // nettop ran and said something: the engine still names it (the rows simply have no counters).
    expect(engine).toMatchObject({ name: 'lsof+nettop', traffic: true });
  });

  it('reports a timed-out nettop, and a first nettop that has not answered yet', async () => {
    const timedOut = new CommandError(`${NETTOP}: timed out after 10000 ms`, null, new Uint8Array(), new Uint8Array());
    const late = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [timedOut] });
    const one = await createMacosCollectors({ run: late.run, nettop: QUICK }).connections.collect(ctx);
    expect(one.data).toHaveLength(6);
    expect(one.engine?.trafficNote).toBe(`nettop failed: ${NETTOP}: timed out after 10000 ms`);

    let signal: AbortSignal | undefined;
    const hung = deferred();
    const script = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [hung.promise] });
    const run: CommandRunner = (cmd, args, options) => {
      if (cmd === 'nettop') {
        signal = options?.signal;
        hung.abortOn(signal);
      }
      return script.run(cmd, args, options);
    };
    const collectors = createMacosCollectors({ run, nettop: QUICK });
    const two = await collectors.connections.collect(ctx);
    expect(two.data).toHaveLength(6);
    expect(two.engine).toMatchObject({ traffic: false, trafficNote: expect.stringMatching(/not answered yet/) });
    expect(two.warnings.join()).toMatch(/the traffic columns are empty: nettop has not answered yet/);
    // stopChildren() (a one-shot listing's end) kills the nettop still running, at once; so does dispose().
    collectors.stopChildren?.();
    expect(signal?.aborted).toBe(true);
    await collectors.dispose?.();
  });

  it('joins to netstat -anv rows when lsof fails (tcp4 there, tcp46 in nettop), and says both', async () => {
    const netstatTcp = [
      'Active Internet connections (including servers)',
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid  state    options',
      'tcp4       0      0  127.0.0.1.5000         127.0.0.1.61001        ESTABLISHED 131072 131072     77      0 0x0102 0x00000008',
      'tcp46      0      0  *.5000                 *.*                    LISTEN      131072 131072     77      0 0x0100 0x00000006',
      '',
    ].join('\n');
    const netstatUdp = netstatTcp.split('\n').slice(0, 2).join('\n');
    const { run } = scripted({
      [LSOF]: [new CommandError('lsof: permission denied', 1, new Uint8Array(), new Uint8Array())],
      'netstat -anv -p tcp': [netstatTcp],
      'netstat -anv -p udp': [netstatUdp],
      [NETTOP]: [nettopOut()],
    });
    const { data, engine, warnings } = await createMacosCollectors({ run, nettop: QUICK }).connections.collect(ctx);
    expect(warnings).toEqual([
      'lsof failed (lsof: permission denied): sockets read from netstat, without users (process names only where nettop lists the PID)',
    ]);
    expect(data.map((c) => [c.family, c.localPort, c.state, c.traffic?.bytesSent ?? null])).toEqual([
      [4, 5000, 'ESTABLISHED', 2000],
      [6, 5000, 'LISTEN', null],
    ]);
    // netstat has the PIDs, nettop the names: both rows are node's (pid 77).
    expect(data.map((c) => [c.pid, c.processName])).toEqual([
      [77, 'node'],
      [77, 'node'],
    ]);
    expect(engine).toMatchObject({
      name: 'netstat+nettop',
      fallbackReason: 'lsof failed: lsof: permission denied',
      traffic: true,
    });
  });

  it('tells the status bar and --json where the traffic comes from, or why there is none', async () => {
    const netstat = { 'netstat -rn': [''], 'netstat -ibn': [''], 'netstat -s': [''] };
    const working = scripted({ [LSOF]: [LSOF_OUT], [NETTOP]: [nettopOut()], ...netstat });
    const snapshot = await collectSnapshot(createMacosCollectors({ run: working.run, nettop: QUICK }), {
      seq: 1,
      timeoutMs: 5_000,
    });
    const engine = socketEngineOf(snapshot);
    expect(engine && describeSocketEngine(engine)).toBe('lsof+nettop');
    expect(trafficAbsentReason(snapshot)).toBeNull();
    expect(snapshot.connections.filter((c) => c.traffic !== undefined)).toHaveLength(4);

    const missing = scripted({ [LSOF]: [LSOF_OUT], ...netstat });
    const without = await collectSnapshot(createMacosCollectors({ run: missing.run, nettop: QUICK }), {
      seq: 1,
      timeoutMs: 5_000,
    });
    expect(without.connections).toHaveLength(6);
    expect(socketEngineOf(without)?.name).toBe('lsof');
    expect(trafficAbsentReason(without)).toBe('nettop failed: nettop was not found');
  });
});
