import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electron from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/model';
import type { ElectronFake } from './electron-fake';
import { openSavedOutput } from './open-saved';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

const dir = mkdtempSync(join(tmpdir(), 'netscope-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const netstat = join(dir, 'customer.txt');
writeFileSync(
  netstat,
  '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4\r\n',
);
const junk = join(dir, 'junk.txt');
writeFileSync(junk, 'not a netstat output at all\n');

describe('File > Open Saved Output...', () => {
  let shown: Snapshot[];
  const options = () => ({ getWindow: () => null, show: async (s: Snapshot) => void shown.push(s) });
  beforeEach(() => {
    shown = [];
    fake.dialog.state.messages.length = 0;
  });

  it('shows a recognised file read-only, named after the file', async () => {
    fake.dialog.state.openPath = netstat;
    await openSavedOutput(options());
    expect(shown).toHaveLength(1);
    expect(shown[0]?.source).toMatchObject({ kind: 'import', file: netstat });
    expect(shown[0]?.connections.map((c) => [c.localPort, c.state, c.pid])).toEqual([[445, 'LISTEN', 4]]);
  });

  it('an unknown file gets one message naming the known formats, and nothing is shown', async () => {
    fake.dialog.state.openPath = junk;
    await openSavedOutput(options());
    expect(shown).toHaveLength(0);
    expect(fake.dialog.state.messages).toHaveLength(1);
    expect(JSON.stringify(fake.dialog.state.messages[0])).toMatch(/netstat/i);
  });

  it('refuses a FIFO, /dev/zero behind a link, a directory and a file over the cap with a message, at once', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const link = join(dir, 'zero.txt');
    symlinkSync('/dev/zero', link);
    const cases: [string, RegExp][] = [
      [fifo, /FIFO \(named pipe\), not a regular file/],
      [link, /a link to \/dev\/zero\): it is a character device/],
      [dir, /it is a directory/],
      [netstat, /over the import limit of 100 bytes/],
    ];
    for (const [file, message] of cases) {
      fake.dialog.state.messages.length = 0;
      fake.dialog.state.openPath = file;
      // A blocking open of the FIFO (no writer) would never return here.
      await openSavedOutput({ ...options(), maxBytes: 100 });
      expect(fake.dialog.state.messages).toHaveLength(1);
      expect(JSON.stringify(fake.dialog.state.messages[0])).toMatch(message);
    }
    expect(shown).toHaveLength(0);
  });

  it('a cancelled dialog does nothing', async () => {
    fake.dialog.state.openPath = null;
    await openSavedOutput(options());
    expect(shown).toHaveLength(0);
    expect(fake.dialog.state.messages).toHaveLength(0);
  });
});
