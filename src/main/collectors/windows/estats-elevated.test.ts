import { describe, expect, it } from 'vitest';
import { resolveOwnersElevated, type ElevationDeps } from './elevation';
import { ENABLE_ESTATS_SCRIPT, encodedEnableScript, parseEnabledCount } from './estats-elevated';

const ANO = '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1108\r\n [svchost.exe]\r\n';

function deps(files: Record<string, string>): ElevationDeps & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    runElevated: async (line) => {
      commands.push(line);
      return { kind: 'ok' };
    },
    makeTempDir: async () => 'C:\\Temp\\ns2',
    readFile: async (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT ${file}`);
      return new TextEncoder().encode(text);
    },
    removeDir: async () => undefined,
  };
}

describe('switching traffic counters on in the elevated command', () => {
  it('passes the script as PowerShell -EncodedCommand (UTF-16LE base64) inside cmd.exe’s 8191-character line', () => {
    expect(Buffer.from(encodedEnableScript(), 'base64').toString('utf16le')).toBe(ENABLE_ESTATS_SCRIPT);
    expect(encodedEnableScript()).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(encodedEnableScript().length).toBeLessThan(6000);
  });

  it('switches on Data (1) and Path (3) collection for SYN_SENT..LAST_ACK rows of both tables', () => {
    expect(ENABLE_ESTATS_SCRIPT).toContain('new int[] { 1, 3 }');
    expect(ENABLE_ESTATS_SCRIPT).toContain('state < 3 || state > 10');
    expect(ENABLE_ESTATS_SCRIPT).toMatch(/rowSize = v6 == 0 \? 20 : 52/);
  });

  it('reads the count the script printed; anything else is no count', () => {
    expect(parseEnabledCount('17\r\n')).toBe(17);
    expect(parseEnabledCount('Add-Type : Cannot add type.\r\n')).toBeNull();
    expect(parseEnabledCount('')).toBeNull();
  });

  it('reports the count with the owners, or a warning when the step failed', async () => {
    const ok = await resolveOwnersElevated(
      deps({ 'C:\\Temp\\ns2\\owners.txt': ANO, 'C:\\Temp\\ns2\\estats.txt': '3\r\n', 'C:\\Temp\\ns2\\paths.txt': '' }),
    );
    expect(ok.kind === 'accepted' && ok.countersSwitchedOn).toBe(3);
    const failed = await resolveOwnersElevated(
      deps({
        'C:\\Temp\\ns2\\owners.txt': ANO,
        'C:\\Temp\\ns2\\estats.txt': 'Access denied',
        'C:\\Temp\\ns2\\paths.txt': '',
      }),
    );
    expect(failed.kind === 'accepted' && failed.countersSwitchedOn).toBeNull();
    expect(failed.kind === 'accepted' && failed.warnings).toContain(
      'per-connection traffic counters could not be switched on (see the traffic columns)',
    );
  });
});
