/**
 * The desktop app's RemoteBackend against a real built `netscope serve` (a
 * child process on its own port with its own --token-file): it shows the
 * agent's sockets (a listener this test opens) and routes, refuses a wrong
 * token with a clear sentence, relays the agent's refusal to end a process
 * without --allow-actions, announces a lost agent and reconnects when the
 * agent comes back on the same port with the same token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../src/shared/api';
import type { Snapshot } from '../src/shared/model';
import type { PushMessage } from '../src/shared/push';
import { AgentRefusal } from '../src/main/remote/agent-link';
import { parseAgentUrl, type AgentAddress } from '../src/main/remote/agent-url';
import { RemoteBackend } from '../src/main/remote/remote-backend';
import { cliBuilt, startAgent, type RunningAgent } from './helpers/netscope-agent';

const built = cliBuilt;
const isLinux = process.platform === 'linux';
if (isLinux && !built) console.warn('remote-backend.test: out/cli is not built (npm run build); skipping');

const TOKEN = 'remote-agent-test-token-0123456789';
let dir = '';
let tokenFile = '';
let agent: RunningAgent | null = null;
let port = 0;
let listener: Server | null = null;
let listenerPort = 0;

async function stopAgent(): Promise<void> {
  const running = agent;
  agent = null;
  await running?.stop();
}

function agentAt(url: string): AgentAddress {
  const parsed = parseAgentUrl(url);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.agent;
}

/**
 * Waits for `promise`, or fails after `ms` naming the step it waited at. WHY: this test once hung to its 90 s limit
 * in a full CI run (session 47; never again in isolated runs, under CPU load too), and the limit's error did not say
 * which wait it was.
 */
function step<T>(what: string, promise: Promise<T>, ms = 25_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Resolves with the first push that satisfies `test` (the suite's time limit bounds the wait). */
function nextPush<T>(backend: RemoteBackend, test: (m: PushMessage) => T | null | undefined): Promise<T> {
  return new Promise((resolve) => {
    const off = backend.subscribe((message) => {
      const found = test(message);
      if (found === null || found === undefined) return;
      queueMicrotask(() => off());
      resolve(found);
    });
  });
}

const hasOurListener = (snapshot: Snapshot): boolean =>
  snapshot.connections.some((c) => c.localPort === listenerPort && c.state === 'LISTEN');

describe.skipIf(!isLinux || !built)('RemoteBackend against a real netscope serve', () => {
  let url = '';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'netscope-remote-'));
    tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    listener = createServer();
    await new Promise<void>((resolve) => listener?.listen(0, '127.0.0.1', resolve));
    listenerPort = (listener.address() as AddressInfo).port;
    agent = await startAgent(tokenFile);
    url = agent.url;
    port = agent.port;
  });
  afterAll(async () => {
    await stopAgent();
    await new Promise((resolve) => listener?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the agent's sockets, routes and host name", async () => {
    const backend = new RemoteBackend({ agent: agentAt(url) });
    const seen = nextPush(backend, (m) => (m.channel === 'snapshot' && hasOurListener(m.payload) ? m.payload : null));
    await backend.connect();
    const snapshot = await seen;
    expect(snapshot.routes.length).toBeGreaterThan(0);
    const status = await backend.handlers.getStatus();
    expect(status.ok && status.value.title).toBe(`${hostname()} (127.0.0.1:${port})`);
    expect(status.ok && status.value.remote?.hostName).toBe(hostname());
    expect(status.ok && status.value.remote?.state).toBe('open');
    const caps = await backend.handlers.getCapabilities();
    expect(caps.ok && caps.value).toMatchObject({ mode: 'electron', canEndProcess: false, canRevealFile: false });
    await backend.stop();
  }, 60_000);

  it("relays the agent's refusal to end a process without --allow-actions", async () => {
    const backend = new RemoteBackend({ agent: agentAt(url) });
    await backend.connect();
    const result = await backend.handlers.endProcess({ pid: process.pid, startTime: null });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('forbidden');
      expect(result.error.message).toContain('--allow-actions');
    }
    await backend.stop();
  }, 60_000);

  it('refuses a wrong token with a clear error', async () => {
    const wrong = url.replace(/#token=.*$/, '#token=not-the-right-token-0123456789');
    const backend = new RemoteBackend({ agent: agentAt(wrong) });
    const error = await backend.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AgentRefusal);
    expect((error as AgentRefusal).kind).toBe('token');
    expect((error as AgentRefusal).message).toContain('refused the token');
    await backend.stop();
  }, 60_000);

  it('says when nothing listens at the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const backend = new RemoteBackend({ agent: agentAt(`http://127.0.0.1:${freePort}/#token=${TOKEN}`) });
    const error = await backend.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as AgentRefusal).kind).toBe('unreachable');
    expect((error as AgentRefusal).message).toContain('Nothing is listening');
  }, 60_000);

  it('announces a lost agent, fails calls at once, and reconnects when it is back', async () => {
    const backend = new RemoteBackend({ agent: agentAt(url), minBackoffMs: 100, maxBackoffMs: 400 });
    await backend.connect();
    let lastSeq = 0;
    backend.subscribe((m) => {
      if (m.channel === 'snapshot' || m.channel === 'diff') lastSeq = Math.max(lastSeq, m.payload.seq);
    });
    const lost = nextPush(backend, (m) =>
      m.channel === 'status' && m.payload.remote?.state === 'reconnecting' ? m.payload : null,
    );
    await step('exit of the stopped agent', stopAgent());
    const lostStatus: EngineStatus = await step("'reconnecting' status after the agent stopped", lost);
    expect(lostStatus.remote?.message).toContain('retrying in');
    const call = await backend.handlers.getSnapshot();
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error.code).toBe('io-error');

    const back = nextPush(backend, (m) => (m.channel === 'status' && m.payload.remote?.state === 'open' ? m : null));
    const seqBefore = lastSeq;
    // The restarted agent numbers from 1 again: only a snapshot numbered after what the window saw counts
    // (without the renumbering, none ever would, and this waits until the time limit).
    const fresh = nextPush(backend, (m) =>
      m.channel === 'snapshot' && m.payload.seq > seqBefore && hasOurListener(m.payload) ? m.payload : null,
    );
    agent = await step('restarted agent on the same port', startAgent(tokenFile, port)); // same --token-file
    await step("'open' status after the agent came back", back);
    await step('snapshot from the restarted agent, numbered after the last one, with our listener', fresh);
    const snapshot = await backend.handlers.getSnapshot();
    expect(snapshot.ok && hasOurListener(snapshot.value)).toBe(true);
    await backend.stop();
  }, 90_000);
});
