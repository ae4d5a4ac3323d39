/**
 * The address of a remote `netscope serve`, as its startup line prints it
 * (`http://127.0.0.1:7870/#token=T`, typically the local end of an SSH
 * tunnel): where its WebSocket is, the Origin and Host it expects, and the
 * token it wants as a subprotocol. Pure; a bad address gets a sentence saying
 * what is wrong, never an exception.
 */
import { TOKEN_PARAM, WS_PATH } from '../../shared/wire';

export interface AgentAddress {
  /** ws://host:port/ws */
  socketUrl: string;
  /** http://host:port: the Origin the agent accepts (its own). */
  origin: string;
  /** host:port, for titles and messages. */
  label: string;
  token: string;
}

/** The same rule as serve's tokenProblem: the token travels as a subprotocol name. */
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,}$/;

export function parseAgentUrl(text: string): { ok: true; agent: AgentAddress } | { ok: false; error: string } {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return {
      ok: false,
      error: 'Not a URL. Paste the address `netscope serve` printed, e.g. http://127.0.0.1:7870/#token=…',
    };
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    return { ok: false, error: `A NetScope agent is reached over http or ws, not ${url.protocol}` };
  }
  const token = new URLSearchParams(url.hash.replace(/^#/, '')).get(TOKEN_PARAM) ?? '';
  if (token === '') {
    return { ok: false, error: 'The URL has no #token=…: copy the whole address `netscope serve` printed.' };
  }
  if (!TOKEN_SHAPE.test(token)) {
    return { ok: false, error: 'The token is not one `netscope serve` would accept (16+ letters, digits, . _ ~ -).' };
  }
  const host = url.host; // host:port, IPv6 in brackets
  return {
    ok: true,
    agent: {
      socketUrl: `${secure ? 'wss' : 'ws'}://${host}${WS_PATH}`,
      origin: `${secure ? 'https' : 'http'}://${host}`,
      label: host,
      token,
    },
  };
}

/** The URL to remember or show again: the agent's page address with its token. */
export function agentPageUrl(agent: AgentAddress): string {
  return `${agent.origin}/#${TOKEN_PARAM}=${encodeURIComponent(agent.token)}`;
}
