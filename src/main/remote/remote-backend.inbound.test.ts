/**
 * The desktop's RemoteBackend against a foreign agent (a WebSocket server on 127.0.0.1 that speaks the wire
 * contract but sends what an older build sent): a `traffic: null` in a plain snapshot or a diff arrives absent
 * (Top talkers and the traffic columns read an object there), an optional field of the wrong kind is left out of
 * its row (said on the link), and a diff whose rows the views cannot show (a required field of the wrong kind) is
 * not passed on: the backend asks the agent for a whole snapshot instead, as after a gap.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { diffSnapshots } from '../../shared/diff';
import { emptySnapshot, type Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import { tcpRow } from '../../shared/test-helpers';
import { packSnapshot, WS_PROTOCOL } from '../../shared/wire';
import { parseAgentUrl } from './agent-url';
import { RemoteBackend } from './remote-backend';

const TOKEN = 'foreign-agent-test-token-0123456789';

interface FakeAgent {
  server: WebSocketServer;
  port: number;
  /** The agent's side of the first connection. */
  peer: Promise<WebSocket>;
  /** Every invoke the backend sent, by method name. */
  invoked: string[];
}

async function startFakeAgent(answerSnapshot: Snapshot): Promise<FakeAgent> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => WS_PROTOCOL });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const invoked: string[] = [];
  const peer = new Promise<WebSocket>((resolve) =>
    server.once('connection', (ws) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; id: number; method: string };
        if (msg.type !== 'invoke') return;
        invoked.push(msg.method);
        if (msg.method === 'getSnapshot')
          ws.send(JSON.stringify({ type: 'result', id: msg.id, result: { ok: true, value: answerSnapshot } }));
      });
      resolve(ws);
    }),
  );
  return { server, port: (server.address() as AddressInfo).port, peer, invoked };
}

const push = (ws: WebSocket, channel: string, payload: unknown): void =>
  ws.send(JSON.stringify({ type: 'push', channel, payload }));

/** How long next() waits for a push: a push that never comes fails with its own message, not the test's timeout. */
const PUSH_WAIT_MS = 5000;

/** The backend's pushes in order, from its first (subscribe replays the current snapshot, so one subscription). */
function pushesOf(backend: RemoteBackend): { next: () => Promise<PushMessage> } {
  const queue: PushMessage[] = [];
  let waiting: ((m: PushMessage) => void) | null = null;
  backend.subscribe((m) => {
    if (waiting === null) return void queue.push(m);
    const resolve = waiting;
    waiting = null;
    resolve(m);
  });
  return {
    next: () => {
      const m = queue.shift();
      if (m !== undefined) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting = null;
          reject(new Error(`no push from the backend within ${PUSH_WAIT_MS} ms`));
        }, PUSH_WAIT_MS);
        waiting = (pushed) => {
          clearTimeout(timer);
          resolve(pushed);
        };
      });
    },
  };
}

const listener = tcpRow('127.0.0.1', 7000, '0.0.0.0', 0, 'LISTEN', { id: 'l' });
const first = emptySnapshot({ seq: 1, connections: [listener] });

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** A backend connected to a fake agent that answers getSnapshot with `answer`; torn down after the test. */
async function connectedTo(answer: Snapshot): Promise<{ agent: FakeAgent; backend: RemoteBackend; ws: WebSocket }> {
  const agent = await startFakeAgent(answer);
  const parsed = parseAgentUrl(`http://127.0.0.1:${agent.port}/#token=${TOKEN}`);
  if (!parsed.ok) throw new Error(parsed.error);
  const backend = new RemoteBackend({ agent: parsed.agent, timeoutMs: 5000 });
  cleanup = async () => {
    await backend.stop();
    await new Promise((resolve) => agent.server.close(resolve));
  };
  await backend.connect();
  return { agent, backend, ws: await agent.peer };
}

describe('RemoteBackend with an agent that sends nulls or bad rows', () => {
  it('drops null traffic in snapshots and diffs, and resyncs instead of passing on rows the views cannot show', async () => {
    const { agent, backend, ws } = await connectedTo(first);

    const pushes = pushesOf(backend);
    push(ws, 'snapshot', { ...first, connections: [{ ...listener, traffic: null }] });
    const shown = await pushes.next();
    expect(shown?.channel).toBe('snapshot');
    const shownRows = (shown?.payload as Snapshot).connections;
    expect(shownRows).toHaveLength(1);
    expect('traffic' in (shownRows[0] ?? {})).toBe(false);

    const peerRow = tcpRow('127.0.0.1', 7000, '127.0.0.1', 40000, 'ESTABLISHED', { id: 'p' });
    const second = emptySnapshot({ seq: 2, connections: [listener, peerRow] });
    const diff = diffSnapshots(first, second);
    push(ws, 'diff', { ...diff, added: [{ ...peerRow, traffic: null }] });
    const applied = await pushes.next();
    expect(applied?.channel).toBe('diff');
    const added = (applied?.payload as { added: object[] }).added;
    expect(added).toHaveLength(1);
    expect('traffic' in (added[0] ?? {})).toBe(false);

    // Counters that are not an object: left out of the row, the diff applied (no resync), and said on the link.
    const third = emptySnapshot({ seq: 3, connections: [listener] });
    push(ws, 'diff', { ...diffSnapshots(second, third), changed: [{ ...listener, traffic: 5 }] });
    const kept = await pushes.next();
    expect(kept.channel).toBe('diff');
    expect((kept.payload as { changed: object[] }).changed).toEqual([listener]);
    const told = await pushes.next();
    expect(told.channel).toBe('status');
    expect(JSON.stringify(told.payload)).toContain('a field of the wrong kind');
    expect(JSON.stringify(told.payload)).toContain('traffic is not an object of counters');
    expect(agent.invoked).not.toContain('getSnapshot');

    // A required field of the wrong kind: not passed on; the whole snapshot asked for and shown instead.
    const fourth = emptySnapshot({ seq: 4, connections: [listener] });
    push(ws, 'diff', { ...diffSnapshots(third, fourth), changed: [{ ...listener, localPort: '7000' }] });
    const said = await pushes.next();
    expect(said.channel).toBe('status');
    expect(JSON.stringify(said.payload)).toContain('localPort is not a number');
    const after = await pushes.next();
    expect(after.channel).toBe('snapshot');
    expect(agent.invoked).toContain('getSnapshot');
  });

  it("refuses an agent's whole snapshot with rows the views cannot show, and says so on the link", async () => {
    const bad = emptySnapshot({ seq: 1, connections: [{ ...listener, id: 5 } as unknown as typeof listener] });
    const { agent, backend, ws } = await connectedTo(bad);
    const pushes = pushesOf(backend);
    push(ws, 'snapshot', bad);
    const said = await pushes.next();
    expect(said.channel).toBe('status');
    expect(JSON.stringify(said.payload)).toContain('id is not text');

    const answer = await backend.handlers.getSnapshot();
    expect(answer.ok).toBe(false);
    expect(agent.invoked).toContain('getSnapshot');
  });

  it("refuses an agent's packed snapshot with a required field of the wrong kind, and says so on the link", async () => {
    const bad = emptySnapshot({
      seq: 1,
      connections: [{ ...listener, localPort: '22' } as unknown as typeof listener],
    });
    const { backend, ws } = await connectedTo(emptySnapshot({ seq: 1 }));
    const pushes = pushesOf(backend);
    push(ws, 'snapshot', packSnapshot(bad));
    const said = await pushes.next();
    expect(said.channel).toBe('status');
    expect(JSON.stringify(said.payload)).toContain('localPort is not a number');
  });
});

describe("RemoteBackend: the agent's name on the link", () => {
  it('says the host name once the first snapshot names it, when the agent spoke its status before', async () => {
    // The agent's status first (serve pushes it on connect), its snapshot after; the agent's status does not
    // change, so no later status of its own would carry the name to the status bar.
    const named = emptySnapshot({ seq: 1, host: 'db1', connections: [listener] });
    const { backend, ws } = await connectedTo(named);
    const pushes = pushesOf(backend);
    push(ws, 'status', { intervalMs: 2000, paused: false, seq: 0, readOnly: false, title: 'db1' });
    const before = await pushes.next();
    expect(before.channel).toBe('status');
    expect((before.payload as { remote: { hostName: string | null } }).remote.hostName).toBeNull();

    push(ws, 'snapshot', named);
    expect((await pushes.next()).channel).toBe('snapshot');
    const after = await pushes.next();
    expect(after.channel).toBe('status');
    const status = after.payload as { remote: { hostName: string | null; address: string }; title: string };
    expect(status.remote.hostName).toBe('db1');
    expect(status.title).toBe(`db1 (${status.remote.address})`);
  });
});
