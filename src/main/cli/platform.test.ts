/** Which reads a CLI command gives a thread of its own: the owner scan always when it runs, the rest only when repeating. */
import { describe, expect, it } from 'vitest';
import { loadPlatformCollectors, readingThreads } from './platform';

describe('readingThreads', () => {
  it('reads a single -r, -e or -s in this thread: no process file is read', () => {
    expect(readingThreads({ views: ['routes'], repeating: false })).toBe('none');
    expect(readingThreads({ views: ['interfaces'], repeating: false })).toBe('none');
    expect(readingThreads({ views: ['stats'], repeating: false })).toBe('none');
  });

  it('keeps the owner scan (every process fd and details) in its watched thread for a single listing', () => {
    expect(readingThreads({ views: ['connections'], repeating: false })).toBe('owner-scan');
    expect(readingThreads({ views: ['unix'], repeating: false })).toBe('owner-scan');
    expect(readingThreads({ views: ['routes', 'connections'], repeating: false })).toBe('owner-scan');
  });

  it('gives every read a thread when repeating, as the app does', () => {
    expect(readingThreads({ views: ['connections'], repeating: true })).toBe('all');
    expect(readingThreads({ views: ['routes'], repeating: true })).toBe('all');
  });
});

describe('loadPlatformCollectors', () => {
  it('reads UNIX sockets on macOS when they are shown (netstat -f unix and lsof -U, as the app), and not otherwise', async () => {
    const shown = await loadPlatformCollectors({ views: ['connections', 'unix'], repeating: false }, 'darwin');
    expect(shown.unixSockets?.name).toMatch(/unix/i);
    const notShown = await loadPlatformCollectors({ views: ['connections'], repeating: false }, 'darwin');
    expect(notShown.unixSockets).toBeUndefined();
  });
});
