/** The Windows netstat format as `netscope import` drives it: parsed whole or streamed a line at a time, the same rows and words. */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { WINDOWS_FORMATS } from './formats';

const netstat = WINDOWS_FORMATS.find((f) => f.id === 'windows-netstat-an');
const LINES = [
  '  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712',
  '  RpcSs',
  ' [svchost.exe]',
  '  UDP    0.0.0.0:5355    *:*                         2036',
];

describe('Windows netstat format', () => {
  it('says which flavour it read, whole or streamed, as its label and not as a warning', () => {
    if (!netstat?.stream) throw new Error('windows-netstat-an streams');
    const whole = netstat.parse(LINES.join('\r\n'));
    expect(whole.label).toBe('Windows netstat -anob');
    expect(whole.warnings).toEqual([]);
    expect(whole.data.connections).toHaveLength(2);

    const rows: Connection[] = [];
    const stream = netstat.stream((row) => rows.push(row));
    for (const line of LINES) stream.line(line);
    const streamed = stream.finish();
    expect(streamed.label).toBe('Windows netstat -anob');
    expect(streamed.warnings).toEqual([]);
    expect(rows.map((r) => [r.localPort, r.processName])).toEqual([
      [135, 'svchost.exe'],
      [5355, null],
    ]);
  });

  it('names netstat -t and -y when their columns were there', () => {
    const text = '  TCP    10.0.0.1:50000    10.0.0.2:443    ESTABLISHED    4242    InHost\r\n';
    expect(netstat?.parse(text).label).toBe('Windows netstat -ano -t');
  });
});
