/**
 * One WebSocket to a remote `netscope serve`, opened as its page would open it:
 * the token as the `netscope.token.<T>` subprotocol next to `netscope.v1`, and
 * the agent's own Origin (its Host comes from the URL). A refused handshake is
 * turned into a sentence a user can act on (a wrong token, a refused address,
 * nothing listening).
 */
import WebSocket from 'ws';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../shared/wire';
import type { AgentAddress } from './agent-url';

/** The agent's full snapshots can be large (100k rows packed is tens of MB). */
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export type RefusalKind = 'token' | 'forbidden' | 'unreachable' | 'other';

export class AgentRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'AgentRefusal';
  }
}

function refusalForStatus(agent: AgentAddress, status: number): AgentRefusal {
  if (status === 401) {
    return new AgentRefusal(
      'token',
      `The agent at ${agent.label} refused the token (401 Unauthorized): copy the URL with its #token= again, or the token from the agent's --token-file.`,
    );
  }
  if (status === 403) {
    return new AgentRefusal(
      'forbidden',
      `The agent at ${agent.label} refused this address (403 Forbidden): connect through an address it listens on, e.g. an SSH tunnel to its 127.0.0.1.`,
    );
  }
  if (status === 404) {
    return new AgentRefusal('other', `${agent.label} answered, but it is not a NetScope agent (no ${'/ws'} socket).`);
  }
  return new AgentRefusal('other', `The agent at ${agent.label} answered HTTP ${status}.`);
}

function refusalForError(agent: AgentAddress, error: Error): AgentRefusal {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') {
    return new AgentRefusal(
      'unreachable',
      `Nothing is listening at ${agent.label}: is \`netscope serve\` running (and the SSH tunnel open)?`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AgentRefusal('unreachable', `The host name in ${agent.label} does not resolve.`);
  }
  return new AgentRefusal('unreachable', `Cannot reach the agent at ${agent.label}: ${error.message}`);
}

/** Opens the socket; resolves once the agent accepted it, rejects with an AgentRefusal. */
export function openAgentSocket(agent: AgentAddress): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(agent.socketUrl, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${agent.token}`], {
      origin: agent.origin,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
      maxPayload: MAX_MESSAGE_BYTES,
      followRedirects: false,
    });
    let settled = false;
    const fail = (refusal: AgentRefusal): void => {
      if (settled) return;
      settled = true;
      ws.removeAllListeners();
      ws.on('error', () => undefined); // a late error on a socket we gave up must not crash the app
      ws.terminate();
      reject(refusal);
    };
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      fail(refusalForStatus(agent, res.statusCode ?? 0));
    });
    ws.once('error', (error) => fail(refusalForError(agent, error)));
    ws.once('open', () => {
      if (settled) return;
      settled = true;
      ws.removeAllListeners();
      resolve(ws);
    });
  });
}
