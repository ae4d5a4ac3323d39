/**
 * The Windows connections collector with per-connection traffic: counters on the rows and the engine status
 * (SocketEngineStatus) that tells the traffic columns why they are empty when they are.
 */
import { describe, expect, it } from 'vitest';
import { createConnectionsCollector } from './connections';
import { DATA_ROD_SIZE, ESTATS_DATA, PATH_ROD_SIZE } from './estats-decode';
import { ERROR_ACCESS_DENIED, NEEDS_ADMIN_NOTE, type EStatsApi } from './estats';
import { NO_ERROR, type IpHelper } from './iphlpapi';

/** MIB_TCPTABLE_OWNER_PID with one ESTABLISHED row 127.0.0.1:50000 -> 127.0.0.1:443, PID 4242. */
function tcp4Table(): Uint8Array {
  const bytes = new Uint8Array(4 + 24);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 1, true);
  view.setUint32(4, 5, true);
  bytes.set([127, 0, 0, 1], 8);
  view.setUint16(12, 50000, false);
  bytes.set([127, 0, 0, 1], 16);
  view.setUint16(20, 443, false);
  view.setUint32(24, 4242, true);
  return bytes;
}

const helper: IpHelper = {
  getTable: (kind) => ({ status: NO_ERROR, bytes: kind === 'tcp4' ? tcp4Table() : new Uint8Array(4), size: 0 }),
};

function estats(elevated: boolean): EStatsApi {
  const on = new Set<number>();
  return {
    enable(_row, _family, type) {
      if (!elevated) return ERROR_ACCESS_DENIED;
      on.add(type);
      return 0;
    },
    get(_row, _family, type, rodSize) {
      const rod = new Uint8Array(rodSize);
      const view = new DataView(rod.buffer);
      if (type === ESTATS_DATA && rodSize === DATA_ROD_SIZE) {
        view.setBigUint64(0, 4096n, true);
        view.setBigUint64(16, 8192n, true);
      } else if (rodSize === PATH_ROD_SIZE) view.setUint32(108, 12, true);
      return { status: 0, enabled: on.has(type), rod };
    },
  };
}

const collect = (deps: Partial<Parameters<typeof createConnectionsCollector>[0]>) =>
  createConnectionsCollector({
    ipHelper: async () => helper,
    processReader: async () => null,
    run: () => Promise.reject(new Error('no programs in this test')),
    ownerCache: new Map(),
    ...deps,
  }).collect({ signal: new AbortController().signal });

describe('Windows connections with traffic counters', () => {
  it('elevated: the rows carry the counters and the status says so', async () => {
    const result = await collect({ estats: async () => estats(true) });
    expect(result.data[0]?.traffic).toMatchObject({ bytesSent: 4096, bytesReceived: 8192, rttMs: 12, sendRate: null });
    expect(result.engine).toEqual({
      name: 'iphlpapi',
      requested: null,
      fallbackReason: null,
      traffic: true,
      trafficNote: null,
    });
  });

  it('not elevated: no counters, and the status says an administrator is needed', async () => {
    const result = await collect({ estats: async () => estats(false) });
    expect(result.data[0]?.traffic).toBeUndefined();
    expect(result.data[0]?.pid).toBe(4242);
    expect(result.engine).toMatchObject({ traffic: false, trafficNote: NEEDS_ADMIN_NOTE });
  });

  it('no EStats in the DLL (Wine 8): the listing is unharmed and the status gives the reason', async () => {
    const result = await collect({
      estats: () => Promise.reject(new Error('this iphlpapi.dll has no TCP extended statistics')),
    });
    expect(result.data).toHaveLength(1);
    expect(result.engine?.trafficNote).toBe(
      'per-connection traffic unavailable: this iphlpapi.dll has no TCP extended statistics',
    );
  });

  it('warns when every socket that could have an owner has PID 0 (Wine), and not otherwise', async () => {
    const owned = await collect({});
    expect(owned.warnings.join('\n')).not.toContain('no owning process');
    const ownerless: IpHelper = {
      getTable: (kind) => {
        const bytes = kind === 'tcp4' ? tcp4Table() : new Uint8Array(4);
        if (kind === 'tcp4') new DataView(bytes.buffer).setUint32(24, 0, true);
        return { status: NO_ERROR, bytes, size: 0 };
      },
    };
    const result = await collect({ ipHelper: async () => ownerless });
    expect(result.data[0]?.pid).toBe(0);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(/^Windows names no owning process for any of the 1 socket \(PID 0/),
    );
  });
});
