/**
 * What the exporter says about one snapshot's sockets, as plain numbers and
 * label values (no prom-client here, so it is cheap to test and to bench).
 * Every per-key series is folded to its top N plus one "(other)" series; see
 * seriesBound() for the resulting ceiling.
 */
import { SOCKET_STATES, type Connection, type Protocol } from '../../shared/model';
import { DEFAULT_DOS_RULES, DEFAULT_LIMITS, type DosRules, type MetricsLimits } from './defaults';
import { dosVerdict, type DosVerdict } from './dos-verdict';
import { isWildcardRemote, PeerCache } from './peers';
import { foldTopN, increment, type Folded } from './top-n';

/** The label value for sockets NetScope could not attribute to a process (TIME_WAIT, kernel, other users'). */
export const NO_OWNER = '(no owner)';

const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'raw'];
const FAMILIES = ['ipv4', 'ipv6'] as const;

export interface ListenerLabels {
  protocol: string;
  family: string;
  address: string;
  port: string;
  process: string;
}

export interface SocketSeries {
  /** protocol/family/state -> count; only combinations that occur. */
  sockets: Array<{ protocol: string; family: string; state: string; count: number }>;
  listeners: { kept: Array<[ListenerLabels, number]>; other: number; foldedKeys: number };
  processConnections: Folded;
  remoteConnections: Folded;
  subnetConnections: Folded;
  remoteSynRecv: Folded;
  subnetSynRecv: Folded;
  unowned: Array<{ protocol: string; state: string; count: number }>;
  dos: DosVerdict;
}

/**
 * The most series buildSocketSeries() can lead to, whatever the snapshot: the
 * fixed families (states, unowned, DoS, collectors, scrape) plus each folded
 * family's limit and its "(other)".
 */
export function seriesBound(limits: MetricsLimits, collectors = 4): number {
  const stateCombos = PROTOCOLS.length * FAMILIES.length * SOCKET_STATES.length;
  const unownedCombos = PROTOCOLS.length * SOCKET_STATES.length;
  const folded = 5 * (limits.top + 1) + (limits.maxListeners + 1);
  // dos: 2 alarms + 2 inbound + 2 syn_recv + 2 top remote; folded-keys 6; collectors 3 each;
  // build info, scrape duration, data age, 2 stale-scrape reasons.
  const fixed = 8 + 6 + 3 * collectors + 5;
  return stateCombos + unownedCombos + folded + fixed;
}

function processLabel(c: Connection): string {
  if (c.processName) return c.processName;
  return c.pid === null ? NO_OWNER : '(unnamed process)';
}

/** protocol\0family\0state -> protocol\0state, counts added. */
function foldFamily(counts: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, count] of counts) {
    const [protocol = '', , state = ''] = key.split(SEP);
    increment(out, `${protocol}${SEP}${state}`, count);
  }
  return out;
}

function labelsKey(labels: ListenerLabels): string {
  return [labels.protocol, labels.family, labels.address, labels.port, labels.process].join(SEP);
}

/** Listening: a TCP LISTEN socket, or a UDP socket with no peer (what `netstat -l` and `ss -l` list). */
export function isListening(c: Connection): boolean {
  if (c.protocol === 'tcp') return c.state === 'LISTEN';
  return c.protocol === 'udp' && isWildcardRemote(c.remoteAddress) && c.remotePort === 0;
}

const SEP = '\u0000';
/** 'tcp\0ipv4\0established' per protocol, family and state, made once: no string built per socket. */
const STATE_KEYS = new Map(
  PROTOCOLS.flatMap((protocol) =>
    ([4, 6] as const).flatMap((family) =>
      SOCKET_STATES.map((state) => [
        `${protocol}${family}${state}`,
        `${protocol}${SEP}ipv${family}${SEP}${state.toLowerCase()}`,
      ]),
    ),
  ),
);

function stateKey(c: Connection): string {
  return STATE_KEYS.get(`${c.protocol}${c.family}${c.state}`) ?? `${c.protocol}${SEP}ipv${c.family}${SEP}unknown`;
}

export function buildSocketSeries(
  connections: readonly Connection[],
  ownAddresses: ReadonlySet<string>,
  limits: MetricsLimits = DEFAULT_LIMITS,
  rules: DosRules = DEFAULT_DOS_RULES,
  peers: PeerCache = new PeerCache(),
): SocketSeries {
  const byState = new Map<string, number>();
  const unowned = new Map<string, number>();
  const listeners = new Map<string, number>();
  const listenerLabels = new Map<string, ListenerLabels>();
  const perProcess = new Map<string, number>();
  const perRemote = new Map<string, number>();
  const perSubnet = new Map<string, number>();
  const synPerRemote = new Map<string, number>();
  const synPerSubnet = new Map<string, number>();

  for (const c of connections) {
    const key = stateKey(c);
    increment(byState, key);
    if (c.pid === null) increment(unowned, key);
    if (isListening(c)) {
      const family = c.family === 6 ? 'ipv6' : 'ipv4';
      const labels = {
        protocol: c.protocol,
        family,
        address: c.localAddress,
        port: String(c.localPort),
        process: processLabel(c),
      };
      const key = labelsKey(labels);
      increment(listeners, key);
      if (!listenerLabels.has(key)) listenerLabels.set(key, labels);
      continue;
    }
    if (c.state === 'LISTEN' || isWildcardRemote(c.remoteAddress)) continue;
    const peer = peers.get(c.remoteAddress);
    increment(perProcess, processLabel(c));
    increment(perRemote, peer.address);
    increment(perSubnet, peer.subnet);
    if (c.state === 'SYN_RECV') {
      increment(synPerRemote, peer.address);
      increment(synPerSubnet, peer.subnet);
    }
  }

  const foldedListeners = foldTopN(listeners, limits.maxListeners);
  return {
    sockets: [...byState].map(([key, count]) => {
      const [protocol = '', family = '', state = ''] = key.split(SEP);
      return { protocol, family, state, count };
    }),
    listeners: {
      kept: foldedListeners.kept.map(([key, count]) => [listenerLabels.get(key) as ListenerLabels, count]),
      other: foldedListeners.other,
      foldedKeys: foldedListeners.foldedKeys,
    },
    processConnections: foldTopN(perProcess, limits.top),
    remoteConnections: foldTopN(perRemote, limits.top),
    subnetConnections: foldTopN(perSubnet, limits.top),
    remoteSynRecv: foldTopN(synPerRemote, limits.top),
    subnetSynRecv: foldTopN(synPerSubnet, limits.top),
    // Keyed like the states; summed over the family, which this series does not carry.
    unowned: [...foldFamily(unowned)].map(([key, count]) => {
      const [protocol = '', state = ''] = key.split(SEP);
      return { protocol, state, count };
    }),
    dos: dosVerdict(connections, peers, ownAddresses, rules),
  };
}
