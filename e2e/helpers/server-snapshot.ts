/** The server's own data for an e2e check: one getSnapshot over the same WebSocket the page uses. */
import { WebSocket } from 'ws';
import type { Snapshot } from '../../src/shared/model';
import { isPackedSnapshot, TOKEN_PROTOCOL_PREFIX, unpackSnapshot, WS_PATH, WS_PROTOCOL } from '../../src/shared/wire';
import type { NetScopeServer } from '../serve-fixture';

export function serverSnapshot(server: NetScopeServer): Promise<Snapshot> {
  const url = `${server.origin.replace(/^http/, 'ws')}${WS_PATH}`;
  const ws = new WebSocket(url, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${server.token}`], {
    headers: { Origin: server.origin },
  });
  return new Promise<Snapshot>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no snapshot from the server in 10 s')), 10_000);
    const done = (finish: () => void): void => {
      clearTimeout(timer);
      ws.close();
      finish();
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, method: 'getSnapshot', args: [] })));
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        result?: { ok: boolean; value?: unknown };
      };
      if (msg.type !== 'result' || msg.id !== 1) return;
      const value = msg.result?.ok ? msg.result.value : null;
      if (isPackedSnapshot(value)) done(() => resolve(unpackSnapshot(value)));
      else done(() => reject(new Error(`getSnapshot failed: ${JSON.stringify(msg.result)}`)));
    });
    ws.on('error', (e) => done(() => reject(e)));
  });
}
