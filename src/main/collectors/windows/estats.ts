/**
 * Per-connection traffic on Windows, as TCPView shows it: GetPerTcpConnectionEStats (data and path statistics)
 * for each connection that can carry data. Windows keeps these counters only for connections whose collection
 * was switched on with SetPerTcpConnectionEStats, which needs an administrator: NetScope switches it on itself
 * only when it already runs elevated (the call is simply refused otherwise, with no prompt), or when the user
 * asks through the elevation flow (elevation.ts). Without it the rows carry no traffic and the status says why.
 * The FFI sits behind EStatsApi so that everything here is tested with recorded or built buffers.
 */
import type { Connection } from '../../../shared/model';
import { TrafficRates } from '../../engine/traffic-rates';
import {
  DATA_ROD_SIZE,
  decodeDataRod,
  decodePathRod,
  ESTATS_DATA,
  ESTATS_PATH,
  hasCounters,
  PATH_ROD_SIZE,
  tcpRowBytes,
  trafficFrom,
} from './estats-decode';
import { offloadKey } from './tcp-table2';

export const ERROR_ACCESS_DENIED = 5;
export const ERROR_NOT_FOUND = 1168;
/** Refreshes between two looks at connections found with collection off (not elevated). */
export const RECHECK_EVERY = 30;

export interface EStatsRead {
  status: number;
  /** The RW structure's EnableCollection as read back: the ROD means something only when true. */
  enabled: boolean;
  rod: Uint8Array;
}

export interface EStatsApi {
  get(row: Uint8Array, family: 4 | 6, type: number, rodSize: number): EStatsRead;
  /** SetPerTcp(6)ConnectionEStats with EnableCollection = TRUE; the Win32 status. */
  enable(row: Uint8Array, family: 4 | 6, type: number): number;
}

/** Why the traffic columns are empty, or null when counters were read. */
export type TrafficState = { kind: 'collecting' } | { kind: 'needs-admin' } | { kind: 'unavailable'; reason: string };

export const NEEDS_ADMIN_NOTE =
  'per-connection traffic needs an administrator on Windows: run NetScope as administrator, or use ' +
  '"Resolve owners as administrator" (--elevate), which also switches the counters on for open connections';

export function trafficNote(state: TrafficState): string | null {
  if (state.kind === 'collecting') return null;
  if (state.kind === 'needs-admin') return NEEDS_ADMIN_NOTE;
  return `per-connection traffic unavailable: ${state.reason}`;
}

/**
 * Reads the counters of each refresh's TCP rows and fills Connection.traffic (with rates from the previous
 * refresh). Tries to switch collection on for connections it has not seen yet until Windows says the process
 * is not elevated; after that it only reads (connections switched on by the elevated helper still count).
 */
export class WindowsTrafficSampler {
  private readonly rates = new TrafficRates();
  /** 4-tuples whose collection we switched on (or found on): not switched on again. */
  private switchedOn = new Set<string>();
  private mayEnable = true;
  /**
   * Connections found with collection off while we may not switch it on: not asked again until the next
   * RECHECK_EVERY-th refresh (one call per connection per refresh would be spent for nothing; the elevated
   * helper can switch them on meanwhile, which the recheck picks up).
   */
  private knownOff = new Set<string>();
  private refreshes = 0;
  private state: TrafficState = { kind: 'needs-admin' };

  constructor(
    private readonly api: EStatsApi,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get status(): TrafficState {
    return this.state;
  }

  sample(connections: readonly Connection[]): TrafficState {
    const seen = new Set<string>();
    if (++this.refreshes % RECHECK_EVERY === 0) this.knownOff.clear();
    let read = 0;
    let denied = false;
    for (const c of connections) {
      if (!hasCounters(c)) continue;
      const row = tcpRowBytes(c);
      if (row === null) continue;
      const key = offloadKey(c);
      seen.add(key);
      if (this.mayEnable && !this.switchedOn.has(key)) {
        const status = this.api.enable(row, c.family, ESTATS_DATA);
        if (status === ERROR_ACCESS_DENIED) {
          this.mayEnable = false;
          denied = true;
        } else if (status === 0) {
          this.api.enable(row, c.family, ESTATS_PATH);
          this.switchedOn.add(key);
        }
      }
      if (!this.mayEnable && this.knownOff.has(key)) continue;
      const data = this.api.get(row, c.family, ESTATS_DATA, DATA_ROD_SIZE);
      if (data.status === 0 && !data.enabled && !this.mayEnable) this.knownOff.add(key);
      if (data.status !== 0 || !data.enabled) continue;
      const path = this.api.get(row, c.family, ESTATS_PATH, PATH_ROD_SIZE);
      const dataCounters = decodeDataRod(data.rod);
      const pathCounters = path.status === 0 && path.enabled ? decodePathRod(path.rod) : null;
      if (dataCounters === null) continue;
      c.traffic = trafficFrom(
        dataCounters,
        pathCounters ?? { retransmittedSegments: 0, smoothedRttMs: 0, rttVarianceMs: 0 },
      );
      read++;
    }
    // Forget closed connections, so a new one on the same 4-tuple is switched on again.
    this.switchedOn = new Set([...this.switchedOn].filter((key) => seen.has(key)));
    this.knownOff = new Set([...this.knownOff].filter((key) => seen.has(key)));
    this.rates.update(connections, this.now());
    if (read > 0 || this.mayEnable) this.state = { kind: 'collecting' };
    else if (denied || !this.mayEnable) this.state = { kind: 'needs-admin' };
    return this.state;
  }
}

type EStatsGet = (
  row: Uint8Array,
  type: number,
  rw: Uint8Array | null,
  rwVersion: number,
  rwSize: number,
  ros: null,
  rosVersion: number,
  rosSize: number,
  rod: Uint8Array | null,
  rodVersion: number,
  rodSize: number,
) => number;
type EStatsSet = (
  row: Uint8Array,
  type: number,
  rw: Uint8Array,
  rwVersion: number,
  rwSize: number,
  offset: number,
) => number;

/** Loads the four EStats calls; rejects off Windows and where the DLL lacks them (Wine 8 has no Get calls). */
export async function loadEStatsApi(): Promise<EStatsApi> {
  if (process.platform !== 'win32') throw new Error('the IP Helper API exists only on Windows');
  const imported = await import('koffi');
  const koffi = 'load' in imported ? imported : (imported as { default: typeof imported }).default;
  const lib = koffi.load('iphlpapi.dll');
  const getSignature = (name: string): string =>
    `uint32 __stdcall ${name}(uint8_t *Row, int EstatsType, _Inout_ uint8_t *Rw, uint32 RwVersion, uint32 RwSize, ` +
    `uint8_t *Ros, uint32 RosVersion, uint32 RosSize, _Inout_ uint8_t *Rod, uint32 RodVersion, uint32 RodSize)`;
  const setSignature = (name: string): string =>
    `uint32 __stdcall ${name}(uint8_t *Row, int EstatsType, uint8_t *Rw, uint32 RwVersion, uint32 RwSize, uint32 Offset)`;
  let get: Record<4 | 6, EStatsGet>;
  let set: Record<4 | 6, EStatsSet>;
  try {
    get = {
      4: lib.func(getSignature('GetPerTcpConnectionEStats')) as EStatsGet,
      6: lib.func(getSignature('GetPerTcp6ConnectionEStats')) as EStatsGet,
    };
    set = {
      4: lib.func(setSignature('SetPerTcpConnectionEStats')) as EStatsSet,
      6: lib.func(setSignature('SetPerTcp6ConnectionEStats')) as EStatsSet,
    };
  } catch (error) {
    throw new Error(`this iphlpapi.dll has no TCP extended statistics (${String(error)})`);
  }
  return {
    get(row, family, type, rodSize) {
      const rw = new Uint8Array(1);
      const rod = new Uint8Array(rodSize);
      const status = get[family](row, type, rw, 0, 1, null, 0, 0, rod, 0, rodSize);
      return { status, enabled: rw[0] === 1, rod };
    },
    enable(row, family, type) {
      return set[family](row, type, new Uint8Array([1]), 0, 1, 0);
    },
  };
}
