import { describe, expect, it, vi } from 'vitest';
import { fixturesPath, fixturesPresent } from './fixtures';

describe('fixturesPresent', () => {
  it('fails in CI when the folder is absent', () => {
    expect(() => fixturesPresent('no-such-folder', 'probe', { CI: 'true' })).toThrow(/absent and CI is set/);
  });

  it('skips with a message outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(fixturesPresent('no-such-folder', 'probe', {})).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(fixturesPath('no-such-folder')));
    warn.mockRestore();
  });
});
