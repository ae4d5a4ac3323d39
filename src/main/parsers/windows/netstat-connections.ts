/**
 * Windows `netstat -an`, `-ano`, `-anob`, `-b` and plain `netstat` in any
 * display language. Headers are translated, so parsing anchors on the data lines:
 * 'TCP' or 'UDP' (never translated) followed by two endpoints, then the state
 * (absent for UDP) and, with -o, the PID. With -b each connection line is
 * followed by its owner: optional service/component lines (' Dnscache'), then
 * '[svchost.exe]' or a sentence such as 'Can not obtain ownership information'.
 */
import { blankConnection, type Connection } from '../../../shared/model';
import type { ParseResult } from '../format';
import { normalizeState, parseEndpoint, splitLines, tokens } from './common';

/** 'TCP    0.0.0.0:135    0.0.0.0:0 ...': upper-case protocol, then an endpoint with ':' joined. */
export const WINDOWS_DATA_LINE = /^\s*(TCP|UDP)\s+(\[[^\]\s]*\]|[^\s:[\]]+):[\w*-]+\s+\S*:\S*/;

export type NetstatFlavor = 'an' | 'ano' | 'anob' | 'b';

export interface NetstatConnectionsResult extends ParseResult {
  flavor: NetstatFlavor;
}

export function parseWindowsNetstat(text: string): NetstatConnectionsResult {
  const connections: Connection[] = [];
  const skipped: string[] = [];
  let unresolvedPorts = 0;
  let unknownStates = 0;
  let hasPid = false;
  let hasOwners = false;
  // The connection the following -b owner lines belong to, and the components seen for it.
  let owner: Connection | null = null;
  let components: string[] = [];

  const closeOwnerBlock = (): void => {
    if (owner && components.length > 0) owner.components = components;
    owner = null;
    components = [];
  };

  for (const line of splitLines(safeText(text))) {
    const proto = /^\s*(TCP|UDP)\s/.exec(line);
    if (proto) {
      closeOwnerBlock();
      const parsed = parseDataLine(line);
      if (!parsed) {
        skipped.push(line);
        continue;
      }
      if (parsed.unresolvedPort) unresolvedPorts++;
      if (parsed.connection.state === 'UNKNOWN') unknownStates++;
      if (parsed.connection.pid !== null) hasPid = true;
      connections.push(parsed.connection);
      owner = parsed.connection;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.length === 0) {
      // Owner blocks never contain blank lines; a blank line ends one (and precedes repeated headers).
      closeOwnerBlock();
      continue;
    }
    if (!owner) continue; // headers and titles, in whatever language
    const exe = /^\[(.+)\]$/.exec(trimmed);
    if (exe) {
      hasOwners = true;
      owner.processName = exe[1] ?? null;
    } else if (tokens(trimmed).length === 1) {
      components.push(trimmed);
    } else {
      // 'Can not obtain ownership information' and its translations: the owner stays unknown.
      hasOwners = true;
    }
  }
  closeOwnerBlock();

  const warnings: string[] = [];
  if (unresolvedPorts > 0) {
    warnings.push(`${unresolvedPorts} rows had a service name instead of a port (run netstat with -n): port set to 0`);
  }
  if (unknownStates > 0) warnings.push(`${unknownStates} rows had a state word that is not recognised: state UNKNOWN`);
  const flavor: NetstatFlavor = hasOwners ? (hasPid ? 'anob' : 'b') : hasPid ? 'ano' : 'an';
  return { data: { connections }, skipped, warnings, flavor };
}

interface ParsedLine {
  connection: Connection;
  unresolvedPort: boolean;
}

function parseDataLine(line: string): ParsedLine | null {
  const parts = tokens(line);
  const [protoText, localText, remoteText, ...rest] = parts;
  if (!protoText || !localText || !remoteText) return null;
  const protocol = protoText === 'TCP' ? 'tcp' : 'udp';
  const local = parseEndpoint(localText);
  const remote = parseEndpoint(remoteText);
  if (!local || !remote) return null;
  let pid: number | null = null;
  const last = rest[rest.length - 1];
  if (last !== undefined && /^\d+$/.test(last)) {
    pid = Number(last);
    rest.pop();
  }
  // Some languages use two words for a state ('IN ASCOLTO'), so the state is everything in between.
  const stateWord = rest.join(' ');
  if (protocol === 'tcp' && stateWord.length === 0 && pid === null) return null;
  const family = localText.startsWith('[') || local.address.includes(':') ? 6 : 4;
  const connection = blankConnection({
    protocol,
    family,
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: remote.address,
    remotePort: remote.port,
    state: normalizeState(protocol, stateWord, remote),
    pid: pid !== null && Number.isSafeInteger(pid) ? pid : null,
  });
  return { connection, unresolvedPort: local.unresolvedPort || remote.unresolvedPort };
}

/** Strings from fast-check or broken files may hold lone surrogates; treat them as text anyway. */
function safeText(text: unknown): string {
  return typeof text === 'string' ? text : '';
}

/** 0..1: the share of data lines among the first non-empty lines; 0 when none is a Windows data line. */
export function detectWindowsNetstat(text: string): number {
  const lines = splitLines(safeText(text).slice(0, 20_000))
    .filter((l) => l.trim().length > 0)
    .slice(0, 80);
  const data = lines.filter((l) => WINDOWS_DATA_LINE.test(l)).length;
  if (data === 0) return 0;
  return Math.min(0.95, 0.6 + (0.4 * data) / lines.length);
}
