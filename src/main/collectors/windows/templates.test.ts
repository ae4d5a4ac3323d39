import { describe, expect, it } from 'vitest';
import { tcpRow } from '../../../shared/test-helpers';
import type { CommandRunner } from './run';
import { applyTemplates, readTcpTemplates, templatesFromNetstat } from './templates';

const NETSTAT_ANY = `
Active Connections

  Proto  Local Address          Foreign Address        State           Template

  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       Not Applicable
  TCP    192.168.1.20:49721     52.96.165.2:443        ESTABLISHED     Internet
  TCP    [fe80::1%12]:49800     [fe80::2%12]:445       ESTABLISHED     Datacenter
`;

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('TCP templates from netstat -any', () => {
  it('maps each connection that has a template by its 4-tuple', () => {
    const reading = templatesFromNetstat(NETSTAT_ANY);
    expect([...reading.templates]).toEqual([
      ['4 192.168.1.20 49721 52.96.165.2 443', 'Internet'],
      ['6 fe80::1 49800 fe80::2 445', 'Datacenter'],
    ]);
    expect(reading.warnings).toEqual([]);
  });

  it('says so when netstat printed connections without the column (a netstat that ignores -y)', () => {
    const reading = templatesFromNetstat('  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\n');
    expect(reading.templates.size).toBe(0);
    expect(reading.warnings).toEqual(['netstat -any printed no Template column: templates unknown']);
  });

  it('runs netstat -any through the System32 runner, and turns a failure into a warning', async () => {
    const calls: string[][] = [];
    const run: CommandRunner = async (name, args) => {
      calls.push([name, ...args]);
      return { stdout: encode(NETSTAT_ANY), stderr: new Uint8Array(), code: 0 };
    };
    expect((await readTcpTemplates(run)).templates.size).toBe(2);
    expect(calls).toEqual([['netstat', '-any']]);
    const failing: CommandRunner = () => Promise.reject(new Error('timed out after 60000 ms'));
    expect(await readTcpTemplates(failing)).toEqual({
      templates: new Map(),
      warnings: ['netstat -any failed: timed out after 60000 ms'],
    });
  });

  it('sets the template on the matching TCP rows only', () => {
    const rows = [
      tcpRow('fe80::1%12', 49800, 'fe80::2%12', 445, 'ESTABLISHED'),
      tcpRow('0.0.0.0', 135, '0.0.0.0', 0, 'LISTEN'),
    ];
    expect(applyTemplates(rows, templatesFromNetstat(NETSTAT_ANY).templates)).toBe(1);
    expect(rows.map((r) => r.template)).toEqual(['Datacenter', undefined]);
  });
});
