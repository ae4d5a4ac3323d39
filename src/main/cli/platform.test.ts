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

describe('loadPlatformCollectors on Linux without sockets (-r, -s, -e)', () => {
  it.runIf(process.platform === 'linux')(
    "reads this machine's routes, interfaces and statistics with the files-only readers, and no socket",
    async () => {
      const collectors = await loadPlatformCollectors({ views: ['routes'], repeating: false }, 'linux');
      // The files-only set has no socket engine to choose (the full set has setSocketEngine).
      expect(collectors.setSocketEngine).toBeUndefined();
      const context = { signal: new AbortController().signal };
      const routes = await collectors.routes.collect(context);
      // Every Linux machine has its loopback route in the local table.
      expect(routes.data.some((r) => r.destination === '127.0.0.0' && r.interface === 'lo')).toBe(true);
      const interfaces = await collectors.interfaces.collect(context);
      expect(interfaces.data.map((i) => i.name)).toContain('lo');
      const stats = await collectors.protocolStats.collect(context);
      expect(Object.keys(stats.data).length).toBeGreaterThan(0);
      expect((await collectors.connections.collect(context)).data).toEqual([]);
      await collectors.dispose?.();
    },
  );

  it.runIf(process.platform === 'linux')(
    'keeps the full set, with its socket engines, when sockets are listed',
    async () => {
      const collectors = await loadPlatformCollectors({ views: ['connections'], repeating: false }, 'linux');
      expect(typeof collectors.setSocketEngine).toBe('function');
      await collectors.dispose?.();
    },
  );
});
