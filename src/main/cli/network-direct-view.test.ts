/** Windows netstat -x in the CLI and in `netscope import`: NetworkDirect endpoints where -x shows UNIX sockets. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../shared/model';
import type { NetworkDirectEndpoint } from '../../shared/network-direct';
import { importBytes } from '../import';
import {
  NETSTAT_X_HEADER,
  NETSTAT_X_TITLE,
  SMB_CONNECTION_V6,
  SMB_LISTENER_V4,
} from '../parsers/windows/netstat-x.fixtures';
import { viewsOfImport } from './import-views';
import { NETWORK_DIRECT_TITLE } from './network-direct-view';
import { printSnapshot } from './output';
import { capturePrint } from './test-helpers';
import { jsonForViews, renderView } from './views';

const endpoints: NetworkDirectEndpoint[] = [SMB_LISTENER_V4, SMB_CONNECTION_V6];
const snapshot = emptySnapshot({ platform: 'win32', networkDirect: endpoints });

const NETSTAT_X = `
${NETSTAT_X_TITLE}

${NETSTAT_X_HEADER}

  Kernel      12 Listener       192.168.10.11:445      NA                     0
  Kernel      13 Connection     [fd00:10::11]:445      [fd00:10::12]:50112    0
`;

describe('NetworkDirect endpoints in the CLI', () => {
  it("print as netstat -x's table under their own title, with the count", () => {
    const { options, out } = capturePrint(['unix']);
    printSnapshot(snapshot, options);
    const [title, , header, first, second] = (out[0] ?? '').split('\n');
    expect(title).toBe(`${NETWORK_DIRECT_TITLE} (2)`);
    expect(header).toMatch(/^Mode\s+IfIndex\s+Type\s+Local Address\s+Foreign Address\s+PID$/);
    expect(first).toMatch(/^Kernel\s+12\s+Listener\s+192\.168\.10\.11:445\s+\*\s+0$/);
    expect(second).toMatch(/\[fd00:10::11\]:445\s+\[fd00:10::12\]:50112\s+0$/);
  });

  it('are CSV rows and a JSON field', () => {
    expect(renderView('unix', snapshot, [], { format: 'csv' }).split('\r\n')[0]).toBe(
      'Mode,IfIndex,Type,Local Address,Foreign Address,PID',
    );
    const json = jsonForViews(snapshot, ['unix'], [], null, false) as { networkDirect?: unknown };
    expect(json.networkDirect).toEqual(endpoints);
  });
});

describe('netscope import of a netstat -x file', () => {
  it('is recognised and shown without -x, even with no endpoints (a machine without RDMA)', () => {
    const out = importBytes(new TextEncoder().encode(NETSTAT_X), 'x.txt');
    if (!out.ok) throw new Error(out.error);
    expect(out.format.id).toBe('windows-netstat-x');
    expect(out.snapshot.networkDirect).toEqual(endpoints);
    expect(viewsOfImport({ views: ['connections'], sockets: null }, out.snapshot)).toEqual(['unix']);
    const none = importBytes(new TextEncoder().encode(NETSTAT_X.split('\n').slice(0, 5).join('\n')), 'y.txt');
    expect(none.ok && none.snapshot.networkDirect).toEqual([]);
  });
});
