/**
 * Issue 13, first paint: the grid's viewport is known at the first render
 * without forcing a layout (the window's size), and measured from the
 * ResizeObserver's callbacks, which come after the browser's own layout and
 * before it paints: the measured size is rendered inside the callback, so the
 * frame the browser then paints is at that size (e2e/grid-first-frame.spec.ts
 * checks the painted frame in Chromium).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, render } from '@testing-library/react';
import { useRef } from 'react';
import { useScrollViewport } from './useRowWindow';

type Viewport = ReturnType<typeof useScrollViewport>;

function Probe({ seen }: { seen: Viewport[] }) {
  const ref = useRef<HTMLDivElement>(null);
  seen.push(useScrollViewport(ref, 20));
  return <div ref={ref} />;
}

const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/** Replaces a global or prototype property for the test, put back after it. */
function replace(target: object, key: string, descriptor: PropertyDescriptor): void {
  const saved = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, ...descriptor });
  restores.push(() => {
    if (saved) Object.defineProperty(target, key, saved);
    else Reflect.deleteProperty(target, key);
  });
}

/** Counts reads of the element's layout size (each one forces a layout in a browser). */
function countLayoutReads(size: { height: number; width: number }): { reads: number } {
  const counter = { reads: 0 };
  replace(HTMLElement.prototype, 'clientHeight', {
    get: () => {
      counter.reads++;
      return size.height;
    },
  });
  replace(HTMLElement.prototype, 'clientWidth', {
    get: () => {
      counter.reads++;
      return size.width;
    },
  });
  return counter;
}

/** A ResizeObserver whose callbacks the test calls, standing for the browser's after-layout ones. */
function controllableResizeObserver(): { fire: () => void } {
  const callbacks: (() => void)[] = [];
  class TestResizeObserver {
    constructor(private readonly callback: () => void) {}
    observe(): void {
      callbacks.push(this.callback);
    }
    disconnect(): void {
      callbacks.splice(callbacks.indexOf(this.callback), 1);
    }
  }
  replace(globalThis, 'ResizeObserver', { value: TestResizeObserver, writable: true });
  return { fire: () => callbacks.forEach((c) => c()) };
}

describe('useScrollViewport', () => {
  it('renders first at the window size and reads no layout while mounting', () => {
    const counter = countLayoutReads({ height: 300, width: 700 });
    controllableResizeObserver();
    const seen: Viewport[] = [];
    render(<Probe seen={seen} />);
    expect(counter.reads).toBe(0);
    expect(seen.at(-1)).toEqual({ scrollTop: 0, height: window.innerHeight, width: window.innerWidth });
  });

  it("takes the element's size from the observer's callback", () => {
    const size = { height: 300, width: 700 };
    countLayoutReads(size);
    const observer = controllableResizeObserver();
    const seen: Viewport[] = [];
    render(<Probe seen={seen} />);
    act(() => observer.fire());
    expect(seen.at(-1)).toEqual({ scrollTop: 0, height: 300, width: 700 });
    size.width = 650;
    act(() => observer.fire());
    expect(seen.at(-1)).toEqual({ scrollTop: 0, height: 300, width: 650 });
  });

  it('renders the observed size inside the callback, before the browser can paint', () => {
    countLayoutReads({ height: 300, width: 700 });
    const observer = controllableResizeObserver();
    const seen: Viewport[] = [];
    render(<Probe seen={seen} />);
    const rendersBefore = seen.length;
    // Not in act(): a plain setState would still be waiting for a later task here, after the browser's paint.
    observer.fire();
    expect(seen.at(-1)).toEqual({ scrollTop: 0, height: 300, width: 700 });
    expect(seen.length).toBe(rendersBefore + 1);
  });
});
