/** Get-NetTCPConnection | ConvertTo-Json: its OffloadState and AppliedSetting, as netstat -t / -y show them. */
import { describe, expect, it } from 'vitest';
import { parseGetNetTcpConnection } from './get-nettcpconnection';

const JSON_OUTPUT = JSON.stringify([
  {
    LocalAddress: '10.0.0.5',
    LocalPort: 445,
    RemoteAddress: '10.0.0.9',
    RemotePort: 50112,
    State: 5,
    AppliedSetting: 'Datacenter',
    OffloadState: 2,
    OwningProcess: 4,
  },
  {
    LocalAddress: '192.168.1.20',
    LocalPort: 49721,
    RemoteAddress: '52.96.165.2',
    RemotePort: 443,
    State: 5,
    AppliedSetting: 'Internet',
    OffloadState: 'InHost',
    OwningProcess: 7312,
  },
  { LocalAddress: '0.0.0.0', LocalPort: 135, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 2, OffloadState: 9 },
]);

describe('Get-NetTCPConnection offload state and template', () => {
  it('maps OffloadState (number or name) and AppliedSetting onto the rows; unknown values are left out', () => {
    const rows = parseGetNetTcpConnection(JSON_OUTPUT).data.connections ?? [];
    expect(rows.map((r) => [r.localPort, r.offloadState, r.template])).toEqual([
      [445, 'Offloaded', 'Datacenter'],
      [49721, 'InHost', 'Internet'],
      [135, undefined, undefined],
    ]);
  });
});
