/**
 * The engine side of the desktop app's actions, through the backend's handlers:
 * revealFile shows only paths the app produced, with one answer for every
 * refusal; endProcess awaits the main process's confirmation before the signal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../shared/dispatch';
import { emptySnapshot } from '../../shared/model';
import type { PlatformCollectors, ProcessInfo } from '../collectors/types';
import { createBackend } from './backend';
import type { BackendOptions } from './backend-types';
import { REVEAL_REFUSED, RevealablePaths } from './reveal-file';
import { loopbackListener, platformWithConnections } from './test-collectors';

const dir = mkdtempSync(path.join(tmpdir(), 'netscope-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const program = path.join(dir, 'srv');
writeFileSync(program, '#!/bin/sh\n');
const secret = path.join(dir, 'secret.txt');
writeFileSync(secret, 'not for the page');

function collectors(processes: Record<number, ProcessInfo> = {}): PlatformCollectors {
  const row = loopbackListener(80, { pid: 10, processName: 'srv', exePath: program });
  return platformWithConnections(() => [row], processes);
}

function backend(options: Partial<BackendOptions>) {
  return createBackend({ mode: 'electron', allowEndProcess: true, collectors: collectors(), ...options });
}

describe('revealFile: only paths the app produced', () => {
  it('reveals an executable from the current snapshot and a CSV exported in this session', async () => {
    const shown: string[] = [];
    const exported = path.join(dir, 'export.csv');
    const b = backend({
      revealFile: async (p) => void shown.push(p),
      saveCsv: async (csv) => {
        writeFileSync(exported, csv);
        return exported;
      },
    });
    await dispatchInvoke(b.handlers, 'getSnapshot', []);
    expect(await dispatchInvoke(b.handlers, 'revealFile', [program])).toEqual({ ok: true, value: { shown: true } });
    // Not exported yet: refused like any other path.
    expect(await dispatchInvoke(b.handlers, 'revealFile', [exported])).toMatchObject({ ok: false });
    const saved = await dispatchInvoke(b.handlers, 'exportCsv', [{ csv: 'A\r\n', fileName: 'x.csv' }]);
    expect(saved).toEqual({ ok: true, value: { path: exported } });
    expect(await dispatchInvoke(b.handlers, 'revealFile', [exported])).toEqual({ ok: true, value: { shown: true } });
    expect(shown).toEqual([program, exported]);
    await b.stop();
  });

  it('gives one answer for a path that exists but was not produced, one that does not exist, and a deleted export', async () => {
    const shown: string[] = [];
    const gone = path.join(dir, 'gone.csv');
    const b = backend({ revealFile: async (p) => void shown.push(p), saveCsv: async () => gone });
    await dispatchInvoke(b.handlers, 'getSnapshot', []);
    await dispatchInvoke(b.handlers, 'exportCsv', [{ csv: 'A\r\n', fileName: 'gone.csv' }]);
    const answers = [];
    for (const p of [
      secret,
      path.join(dir, 'no-such-file'),
      '/etc/shadow',
      gone,
      `${dir}/../${path.basename(dir)}/secret.txt`,
    ]) {
      answers.push(await dispatchInvoke(b.handlers, 'revealFile', [p]));
    }
    for (const answer of answers)
      expect(answer).toEqual({ ok: false, error: { code: 'not-found', message: REVEAL_REFUSED } });
    expect(shown).toEqual([]);
    await b.stop();
  });

  it("reveals the executable getProcessDetails reported for a row's process", async () => {
    const shown: string[] = [];
    const elsewhere = path.join(dir, 'srv-real');
    writeFileSync(elsewhere, '#!/bin/sh\n');
    const details = {
      pid: 10,
      name: 'srv',
      exePath: elsewhere,
      commandLine: null,
      user: null,
      uid: null,
      startTime: 1,
    };
    const b = backend({ collectors: collectors({ 10: details }), revealFile: async (p) => void shown.push(p) });
    await dispatchInvoke(b.handlers, 'getSnapshot', []);
    expect(await dispatchInvoke(b.handlers, 'revealFile', [elsewhere])).toMatchObject({ ok: false });
    expect(await dispatchInvoke(b.handlers, 'getProcessDetails', [10])).toMatchObject({
      ok: true,
      value: { exePath: elsewhere },
    });
    expect(await dispatchInvoke(b.handlers, 'revealFile', [elsewhere])).toEqual({ ok: true, value: { shown: true } });
    expect(shown).toEqual([elsewhere]);
    await b.stop();
  });

  it('compares Windows paths without case, and resolves . and .. before comparing', () => {
    const windows = new RevealablePaths('win32');
    windows.recordExport('C:\\Users\\a\\export.csv');
    expect(windows.isAllowed('c:\\users\\A\\EXPORT.CSV', null)).toBe(true);
    const posix = new RevealablePaths('linux');
    posix.recordExport('/tmp/a/export.csv');
    expect(posix.isAllowed('/tmp/a/../a/./export.csv', null)).toBe(true);
    expect(posix.isAllowed('/tmp/a/EXPORT.csv', null)).toBe(false);
  });
});

describe('endProcess through the backend: the main process confirms first', () => {
  it('awaits confirmEndProcess with the process named, and ends it only when the user agrees', async () => {
    const child = spawn('sleep', ['30']);
    const pid = child.pid as number;
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, signal) => r(signal)));
    try {
      const processes = {
        [pid]: {
          pid,
          name: 'sleep',
          exePath: '/bin/sleep',
          commandLine: 'sleep 30',
          user: null,
          uid: null,
          startTime: 5,
        },
      };
      const asked: unknown[] = [];
      let answer = false;
      const b = backend({
        collectors: collectors(processes),
        confirmEndProcess: async (target) => {
          asked.push(target);
          return answer;
        },
      });
      expect(await dispatchInvoke(b.handlers, 'endProcess', [{ pid, startTime: 5 }])).toMatchObject({
        ok: false,
        error: { code: 'cancelled' },
      });
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
      answer = true;
      expect(await dispatchInvoke(b.handlers, 'endProcess', [{ pid, startTime: 5 }])).toEqual({
        ok: true,
        value: { ended: true },
      });
      expect(await exited).toBe('SIGTERM');
      expect(asked).toEqual([
        { pid, name: 'sleep', path: '/bin/sleep' },
        { pid, name: 'sleep', path: '/bin/sleep' },
      ]);
      // The app itself and PID 1 are refused before any dialog.
      for (const refused of [process.pid, 1]) {
        const result = await dispatchInvoke(b.handlers, 'endProcess', [{ pid: refused, startTime: 5 }]);
        expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(asked).toHaveLength(2);
      await b.stop();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

it('an imported snapshot still refuses both actions', async () => {
  const b = createBackend({
    mode: 'electron',
    allowEndProcess: true,
    fixedSnapshot: emptySnapshot(),
    revealFile: async () => undefined,
  });
  expect(await dispatchInvoke(b.handlers, 'endProcess', [{ pid: 4242, startTime: 1 }])).toMatchObject({ ok: false });
  expect(await dispatchInvoke(b.handlers, 'revealFile', [secret])).toMatchObject({ ok: false });
});
