/**
 * Get-NetTCPConnection | ConvertTo-Json as PowerShell 5.1 and 7 write it: field names in any case, numbers
 * as text, the State enum as a number, a name or an object ({"value": 5}), ports at and past 65535, owners'
 * paths, a UTF-8 BOM, and the shapes that detection must and must not claim.
 */
import { describe, expect, it } from 'vitest';
import { detectGetNetTcpConnection, parseGetNetTcpConnection } from './get-nettcpconnection';

const rowsOf = (value: unknown) => parseGetNetTcpConnection(JSON.stringify(value)).data.connections ?? [];

describe('Get-NetTCPConnection fields', () => {
  it('finds fields whatever their case, and reads numbers written as text', () => {
    const [row] = rowsOf([
      {
        localaddress: '10.0.0.1',
        LOCALPORT: ' 8080 ',
        remoteaddress: '10.0.0.2',
        remoteport: '443',
        owningprocess: '77',
      },
    ]);
    expect(row).toMatchObject({
      localAddress: '10.0.0.1',
      localPort: 8080,
      remoteAddress: '10.0.0.2',
      remotePort: 443,
      pid: 77,
      family: 4,
      protocol: 'tcp',
    });
  });

  it('local port 0..65535 is kept; past it, negative, fractional or missing skips the object', () => {
    const result = parseGetNetTcpConnection(
      JSON.stringify([
        { LocalAddress: '0.0.0.0', LocalPort: 65535, State: 2 },
        { LocalAddress: '0.0.0.0', LocalPort: 0, State: 2 },
        { LocalAddress: '0.0.0.0', LocalPort: 65536, State: 2 },
        { LocalAddress: '0.0.0.0', LocalPort: -1, State: 2 },
        { LocalAddress: '0.0.0.0', LocalPort: 1.5, State: 2 },
        { LocalAddress: '', LocalPort: 80, State: 2 },
        { LocalAddress: 7, LocalPort: 80, State: 2 },
      ]),
    );
    expect(result.data.connections?.map((c) => c.localPort)).toEqual([65535, 0]);
    expect(result.skipped).toHaveLength(5);
    expect(result.skipped[0]).toBe('{"LocalAddress":"0.0.0.0","LocalPort":65536,"State":2}');
  });

  it('a remote port past 65535 is 0; a missing remote is the wildcard of the local family', () => {
    const rows = rowsOf([
      { LocalAddress: '10.0.0.1', LocalPort: 1, RemoteAddress: '10.0.0.2', RemotePort: 65536 },
      { LocalAddress: '10.0.0.1', LocalPort: 2, RemoteAddress: '10.0.0.2', RemotePort: 65535 },
      { LocalAddress: 'fe80::1%3', LocalPort: 3 },
      { LocalAddress: '10.0.0.1', LocalPort: 4, RemoteAddress: '' },
    ]);
    expect(rows.map((r) => [r.remoteAddress, r.remotePort, r.family])).toEqual([
      ['10.0.0.2', 0, 4],
      ['10.0.0.2', 65535, 4],
      ['::', 0, 6],
      ['0.0.0.0', 0, 4],
    ]);
  });

  it('State as the enum number, as text in any spelling, or as an object with value', () => {
    const states = [
      5,
      '5',
      'Listen',
      'SynReceived',
      'syn_received',
      'Time-Wait',
      'FIN WAIT 2',
      'DeleteTcb',
      'Bound',
      100,
      { value: 11, Value: 'TimeWait' },
      { Value: 'CloseWait' },
      'LISTENING',
      'Wibble',
      13,
      true,
      null,
    ];
    const rows = rowsOf(states.map((State, i) => ({ LocalAddress: '10.0.0.1', LocalPort: i, State })));
    expect(rows.map((r) => r.state)).toEqual([
      'ESTABLISHED',
      'ESTABLISHED',
      'LISTEN',
      'SYN_RECV',
      'SYN_RECV',
      'TIME_WAIT',
      'FIN_WAIT2',
      'DELETE_TCB',
      'CLOSED',
      'CLOSED',
      'TIME_WAIT',
      'CLOSE_WAIT',
      'LISTEN',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
    ]);
  });

  it('the owner: PID, process name, and the path from Path or ExecutablePath; empty text is none', () => {
    const rows = rowsOf([
      {
        LocalAddress: '::',
        LocalPort: 1,
        OwningProcess: 4,
        ProcessName: 'System',
        Path: 'C:\\Windows\\System32\\ntoskrnl.exe',
      },
      { LocalAddress: '::', LocalPort: 2, OwningProcess: 9, ExecutablePath: 'C:\\a.exe' },
      { LocalAddress: '::', LocalPort: 3, OwningProcess: 2 ** 53, ProcessName: '', Path: '' },
    ]);
    expect(rows.map((r) => [r.pid, r.processName, r.exePath])).toEqual([
      [4, 'System', 'C:\\Windows\\System32\\ntoskrnl.exe'],
      [9, null, 'C:\\a.exe'],
      [null, null, null],
    ]);
  });

  it('reads JSON after a UTF-8 BOM as a whole, and ignores array items that are not objects', () => {
    const text = `\uFEFF${JSON.stringify([1, null, 'x', [{ LocalAddress: '1.1.1.1', LocalPort: 1 }], { LocalAddress: '::1', LocalPort: 2 }])}`;
    const result = parseGetNetTcpConnection(text);
    expect(result.data.connections?.map((c) => c.localPort)).toEqual([2]);
    expect(result.warnings).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('cut output: each whole flat object still counts, broken fragments are dropped, and it says so', () => {
    const text =
      '[{"LocalAddress":"::","LocalPort":1},{"LocalAddress":"::","LocalPort":2,"State":{"va, {"LocalPort":3}, [5]';
    const result = parseGetNetTcpConnection(text);
    expect(result.data.connections?.map((c) => c.localPort)).toEqual([1]);
    expect(result.skipped).toEqual(['{"LocalPort":3}']);
    expect(result.warnings).toEqual(['the JSON is incomplete (cut short?): read the objects that were whole']);
    expect(parseGetNetTcpConnection(undefined as unknown as string).data.connections).toEqual([]);
  });
});

describe('detectGetNetTcpConnection', () => {
  it('claims JSON with LocalAddress and LocalPort, surer with State, OwningProcess or RemoteAddress', () => {
    expect(detectGetNetTcpConnection('  \n[{"LocalAddress": "::", "LocalPort": 1}]')).toBe(0.6);
    expect(detectGetNetTcpConnection('\uFEFF{"LocalAddress":"::","LocalPort":1,"State":2}')).toBe(0.95);
    expect(detectGetNetTcpConnection('{"LocalAddress":"::","LocalPort":1,"OwningProcess":4}')).toBe(0.95);
    expect(detectGetNetTcpConnection('{"LocalAddress":"::","LocalPort":1,"RemoteAddress":"::"}')).toBe(0.95);
  });

  it('not without both fields, not text that is not JSON, not fields past the first 4000 characters', () => {
    expect(detectGetNetTcpConnection('{"LocalAddress":"::","State":2}')).toBe(0);
    expect(detectGetNetTcpConnection('{"LocalPort":1,"State":2}')).toBe(0);
    expect(detectGetNetTcpConnection('LocalAddress : ::\r\n"LocalAddress": "LocalPort":')).toBe(0);
    expect(detectGetNetTcpConnection(`[${' '.repeat(4000)}{"LocalAddress":"::","LocalPort":1}]`)).toBe(0);
    expect(detectGetNetTcpConnection(42 as unknown as string)).toBe(0);
  });
});

describe('negative numbers', () => {
  it('a negative remote port or PID is none, not a number', () => {
    const [row] = rowsOf([{ LocalAddress: '10.0.0.1', LocalPort: 1, RemotePort: -5, OwningProcess: -1, State: -1 }]);
    expect(row).toMatchObject({ remotePort: 0, pid: null, state: 'UNKNOWN' });
  });
});

describe('fields spelled twice, text around numbers and states', () => {
  it('the exact spelling of a field wins over another case of it', () => {
    const [row] = rowsOf([{ localport: 'x', LocalPort: 80, LocalAddress: '10.0.0.1', localaddress: 'nope' }]);
    expect(row).toMatchObject({ localAddress: '10.0.0.1', localPort: 80 });
  });

  it('a number written as text is digits only, spaces around them allowed', () => {
    const result = parseGetNetTcpConnection(
      JSON.stringify([
        { LocalAddress: '10.0.0.1', LocalPort: '80x' },
        { LocalAddress: '10.0.0.1', LocalPort: '8 0' },
        { LocalAddress: '10.0.0.1', LocalPort: '\t81 ', OwningProcess: ' 4 ' },
      ]),
    );
    expect(result.data.connections?.map((c) => [c.localPort, c.pid])).toEqual([[81, 4]]);
    expect(result.skipped).toHaveLength(2);
  });

  it('a state name with spaces around it, or spelled with spaces inside, is still the state', () => {
    const rows = rowsOf(
      [' TimeWait ', 'FinWait 1', ' SynReceived'].map((State, i) => ({ LocalAddress: '::', LocalPort: i, State })),
    );
    expect(rows.map((r) => r.state)).toEqual(['TIME_WAIT', 'FIN_WAIT1', 'SYN_RECV']);
  });
});

describe('offload state, template and skipped objects', () => {
  it('an OffloadState or AppliedSetting that is not one of the names leaves the field out', () => {
    const rows = rowsOf([
      { LocalAddress: '::', LocalPort: 1, OffloadState: 'Wibble', AppliedSetting: 'Wibble' },
      { LocalAddress: '::', LocalPort: 2, OffloadState: 'Offloading', AppliedSetting: 'Compat' },
      { LocalAddress: '::', LocalPort: 3, AppliedSetting: 5 },
    ]);
    expect('offloadState' in (rows[0] ?? {})).toBe(false);
    expect('template' in (rows[0] ?? {})).toBe(false);
    expect('template' in (rows[2] ?? {})).toBe(false);
    expect(rows[1]).toMatchObject({ offloadState: 'Offloading', template: 'Compat' });
  });

  it('an object that is not a connection is listed, cut to 200 characters', () => {
    const long = { Note: 'n'.repeat(300), LocalPort: 1 };
    const result = parseGetNetTcpConnection(JSON.stringify([long]));
    expect(result.skipped).toEqual([JSON.stringify(long).slice(0, 200)]);
  });
});

describe('detectGetNetTcpConnection as PowerShell 5.1 writes it', () => {
  it('spaces before and after the colon', () => {
    const ps51 =
      '[\r\n    {\r\n        "LocalAddress" :  "::",\r\n        "LocalPort" :  135,\r\n        "State" :  2\r\n    }\r\n]';
    expect(detectGetNetTcpConnection(ps51)).toBe(0.95);
    expect(detectGetNetTcpConnection(ps51.replace('"State" :  2', '"Other" :  2'))).toBe(0.6);
    expect(parseGetNetTcpConnection(ps51).data.connections?.[0]).toMatchObject({ localPort: 135, state: 'LISTEN' });
  });

  it('a UTF-8 BOM, then white space, then the JSON', () => {
    const text = '\uFEFF\r\n [{"LocalAddress":"::","LocalPort":1,"State":2}]';
    expect(detectGetNetTcpConnection(text)).toBe(0.95);
    expect(parseGetNetTcpConnection(text).warnings).toEqual([]);
  });
});
