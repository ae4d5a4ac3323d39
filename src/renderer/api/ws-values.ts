/**
 * Small value helpers shared by the WebSocket client's files (ws-api.ts, ws-inbound.ts): the io-error result
 * every failed call resolves to, and the guards that read untrusted JSON from the socket.
 */
import type { ApiResult } from '../../shared/api';

export function ioError(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'io-error', message } };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isApiResult(v: unknown): v is ApiResult<unknown> {
  if (!isRecord(v)) return false;
  if (v.ok === true) return 'value' in v;
  return v.ok === false && isRecord(v.error) && typeof v.error.code === 'string';
}
