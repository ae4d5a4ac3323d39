/**
 * The desktop's RemoteBackend reads an agent's getSnapshot answer once: a packed answer is judged by its decoder
 * (packedRowsError) when it arrives, so getSnapshot does not read its rows again (11-31 ms at 100k rows); a plain
 * answer has had no reading yet and gets one. A real agent-side WebSocket server on 127.0.0.1.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { emptySnapshot, type Snapshot } from '../../shared/model';
import { tcpRow } from '../../shared/test-helpers';
import * as validateRows from '../../shared/validate-rows';
import { packSnapshot, WS_PROTOCOL } from '../../shared/wire';
import { parseAgentUrl } from './agent-url';
import { RemoteBackend } from './remote-backend';

vi.mock('../../shared/validate-rows', { spy: true });

const TOKEN = 'answer-read-once-test-token-0123456789';
const rows = [
  tcpRow('127.0.0.1', 7000, '0.0.0.0', 0, 'LISTEN', { id: 'l' }),
  tcpRow('127.0.0.1', 7000, '127.0.0.1', 40000, 'ESTABLISHED', { id: 'p' }),
];
let cleanup: (() => Promise<void>) | null = null;

afterEach(async () => {
  await cleanup?.();
  cleanup = null;
  vi.clearAllMocks();
});

/** A backend whose agent answers getSnapshot with `answer` (sent as given: packed or plain). */
async function backendAnswering(answer: unknown): Promise<RemoteBackend> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => WS_PROTOCOL });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (ws) =>
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id: number; method: string };
      if (msg.type === 'invoke' && msg.method === 'getSnapshot')
        ws.send(JSON.stringify({ type: 'result', id: msg.id, result: { ok: true, value: answer } }));
    }),
  );
  const parsed = parseAgentUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/#token=${TOKEN}`);
  if (!parsed.ok) throw new Error(parsed.error);
  const backend = new RemoteBackend({ agent: parsed.agent, timeoutMs: 5000 });
  cleanup = async () => {
    await backend.stop();
    await new Promise((resolve) => server.close(resolve));
  };
  await backend.connect();
  return backend;
}

describe('RemoteBackend getSnapshot', () => {
  it('does not read the rows of a packed answer again, and reads a plain one once', async () => {
    const snapshot = emptySnapshot({ seq: 1, connections: rows });
    const packedBackend = await backendAnswering(packSnapshot(snapshot));
    const fromPacked = await packedBackend.handlers.getSnapshot();
    expect(fromPacked.ok && (fromPacked.value as Snapshot).connections.map((c) => c.id)).toEqual(['l', 'p']);
    expect(validateRows.readInboundRows).not.toHaveBeenCalled();
    await cleanup?.();
    cleanup = null;

    const plainBackend = await backendAnswering(snapshot);
    const fromPlain = await plainBackend.handlers.getSnapshot();
    expect(fromPlain.ok && (fromPlain.value as Snapshot).connections.map((c) => c.id)).toEqual(['l', 'p']);
    expect(validateRows.readInboundRows).toHaveBeenCalledTimes(1);
  });

  it('still refuses a plain answer whose rows the views cannot show', async () => {
    const bad = emptySnapshot({
      seq: 1,
      connections: [{ ...rows[0], localPort: '7000' } as unknown as Snapshot['connections'][number]],
    });
    const backend = await backendAnswering(bad);
    const answer = await backend.handlers.getSnapshot();
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.message).toContain('localPort is not a number');
  });

  it("leaves out a plain answer's import label that is not short text, as the packed decoders do", async () => {
    const source = { kind: 'import', file: 'a.txt', formats: ['windows-netstat'] } as const;
    const backend = await backendAnswering(
      emptySnapshot({ seq: 1, connections: rows, source: { ...source, label: 5 } as never }),
    );
    const answer = await backend.handlers.getSnapshot();
    expect(answer.ok && (answer.value as Snapshot).source).toEqual(source);
  });
});
