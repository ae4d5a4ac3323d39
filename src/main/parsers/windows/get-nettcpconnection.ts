/**
 * `Get-NetTCPConnection | ConvertTo-Json` (PowerShell 5.1 or 7, raw CIM objects
 * or Select-Object projections). State arrives as the enum's number (5 =
 * Established) or, with -EnumsAsStrings / projections, as text ('Listen').
 * Text cut short (or pasted with '...') is read object by object.
 */
import {
  blankConnection,
  TCP_OFFLOAD_STATES,
  type Connection,
  type SocketState,
  type TcpOffloadState,
} from '../../../shared/model';
import type { ParseResult } from '../format';
import { mibTcpState, normalizeState } from './common';
import { TCP_TEMPLATES } from './netstat-extras';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field of that name, spelled exactly or in another case ('localport'); undefined when absent. */
function field(obj: Json, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  return Object.entries(obj).find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** Ports, PIDs and State numbers: whole and never negative (a -1 port is no port). */
function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  // Number() ignores the spaces around the digits.
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return null;
}

function asText(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

const TEXT_STATES: Record<string, SocketState> = {
  closed: 'CLOSED',
  listen: 'LISTEN',
  synsent: 'SYN_SENT',
  synreceived: 'SYN_RECV',
  established: 'ESTABLISHED',
  finwait1: 'FIN_WAIT1',
  finwait2: 'FIN_WAIT2',
  closewait: 'CLOSE_WAIT',
  closing: 'CLOSING',
  lastack: 'LAST_ACK',
  timewait: 'TIME_WAIT',
  deletetcb: 'DELETE_TCB',
  bound: 'CLOSED',
};

function stateOf(value: unknown): SocketState {
  const n = asNumber(value);
  if (n !== null) return mibTcpState(n);
  if (typeof value === 'string') {
    return TEXT_STATES[value.replace(/[\s_-]/g, '').toLowerCase()] ?? normalizeState('tcp', value, null);
  }
  // {"value": 5} or {"Value": 5}: field() finds either.
  if (isObject(value)) return stateOf(field(value, 'value'));
  return 'UNKNOWN';
}

function toConnection(obj: Json): Connection | null {
  const localAddress = asText(field(obj, 'LocalAddress'));
  const localPort = asNumber(field(obj, 'LocalPort'));
  if (localAddress === null || localPort === null || localPort > 65535) return null;
  const remoteAddress = asText(field(obj, 'RemoteAddress')) ?? (localAddress.includes(':') ? '::' : '0.0.0.0');
  const remotePort = asNumber(field(obj, 'RemotePort')) ?? 0;
  const connection = blankConnection({
    protocol: 'tcp',
    family: localAddress.includes(':') ? 6 : 4,
    localAddress,
    localPort,
    remoteAddress,
    remotePort: remotePort <= 65535 ? remotePort : 0,
    state: stateOf(field(obj, 'State')),
    pid: asNumber(field(obj, 'OwningProcess')),
    processName: asText(field(obj, 'ProcessName')),
    exePath: asText(field(obj, 'Path')) ?? asText(field(obj, 'ExecutablePath')),
  });
  // The offload state and template, as netstat -t / -y show them (netstat-extras.ts).
  const offload = offloadStateOf(field(obj, 'OffloadState'));
  if (offload !== null) connection.offloadState = offload;
  const template = TCP_TEMPLATES.find((name) => name === field(obj, 'AppliedSetting'));
  if (template !== undefined) connection.template = template;
  return connection;
}

/** OffloadState: the enum's number (ConvertTo-Json's default), or its name; null for anything else. */
function offloadStateOf(value: unknown): TcpOffloadState | null {
  if (typeof value === 'number') return TCP_OFFLOAD_STATES[value] ?? null;
  const name = TCP_OFFLOAD_STATES.find((s) => s === value);
  return name ?? null;
}

/** Objects from valid JSON, else from each '{...}' without nesting that parses on its own. */
function jsonObjects(text: string): { objects: Json[]; whole: boolean } {
  try {
    // trimStart() also drops a UTF-8 BOM (U+FEFF), which JSON.parse refuses.
    const value: unknown = JSON.parse(text.trimStart());
    const list = Array.isArray(value) ? value : [value];
    return { objects: list.filter(isObject), whole: true };
  } catch {
    const objects: Json[] = [];
    for (const match of text.matchAll(/\{[^{}]*\}/g)) {
      try {
        // A flat '{...}' that parses is an object.
        objects.push(JSON.parse(match[0]) as Json);
      } catch {
        // A fragment cut mid-object: the rest still count.
      }
    }
    return { objects, whole: false };
  }
}

export function parseGetNetTcpConnection(text: string): ParseResult {
  const source = typeof text === 'string' ? text : '';
  const { objects, whole } = jsonObjects(source);
  const connections: Connection[] = [];
  const skipped: string[] = [];
  for (const obj of objects) {
    const connection = toConnection(obj);
    if (connection) connections.push(connection);
    else skipped.push(JSON.stringify(obj).slice(0, 200));
  }
  const warnings = whole ? [] : ['the JSON is incomplete (cut short?): read the objects that were whole'];
  return { data: { connections }, skipped, warnings };
}

export function detectGetNetTcpConnection(text: string): number {
  const head = (typeof text === 'string' ? text : '')
    .slice(0, 4000)
    // Also drops a UTF-8 BOM (U+FEFF is white space to trimStart).
    .trimStart();
  if (!head.startsWith('[') && !head.startsWith('{')) return 0;
  const hasLocal = /"LocalAddress"\s*:/.test(head) && /"LocalPort"\s*:/.test(head);
  if (!hasLocal) return 0;
  return /"(State|OwningProcess|RemoteAddress)"\s*:/.test(head) ? 0.95 : 0.6;
}
