import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tcpRow } from '../../../shared/test-helpers';
import {
  DECLINED_MESSAGE,
  elevatedCommandLine,
  parseProcessPathsCsv,
  powershellRunAsRunner,
  powershellRunAsScript,
  resolveOwnersElevated,
  type ElevatedRun,
  type ElevationDeps,
} from './elevation';
import { encodedEnableScript } from './estats-elevated';
import { mergeElevatedOwners, ownersFromNetstat, rememberOwners, type OwnerCache } from './owners';
import { systemProgramRunner, type CommandResult, type RunOptions } from './run';
import { systemRoot } from './system-programs';

const ANOB_FR = [
  '',
  'Connexions actives',
  '',
  '  Proto  Adresse locale         Adresse distante       État           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1712',
  '  RpcSs',
  ' [svchost.exe]',
  '  UDP    0.0.0.0:53             *:*                                    1712',
  '  Dnscache',
  ' [svchost.exe]',
  '  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4',
  " Impossible d'obtenir les informations de propriété",
  '',
].join('\r\n');

function fakeDeps(
  run: ElevatedRun,
  files: Record<string, Uint8Array>,
): ElevationDeps & { removed: string[]; commands: string[] } {
  const removed: string[] = [];
  const commands: string[] = [];
  return {
    removed,
    commands,
    runElevated: async (commandLine) => {
      commands.push(commandLine);
      return run;
    },
    makeTempDir: async () => 'C:\\Temp\\ns1',
    readFile: async (file) => {
      const bytes = files[file];
      if (!bytes) throw new Error(`ENOENT ${file}`);
      return bytes;
    },
    removeDir: async (dir) => {
      removed.push(dir);
    },
  };
}

describe('resolveOwnersElevated', () => {
  it('accepted: owners per PID with components and paths, from OEM-encoded output', async () => {
    const deps = fakeDeps(
      { kind: 'ok' },
      {
        'C:\\Temp\\ns1\\owners.txt': iconv.encode(ANOB_FR, 'cp850'),
        'C:\\Temp\\ns1\\paths.txt': Buffer.from(
          '"ProcessId","ExecutablePath"\r\n"1712","C:\\Windows\\System32\\svchost.exe"\r\n"4",""\r\n',
        ),
      },
    );
    const outcome = await resolveOwnersElevated(deps);
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind !== 'accepted') return;
    expect(outcome.owners.get(1712)).toEqual({
      pid: 1712,
      exe: 'svchost.exe',
      exePath: 'C:\\Windows\\System32\\svchost.exe',
      components: ['RpcSs', 'Dnscache'],
    });
    expect(outcome.owners.get(4)).toEqual({ pid: 4, exe: null, exePath: null, components: [] });
    expect(deps.commands[0]).toBe(elevatedCommandLine('C:\\Temp\\ns1'));
    expect(deps.removed).toEqual(['C:\\Temp\\ns1']);
  });

  it('accepted without paths: names only, with a warning', async () => {
    const outcome = await resolveOwnersElevated(
      fakeDeps({ kind: 'ok' }, { 'C:\\Temp\\ns1\\owners.txt': Buffer.from(ANOB_FR) }),
    );
    expect(outcome.kind === 'accepted' && outcome.warnings.join()).toMatch(/paths were not listed/);
  });

  it('declined: a clear message, and the temp folder is removed', async () => {
    const deps = fakeDeps({ kind: 'declined' }, {});
    expect(await resolveOwnersElevated(deps)).toEqual({ kind: 'declined', message: DECLINED_MESSAGE });
    expect(deps.removed).toHaveLength(1);
  });

  it('failed: the runner failed, no output, or output without connections', async () => {
    expect(await resolveOwnersElevated(fakeDeps({ kind: 'failed', message: 'boom' }, {}))).toEqual({
      kind: 'failed',
      message: 'elevated netstat -anob failed: boom',
    });
    expect((await resolveOwnersElevated(fakeDeps({ kind: 'ok' }, {}))).kind).toBe('failed');
    const empty = fakeDeps(
      { kind: 'ok' },
      { 'C:\\Temp\\ns1\\owners.txt': Buffer.from('The requested operation requires elevation.\r\n') },
    );
    expect(await resolveOwnersElevated(empty)).toEqual({
      kind: 'failed',
      message: 'elevated netstat -anob printed no connections',
    });
    const broken: ElevationDeps = {
      ...fakeDeps({ kind: 'ok' }, {}),
      makeTempDir: async () => Promise.reject(new Error('disk full')),
    };
    expect(await resolveOwnersElevated(broken)).toEqual({ kind: 'failed', message: 'disk full' });
  });
});

describe('the elevated command line runs nothing from the current folder (planted netstat.bat)', () => {
  const env = { SystemRoot: 'D:\\WinNT' };

  it('calls netstat and PowerShell by their full System32 paths, and never changes folder', () => {
    expect(elevatedCommandLine('C:\\Users\\me\\AppData\\Local\\Temp\\ns1', env)).toBe(
      '"D:\\WinNT\\System32\\netstat.exe" -anob > "C:\\Users\\me\\AppData\\Local\\Temp\\ns1\\owners.txt" 2>&1 & ' +
        '"D:\\WinNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -NonInteractive -Command ' +
        '"Get-CimInstance Win32_Process | Select-Object ProcessId,ExecutablePath | ConvertTo-Csv -NoTypeInformation"' +
        ' > "C:\\Users\\me\\AppData\\Local\\Temp\\ns1\\paths.txt"' +
        ' & "D:\\WinNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -NonInteractive -EncodedCommand ' +
        `${encodedEnableScript()} > "C:\\Users\\me\\AppData\\Local\\Temp\\ns1\\estats.txt" 2>&1`,
    );
  });

  it('elevates System32\\cmd.exe by full path with System32 as its working folder', () => {
    expect(powershellRunAsScript('X', env)).toBe(
      "try { Start-Process -FilePath 'D:\\WinNT\\System32\\cmd.exe' -WorkingDirectory 'D:\\WinNT\\System32' " +
        '-ArgumentList \'/d /s /c "X"\' -Verb RunAs -Wait -WindowStyle Hidden -ErrorAction Stop; exit 0 } ' +
        'catch { $e = $_.Exception; while ($e) { if ($e.NativeErrorCode -eq 1223) { exit 1223 }; $e = $e.InnerException }; exit 2 }',
    );
  });

  it('the non-elevated PowerShell that asks, and every collector command, start from System32 by full path', async () => {
    const calls: { file: string; args: readonly string[]; options: RunOptions | undefined }[] = [];
    const run = systemProgramRunner(async (file, args, options) => {
      calls.push({ file, args, options });
      return { code: 0, stdout: new Uint8Array(), stderr: new Uint8Array() };
    }, env);
    await powershellRunAsRunner(run, env)('X');
    await run('netstat', ['-ano']);
    await run('tasklist', ['/fo', 'csv', '/nh']);
    expect(calls.map((c) => [c.file, c.options?.cwd])).toEqual([
      ['D:\\WinNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'D:\\WinNT\\System32'],
      ['D:\\WinNT\\System32\\netstat.exe', 'D:\\WinNT\\System32'],
      ['D:\\WinNT\\System32\\tasklist.exe', 'D:\\WinNT\\System32'],
    ]);
    expect(calls[0]?.args).toEqual(['-NoProfile', '-NonInteractive', '-Command', powershellRunAsScript('X', env)]);
    await expect(run('netstat.bat', [])).rejects.toThrow(/not one of the System32 programs/);
  });

  it('distrusts a %SystemRoot% that is not a plain local folder', () => {
    expect(systemRoot({ SystemRoot: 'C:\\Windows\\' })).toBe('C:\\Windows');
    expect(systemRoot({ windir: 'E:\\Win' })).toBe('E:\\Win');
    expect(systemRoot({ SystemRoot: '.\\evil' })).toBe('C:\\Windows');
    expect(systemRoot({ SystemRoot: 'C:\\x" & calc & "' })).toBe('C:\\Windows');
    expect(systemRoot({})).toBe('C:\\Windows');
  });
});

describe('elevated runners', () => {
  it('PowerShell RunAs: exit 1223 is a refusal whatever the language', async () => {
    const result = (code: number, stderr = ''): CommandResult => ({
      code,
      stdout: new Uint8Array(),
      stderr: Buffer.from(stderr),
    });
    const runner = (answer: CommandResult | Error) =>
      powershellRunAsRunner(async () => (answer instanceof Error ? Promise.reject(answer) : answer));
    expect(await runner(result(0))('x')).toEqual({ kind: 'ok' });
    expect(await runner(result(1223, 'Operación cancelada por el usuario'))('x')).toEqual({ kind: 'declined' });
    expect(await runner(result(2, 'Start-Process: nope'))('x')).toEqual({
      kind: 'failed',
      message: 'Start-Process: nope',
    });
    expect(await runner(new Error('ENOENT powershell.exe'))('x')).toEqual({
      kind: 'failed',
      message: 'ENOENT powershell.exe',
    });
    expect(powershellRunAsScript("echo 'a'")).toContain("-ArgumentList '/d /s /c \"echo ''a''\"'");
  });

  it('reads Win32_Process path CSV', () => {
    expect([...parseProcessPathsCsv('"ProcessId","ExecutablePath"\n"8","C:\\a b\\x.exe"\n"9",""\n')]).toEqual([
      [8, 'C:\\a b\\x.exe'],
    ]);
  });
});

describe('owner cache and merge', () => {
  const conn = (pid: number | null, processName: string | null = null) =>
    tcpRow('0.0.0.0', 135, '0.0.0.0', 0, 'LISTEN', { pid, processName });

  function cacheWith(startTime: number | null): OwnerCache {
    const owners = ownersFromNetstat(
      [{ ...conn(1712, 'svchost.exe'), components: ['RpcSs'] }],
      new Map([[1712, 'C:\\W\\svchost.exe']]),
    );
    return rememberOwners(new Map(), owners, () => startTime);
  }

  it('fills name, path and components while the PID names the same process', () => {
    const { connections, stalePids } = mergeElevatedOwners(
      [conn(1712), conn(99), conn(null)],
      cacheWith(1000),
      new Map([[1712, { name: null, startTime: 1000 }]]),
    );
    expect(connections[0]).toMatchObject({
      processName: 'svchost.exe',
      exePath: 'C:\\W\\svchost.exe',
      components: ['RpcSs'],
    });
    expect(connections[1]?.components).toBeUndefined();
    expect(stalePids).toEqual([]);
  });

  it('drops owners whose PID was reused (start time differs)', () => {
    const { connections, stalePids } = mergeElevatedOwners(
      [conn(1712)],
      cacheWith(1000),
      new Map([[1712, { name: 'svchost.exe', startTime: 2000 }]]),
    );
    expect(connections[0]?.exePath).toBeNull();
    expect(stalePids).toEqual([1712]);
  });

  it('falls back on the executable name when start times are unknown', () => {
    const cache = cacheWith(null);
    expect(
      mergeElevatedOwners([conn(1712)], cache, new Map([[1712, { name: 'SVCHOST.EXE', startTime: 5 }]])).stalePids,
    ).toEqual([]);
    expect(
      mergeElevatedOwners([conn(1712)], cache, new Map([[1712, { name: 'evil.exe', startTime: 5 }]])).stalePids,
    ).toEqual([1712]);
  });

  it('does not overwrite names the live collector already had, nor mutate its input', () => {
    const input = [conn(1712, 'svchost.exe (live)')];
    const { connections } = mergeElevatedOwners(input, cacheWith(1), new Map());
    expect(connections[0]?.processName).toBe('svchost.exe (live)');
    expect(input[0]?.components).toBeUndefined();
  });
});
