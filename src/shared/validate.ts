/**
 * Validation of everything that crosses a process boundary into the engine:
 * IPC invoke arguments (Electron) and WebSocket messages (browser mode).
 * Pure and total: any input yields a result, nothing throws. Accepted values
 * are rebuilt from scratch, so the engine never sees a caller's object (its
 * prototype, getters or extra keys).
 */
import { isSocketEngineChoice, SOCKET_ENGINE_CHOICES } from './traffic';
import type { ApiError, EndProcessRequest, ExportCsvRequest } from './api';
import { isIpLiteral } from './addresses';
import { INVOKE_CHANNELS, type InvokeArgs, type InvokeMethod } from './channels';
import { isRefreshInterval, REFRESH_INTERVAL_MAX_MS, REFRESH_INTERVAL_MIN_MS } from './refresh';

const PID_MAX = 2 ** 31 - 1;
/** An exported CSV: 1M rows of every column fit; a message above this is not an export. */
const EXPORT_MAX_CSV_CHARS = 256 * 1024 * 1024;
const PATH_MAX_LENGTH = 4096;

export type ValidInvoke = { [M in InvokeMethod]: { ok: true; method: M; args: InvokeArgs<M> } }[InvokeMethod];
export type InvokeValidation = ValidInvoke | { ok: false; error: ApiError };

type Check<M extends InvokeMethod> = (args: readonly unknown[]) => InvokeArgs<M> | string;

const invalid = (message: string): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code: 'invalid-argument', message },
});

/** Own property check that also works on null-prototype objects. */
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** A plain data object (JSON or structured clone) whose own keys are exactly `keys`. */
function isRecordWithKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  // Reflect.ownKeys also sees symbols and a JSON-parsed own "__proto__" key.
  const own = Reflect.ownKeys(value);
  return own.length === keys.length && keys.every((k) => hasOwn(value, k));
}

const isPid = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= PID_MAX;

function noArgs(args: readonly unknown[]): [] | string {
  return args.length === 0 ? [] : `expected no arguments, got ${args.length}`;
}

function one(args: readonly unknown[]): { value: unknown } | string {
  return args.length === 1 ? { value: args[0] } : `expected 1 argument, got ${args.length}`;
}

const checkSetInterval: Check<'setInterval'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  const ms = a.value;
  if (!isRefreshInterval(ms)) {
    return `interval must be a number of milliseconds from ${REFRESH_INTERVAL_MIN_MS} to ${REFRESH_INTERVAL_MAX_MS}`;
  }
  return [ms];
};

const checkGetProcessDetails: Check<'getProcessDetails'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  return isPid(a.value) ? [a.value] : `pid must be an integer from 1 to ${PID_MAX}`;
};

const checkEndProcess: Check<'endProcess'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  const r = a.value;
  if (!isRecordWithKeys(r, ['pid', 'startTime'])) return 'expected { pid, startTime } and no other keys';
  if (!isPid(r.pid)) return `pid must be an integer from 1 to ${PID_MAX}`;
  const st = r.startTime;
  if (st !== null && (typeof st !== 'number' || !Number.isFinite(st) || st < 0)) {
    return 'startTime must be a non-negative number or null';
  }
  const request: EndProcessRequest = { pid: r.pid, startTime: st };
  return [request];
};

/** A plain name ending in .csv (at most 255 characters): no folder, no control character, no reserved character. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the class refuses
const CSV_FILE_NAME = /^[^\\/:*?"<>|\x00-\x1f]{1,251}\.csv$/;

const checkExportCsv: Check<'exportCsv'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  const r = a.value;
  if (!isRecordWithKeys(r, ['csv', 'fileName'])) return 'expected { csv, fileName } and no other keys';
  if (typeof r.csv !== 'string' || r.csv.length > EXPORT_MAX_CSV_CHARS) {
    return `csv must be text of at most ${EXPORT_MAX_CSV_CHARS} characters`;
  }
  if (typeof r.fileName !== 'string' || !CSV_FILE_NAME.test(r.fileName)) {
    return 'fileName must be a plain file name ending in .csv';
  }
  const request: ExportCsvRequest = { csv: r.csv, fileName: r.fileName };
  return [request];
};

/** POSIX "/x", Windows "C:\x" or "C:/x", UNC "\\server\share". */
function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^\\\\[^\\/]/.test(p);
}

const checkRevealFile: Check<'revealFile'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  const p = a.value;
  // An empty path is not absolute.
  if (typeof p !== 'string' || p.length > PATH_MAX_LENGTH || p.includes('\0') || !isAbsolutePath(p)) {
    return `path must be an absolute path of at most ${PATH_MAX_LENGTH} characters`;
  }
  return [p];
};

const checkResolveHost: Check<'resolveHost'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  const addr = a.value;
  if (typeof addr !== 'string' || !isIpLiteral(addr)) return 'address must be an IPv4 or IPv6 literal';
  return [addr];
};

/** An agent's URL: short text (the URL itself is parsed in the main process, which says what is wrong with it). */
const AGENT_URL_MAX_LENGTH = 2048;
const checkConnectRemote: Check<'connectRemote'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  const url = a.value;
  if (typeof url !== 'string' || url.length === 0 || url.length > AGENT_URL_MAX_LENGTH || url.includes('\0')) {
    return `url must be text of 1 to ${AGENT_URL_MAX_LENGTH} characters`;
  }
  return [url];
};

const checkSetUnixSockets: Check<'setUnixSockets'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  return typeof a.value === 'boolean' ? [a.value] : 'enabled must be true or false';
};

const checkSetTcpTemplates: Check<'setTcpTemplates'> = (args) => checkSetUnixSockets(args);

const checkSetSocketEngine: Check<'setSocketEngine'> = (args) => {
  const a = one(args);
  if (typeof a === 'string') return a;
  return isSocketEngineChoice(a.value) ? [a.value] : `engine must be one of ${SOCKET_ENGINE_CHOICES.join(', ')}`;
};

const CHECKS: { [M in InvokeMethod]: Check<M> } = {
  getSnapshot: noArgs,
  getStatus: noArgs,
  getCapabilities: noArgs,
  setInterval: checkSetInterval,
  setUnixSockets: checkSetUnixSockets,
  setTcpTemplates: checkSetTcpTemplates,
  setSocketEngine: checkSetSocketEngine,
  pause: noArgs,
  resume: noArgs,
  refreshNow: noArgs,
  exportCsv: checkExportCsv,
  getProcessDetails: checkGetProcessDetails,
  endProcess: checkEndProcess,
  revealFile: checkRevealFile,
  resolveHost: checkResolveHost,
  elevateOwners: noArgs,
  connectRemote: checkConnectRemote,
};

function isInvokeMethod(method: unknown): method is InvokeMethod {
  return typeof method === 'string' && hasOwn(INVOKE_CHANNELS, method);
}

function run<M extends InvokeMethod>(method: M, args: readonly unknown[]): InvokeValidation {
  const checked = CHECKS[method](args);
  if (typeof checked === 'string') return invalid(`${method}: ${checked}`);
  // TypeScript cannot correlate M across the mapped union; the CHECKS table guarantees it.
  return { ok: true, method, args: checked } as ValidInvoke;
}

export function validateInvoke(method: unknown, args: unknown): InvokeValidation {
  if (!isInvokeMethod(method)) return invalid('unknown method');
  if (!Array.isArray(args)) return invalid(`${method}: arguments must be an array`);
  return run(method, args);
}

export type ClientMessageValidation =
  { ok: true; id: number; call: ValidInvoke } | { ok: false; id: number | null; error: ApiError };

/**
 * A parsed WebSocket message: { type: 'invoke', id, method, args } and nothing
 * else. On failure `id` is returned whenever it could be read, so the server
 * can answer the caller instead of leaving its promise hanging.
 */
export function validateClientMessage(raw: unknown): ClientMessageValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, error: invalid('message must be an object').error };
  }
  const idValue: unknown = hasOwn(raw, 'id') ? (raw as Record<string, unknown>).id : undefined;
  const id = Number.isSafeInteger(idValue) ? (idValue as number) : null;
  if (!isRecordWithKeys(raw, ['type', 'id', 'method', 'args'])) {
    return { ok: false, id, error: invalid('message must have exactly type, id, method and args').error };
  }
  if (raw.type !== 'invoke') return { ok: false, id, error: invalid('unknown message type').error };
  if (id === null) return { ok: false, id, error: invalid('id must be an integer').error };
  const v = validateInvoke(raw.method, raw.args);
  return v.ok ? { ok: true, id, call: v } : { ok: false, id, error: v.error };
}
