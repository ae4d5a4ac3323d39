import { describe, expect, it } from 'vitest';
import { detectGetNetTcpConnection, parseGetNetTcpConnection } from './get-nettcpconnection';
import { parseTasklistCsv, splitCsvLine } from './tasklist';

const JSON_ROWS = JSON.stringify(
  [
    { LocalAddress: '::', LocalPort: 135, RemoteAddress: '::', RemotePort: 0, State: 2, OwningProcess: 916 },
    {
      LocalAddress: '192.168.0.20',
      LocalPort: 62466,
      RemoteAddress: '162.159.61.4',
      RemotePort: 443,
      State: 'Established',
      OwningProcess: 4242,
      ProcessName: 'firefox',
    },
    {
      LocalAddress: '10.0.0.1',
      LocalPort: 1,
      RemoteAddress: '10.0.0.2',
      RemotePort: 2,
      State: 'Bound',
      OwningProcess: 1,
    },
    { LocalAddress: '10.0.0.1', LocalPort: 3, State: 99 },
    { RemotePort: 5 },
  ],
  null,
  2,
);

describe('Get-NetTCPConnection JSON', () => {
  it('reads numeric and text states, PIDs and families', () => {
    const result = parseGetNetTcpConnection(JSON_ROWS);
    const rows = result.data.connections ?? [];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ family: 6, localAddress: '::', state: 'LISTEN', pid: 916 });
    expect(rows[1]).toMatchObject({
      family: 4,
      remotePort: 443,
      state: 'ESTABLISHED',
      pid: 4242,
      processName: 'firefox',
    });
    expect(rows[2]?.state).toBe('CLOSED');
    expect(rows[3]).toMatchObject({ state: 'UNKNOWN', remoteAddress: '0.0.0.0', pid: null });
    expect(result.skipped).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });

  it('reads the whole objects of truncated output', () => {
    const cut = `${JSON_ROWS.slice(0, JSON_ROWS.indexOf('"Bound"'))}`;
    const result = parseGetNetTcpConnection(cut);
    expect(result.data.connections).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/incomplete/);
  });

  it('accepts a single object and detects only JSON with LocalAddress/LocalPort', () => {
    expect(
      parseGetNetTcpConnection('{"LocalAddress":"0.0.0.0","LocalPort":80,"State":2}').data.connections,
    ).toHaveLength(1);
    expect(detectGetNetTcpConnection(JSON_ROWS)).toBeGreaterThan(0.9);
    expect(detectGetNetTcpConnection('[{"ifname":"lo","mtu":65536}]')).toBe(0);
  });
});

describe('tasklist /fo csv /nh', () => {
  it('reads names and PIDs whatever the memory column looks like', () => {
    const text =
      '"System Idle Process","0","Services","0","8 K"\r\n"svchost.exe","1712","Services","0","12.345 Ko"\r\n"a ""quoted"", name.exe","77","Console","1","1,024 K"\r\nINFO: No tasks\r\n';
    const result = parseTasklistCsv(text);
    expect(result.entries.map((e) => [e.pid, e.name])).toEqual([
      [0, 'System Idle Process'],
      [1712, 'svchost.exe'],
      [77, 'a "quoted", name.exe'],
    ]);
    expect(result.skipped).toEqual(['INFO: No tasks']);
  });

  it('reads the user of /v output', () => {
    const line = '"chrome.exe","4242","Console","1","100 K","Running","PC\\ana","0:00:01","Google"';
    expect(parseTasklistCsv(line).entries[0]?.user).toBe('PC\\ana');
    expect(splitCsvLine('a,"b,c",d')).toEqual(['a', 'b,c', 'd']);
  });
});
