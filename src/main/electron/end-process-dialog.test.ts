import { describe, it, expect, vi } from 'vitest';
import * as electron from 'electron';
import { FakeBrowserWindow, type ElectronFake } from './electron-fake';
import { confirmEndProcess, endProcessQuestion } from './end-process-dialog';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

describe('confirmEndProcess', () => {
  it('names the process, its PID and path in a native dialog on the window, Cancel by default', async () => {
    const win = new FakeBrowserWindow({});
    const spy = vi.spyOn(fake.dialog, 'showMessageBox');
    await confirmEndProcess(win as unknown as electron.BrowserWindow, {
      pid: 4242,
      name: 'nginx',
      path: '/usr/sbin/nginx',
    });
    expect(spy.mock.calls[0]?.[0]).toBe(win);
    const box = fake.dialog.state.messages.at(-1) as electron.MessageBoxOptions;
    expect(box.message).toBe('End nginx (PID 4242)?');
    expect(box.detail).toContain('/usr/sbin/nginx');
    expect(box.buttons).toEqual(['End Process', 'Cancel']);
    expect([box.defaultId, box.cancelId]).toEqual([1, 1]);
  });

  it('goes ahead only when End Process was pressed', async () => {
    const answer = (response: number) =>
      vi.spyOn(fake.dialog, 'showMessageBox').mockResolvedValueOnce({ response } as never);
    const target = { pid: 7, name: null, path: null };
    answer(0);
    expect(await confirmEndProcess(null, target)).toBe(true);
    answer(1);
    expect(await confirmEndProcess(null, target)).toBe(false);
    answer(-1);
    expect(await confirmEndProcess(null, target)).toBe(false);
    expect(endProcessQuestion(target)).toMatchObject({
      message: 'End an unnamed process (PID 7)?',
      detail: expect.stringContaining('Executable path unknown') as unknown,
    });
  });
});
