import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BootSteps } from './boot/boot-sequence';

// boot.ts, the page's entry: the app's module (main.tsx) must not be loaded, so not compiled and evaluated on the
// page's main thread, before the first screen is painted and boot starts the app.
const app = vi.hoisted(() => ({ evaluated: 0, started: 0, steps: null as BootSteps | null }));

vi.mock('./main', () => {
  app.evaluated++;
  return { startApp: () => app.started++ };
});
vi.mock('./api/browser-socket', async (original) => ({
  ...(await original<typeof import('./api/browser-socket')>()),
  startEarlySocket: () => ({ messages: [], closed: false, onArrive: null }),
}));
vi.mock('./boot/boot-sequence', async (original) => ({
  ...(await original<typeof import('./boot/boot-sequence')>()),
  runBoot: (_early: unknown, steps: BootSteps) => {
    app.steps = steps;
  },
}));

afterEach(() => {
  vi.resetModules();
  vi.useRealTimers();
});

describe('boot.ts', () => {
  it("loads the app's module only when it starts the app (after the first screen's frame)", async () => {
    document.body.innerHTML = '<div id="root"></div>';
    await import('./boot');
    const steps = app.steps;
    if (steps === null) throw new Error('boot did not run its sequence');
    // The old entry imported main at once: its module was evaluated here, before any head was drawn.
    await vi.dynamicImportSettled();
    expect(app.evaluated).toBe(0);
    steps.startApp();
    await vi.waitFor(() => expect(app.started).toBe(1));
    expect(app.evaluated).toBe(1);
  });

  it("draws the first screen's frame not at once, but alone once FRAME_WAIT_MS passed without a head (with the head: e2e first-screen)", async () => {
    vi.useFakeTimers();
    document.body.innerHTML = '<div id="root"></div>';
    const { FRAME_WAIT_MS } = await import('./boot');
    const screen = () => document.querySelector('[data-testid="boot-screen"]');
    // The old entry drew the frame at once, holding the main thread while the head's message waited.
    expect(screen()).toBeNull();
    await vi.advanceTimersByTimeAsync(FRAME_WAIT_MS);
    expect(screen()).not.toBeNull();
  });

  it('draws no frame over the app once the app has started', async () => {
    vi.useFakeTimers();
    document.body.innerHTML = '<div id="root"></div>';
    await import('./boot');
    app.steps?.startApp();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(document.querySelector('[data-testid="boot-screen"]')).toBeNull();
  });
});
