import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../../shared/model';
import { createWindowsCollectors } from './index';
import type { CommandResult, CommandRunner, RunOptions } from './run';
import { TcpTemplateCache, TEMPLATE_REFRESH_MS } from './template-cache';

/** netstat -any as Windows prints it (the format templates.test.ts reads). */
const NETSTAT_ANY = [
  '',
  'Active Connections',
  '',
  '  Proto  Local Address          Foreign Address        State           Template',
  '',
  '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       Not Applicable',
  '  TCP    10.0.0.5:50000         10.0.0.9:443           ESTABLISHED     Internet',
  '  TCP    [fe80::1%12]:49800     [fe80::2%12]:445       ESTABLISHED     Datacenter',
  '',
].join('\r\n');

/** The same machine a minute later: 50000's template changed, a new connection 50001 appeared. */
const NETSTAT_ANY_LATER = NETSTAT_ANY.replace('ESTABLISHED     Internet', 'ESTABLISHED     Compat').replace(
  '  TCP    [fe80',
  '  TCP    10.0.0.5:50001         10.0.0.9:443           ESTABLISHED     Internet\r\n  TCP    [fe80',
);

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A runner whose netstat -any calls answer only when the test says (a slow netstat), recording each call. */
function controlledRunner() {
  const calls: { args: string; signal?: AbortSignal; answer(text: string): void; fail(error: Error): void }[] = [];
  const run: CommandRunner = (name: string, args: readonly string[], options: RunOptions = {}) =>
    new Promise<CommandResult>((resolve, reject) => {
      calls.push({
        args: [name, ...args].join(' '),
        signal: options.signal,
        answer: (text) => resolve({ code: 0, stdout: bytes(text), stderr: new Uint8Array() }),
        fail: reject,
      });
    });
  return { run, calls };
}

function fakeClock(start = 1_000_000) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

const tcp = (localPort: number, remotePort = 443, family: 4 | 6 = 4): Connection =>
  blankConnection({
    protocol: 'tcp',
    family,
    localAddress: family === 4 ? '10.0.0.5' : 'fe80::1%12',
    localPort,
    remoteAddress: family === 4 ? '10.0.0.9' : 'fe80::2%12',
    remotePort,
    state: 'ESTABLISHED',
  });

const templatesOf = (rows: readonly Connection[]) => rows.map((r) => r.template);

describe('TcpTemplateCache', () => {
  it('reads nothing while off', () => {
    const { run, calls } = controlledRunner();
    const cache = TcpTemplateCache.fromRunner(run, fakeClock().now);
    const rows = [tcp(50000)];
    expect(cache.applyTo(rows)).toEqual([]);
    expect(calls).toHaveLength(0);
    expect(cache.state).toBe('off');
    expect(rows[0]?.template).toBeUndefined();
  });

  it('reads in the background: rows get templates from the tick after the read answered, then every 60 s', async () => {
    const { run, calls } = controlledRunner();
    const clock = fakeClock();
    const cache = TcpTemplateCache.fromRunner(run, clock.now);
    expect(cache.set(true)).toBe(true);
    expect(cache.set(true)).toBe(false);

    const first = [tcp(50000), tcp(49800, 445, 6)];
    expect(cache.applyTo(first)).toEqual([]);
    expect(templatesOf(first)).toEqual([undefined, undefined]);
    expect(cache.state).toBe('first-read');
    expect(calls.map((c) => c.args)).toEqual(['netstat -any']);

    // Ticks while netstat is still running neither wait for it nor start another.
    clock.advance(TEMPLATE_REFRESH_MS * 2);
    cache.applyTo([tcp(50000)]);
    expect(calls).toHaveLength(1);

    calls[0]?.answer(NETSTAT_ANY);
    await cache.reading;
    expect(cache.state).toBe('on');
    const second = [tcp(50000), tcp(49800, 445, 6), tcp(50001)];
    expect(cache.applyTo(second)).toEqual([]);
    // 50001 was not in the read: no template until the next one.
    expect(templatesOf(second)).toEqual(['Internet', 'Datacenter', undefined]);
    // The read ended 2 minutes after it started, so the next one was due at once.
    expect(calls).toHaveLength(2);
    calls[1]?.answer(NETSTAT_ANY_LATER);
    await cache.reading;

    clock.advance(TEMPLATE_REFRESH_MS - 1);
    const third = [tcp(50000), tcp(50001)];
    cache.applyTo(third);
    expect(templatesOf(third)).toEqual(['Compat', 'Internet']);
    expect(calls).toHaveLength(2);
    clock.advance(1);
    cache.applyTo([]);
    expect(calls).toHaveLength(3);
  });

  it('aborts the read when switched off, ignores its late answer, and starts again from nothing', async () => {
    const { run, calls } = controlledRunner();
    const cache = TcpTemplateCache.fromRunner(run, fakeClock().now);
    cache.set(true);
    cache.applyTo([]);
    expect(cache.set(false)).toBe(true);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(cache.state).toBe('off');

    // Back on before the aborted netstat has ended: still one run at a time.
    cache.set(true);
    cache.applyTo([]);
    expect(calls).toHaveLength(1);
    calls[0]?.answer(NETSTAT_ANY);
    await cache.reading;
    expect(cache.state).toBe('first-read');
    const rows = [tcp(50000)];
    cache.applyTo(rows);
    expect(rows[0]?.template).toBeUndefined();
    expect(calls).toHaveLength(2);
    calls[1]?.answer(NETSTAT_ANY);
    await cache.reading;
    cache.applyTo(rows);
    expect(rows[0]?.template).toBe('Internet');
  });

  it('reports a failed read once (not every tick, nor every minute it fails the same way) and keeps the last templates', async () => {
    const { run, calls } = controlledRunner();
    const clock = fakeClock();
    const cache = TcpTemplateCache.fromRunner(run, clock.now);
    cache.set(true);
    cache.applyTo([]);
    calls[0]?.answer(NETSTAT_ANY);
    await cache.reading;

    clock.advance(TEMPLATE_REFRESH_MS);
    cache.applyTo([]);
    calls[1]?.fail(new Error('timed out after 60000 ms'));
    await cache.reading;
    const rows = [tcp(50000)];
    expect(cache.applyTo(rows)).toEqual(['TCP templates: netstat -any failed: timed out after 60000 ms']);
    expect(rows[0]?.template).toBe('Internet');
    expect(cache.applyTo([])).toEqual([]);

    clock.advance(TEMPLATE_REFRESH_MS);
    cache.applyTo([]);
    calls[2]?.fail(new Error('timed out after 60000 ms'));
    await cache.reading;
    expect(cache.applyTo([])).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it('ends the first read on a failure too (the cells stop saying "reading"), with the warning', async () => {
    const { run, calls } = controlledRunner();
    const cache = TcpTemplateCache.fromRunner(run, fakeClock().now);
    cache.set(true);
    cache.applyTo([]);
    calls[0]?.answer('  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n');
    await cache.reading;
    expect(cache.state).toBe('on');
    expect(cache.applyTo([])).toEqual(['TCP templates: netstat -any printed no Template column: templates unknown']);
  });
});

describe('the Windows connections collector with templates on', () => {
  const NETSTAT_ANO = [
    '  Proto  Local Address          Foreign Address        State           PID',
    '  TCP    10.0.0.5:50000         10.0.0.9:443           ESTABLISHED     4242',
    '  UDP    0.0.0.0:5355           *:*                                    4',
    '',
  ].join('\r\n');

  it('puts the cached templates on its TCP rows each tick and says whether they are read', async () => {
    const slow = controlledRunner();
    const run: CommandRunner = async (name, args, options) => {
      const key = [name, ...args].join(' ');
      if (key === 'netstat -ano') return { code: 0, stdout: bytes(NETSTAT_ANO), stderr: new Uint8Array() };
      if (key === 'netstat -any') return slow.run(name, args, options);
      throw new Error(`unexpected command ${key}`);
    };
    const collectors = createWindowsCollectors({
      run,
      now: fakeClock().now,
      loadIpHelper: () => Promise.reject(new Error('no IP Helper here')),
      loadProcessReader: () => Promise.reject(new Error('no reader here')),
      loadEStats: () => Promise.reject(new Error('no EStats here')),
    });
    const signal = new AbortController().signal;
    const tick = async () => (await collectors.connections.collect({ signal })).data;
    const rowTemplates = async () => (await tick()).map((c) => [c.protocol, c.template]);

    expect(collectors.tcpTemplatesState?.()).toBe('off');
    expect(await rowTemplates()).toEqual([
      ['tcp', undefined],
      ['udp', undefined],
    ]);
    expect(slow.calls).toHaveLength(0);

    expect(collectors.setTcpTemplates?.(true)).toBe(true);
    await tick();
    expect(collectors.tcpTemplatesState?.()).toBe('first-read');
    slow.calls[0]?.answer(NETSTAT_ANY);
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectors.tcpTemplatesState?.()).toBe('on');
    expect(await rowTemplates()).toEqual([
      ['tcp', 'Internet'],
      ['udp', undefined],
    ]);
    expect(collectors.setTcpTemplates?.(false)).toBe(true);
    expect(await rowTemplates()).toEqual([
      ['tcp', undefined],
      ['udp', undefined],
    ]);
  });
});
