/**
 * The browser mode's WebSocket protocol: NetScopeApi calls as JSON messages.
 * The page is served at `/?token=T`; the server then sets an HttpOnly,
 * SameSite=Strict cookie so the page's assets and the socket at `/ws` are
 * authorized too. Every message is validated on arrival (see validate.ts).
 */
import type { ApiResult } from './api';
import type { InvokeMethod } from './channels';
import type { PushMessage } from './push';

export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
export const TOKEN_COOKIE = 'netscope_token';

export interface InvokeMessage {
  type: 'invoke';
  /** Chosen by the client, echoed in the result. */
  id: number;
  method: InvokeMethod;
  args: unknown[];
}

export type ServerMessage = { type: 'result'; id: number; result: ApiResult<unknown> } | ({ type: 'push' } & PushMessage);
