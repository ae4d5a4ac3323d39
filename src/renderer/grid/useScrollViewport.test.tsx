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
import { rowWindow, useScrollViewport, viewportRows } from './useRowWindow';
import { HEADER_HEIGHT } from './geometry';

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

/** Layout-forcing reads other than the client size: any of them while mounting would force a layout too. */
const otherLayoutGetters = [
  'offsetHeight',
  'offsetWidth',
  'offsetTop',
  'offsetLeft',
  'scrollTop',
  'scrollLeft',
  'scrollHeight',
  'scrollWidth',
  'clientTop',
  'clientLeft',
];
const otherLayoutMethods = ['getBoundingClientRect', 'getClientRects'];

/** The prototype on HTMLElement's chain that defines `key` (jsdom puts some on Element, some on HTMLElement). */
function owner(key: string): object {
  for (let proto: object | null = HTMLElement.prototype; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    if (Object.getOwnPropertyDescriptor(proto, key)) return proto;
  }
  throw new Error(`no prototype defines ${key}`);
}

/**
 * Counts reads of the element's layout (each one forces a layout in a browser): its client size, answered from
 * `size`, and the other size, offset and scroll getters, the rect methods and getComputedStyle, answered as jsdom
 * would.
 */
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
  for (const key of otherLayoutGetters) {
    const proto = owner(key);
    const saved = Object.getOwnPropertyDescriptor(proto, key);
    replace(proto, key, {
      get(this: Element) {
        counter.reads++;
        return saved?.get?.call(this) as unknown;
      },
      set(this: Element, value: unknown) {
        saved?.set?.call(this, value);
      },
    });
  }
  for (const key of otherLayoutMethods) {
    const proto = owner(key);
    const original = Reflect.get(proto, key) as (...args: unknown[]) => unknown;
    replace(proto, key, {
      value(this: Element, ...args: unknown[]) {
        counter.reads++;
        return original.apply(this, args);
      },
      writable: true,
    });
  }
  const computedStyle = window.getComputedStyle.bind(window);
  replace(window, 'getComputedStyle', {
    value: (...args: Parameters<typeof window.getComputedStyle>) => {
      counter.reads++;
      return computedStyle(...args);
    },
    writable: true,
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

/**
 * The Probe mounted in a viewport of `height` x 700 px, its size observed once; `scroll(top)` fires a scroll event at
 * that scrollTop (jsdom does not scroll: the getter answers it).
 */
function mountScrollable(height: number): { seen: Viewport[]; scroll: (top: number) => void } {
  countLayoutReads({ height, width: 700 });
  const observer = controllableResizeObserver();
  const seen: Viewport[] = [];
  const { container } = render(<Probe seen={seen} />);
  act(() => observer.fire());
  const el = container.firstElementChild as HTMLElement;
  let scrollTop = 0;
  Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => scrollTop });
  return {
    seen,
    scroll(top) {
      scrollTop = top;
      el.dispatchEvent(new Event('scroll'));
    },
  };
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

  it('renders a scroll that moves the first row inside the scroll event, before the browser can paint', () => {
    const { seen, scroll } = mountScrollable(300);
    const rendersBefore = seen.length;
    // Within the first row (rows of 20 px): nothing shown changes, no render.
    scroll(15);
    expect(seen.length).toBe(rendersBefore);
    // Not in act(): a plain setState would be rendered in a later task, after the frame painted without the rows.
    scroll(2000);
    expect(seen.length).toBe(rendersBefore + 1);
    expect(seen.at(-1)).toEqual({ scrollTop: 2000, height: 300, width: 700 });
  });

  it('renders a scroll exactly when the first row under the header moves, so the window drawn is the right one', () => {
    // 310 px: not a whole number of 20 px rows, so the last row covered moves at other scrollTops than the first.
    const { seen, scroll } = mountScrollable(310);
    const firstRow = (top: number) => viewportRows(top, 310, HEADER_HEIGHT, 20).first;
    // The formula itself, at its boundaries (the loop below compares the hook with it): the header's height scrolls
    // away before the first row does, and a row is passed at its last pixel.
    expect([0, HEADER_HEIGHT, HEADER_HEIGHT + 19, HEADER_HEIGHT + 20, HEADER_HEIGHT + 40].map(firstRow)).toEqual([
      0, 0, 0, 1, 2,
    ]);
    expect(viewportRows(0, 310, HEADER_HEIGHT, 20).end).toBe(16);
    for (let scrollTop = 1; scrollTop <= 200; scrollTop++) {
      const before = seen.length;
      const was = seen.at(-1)?.scrollTop ?? 0;
      scroll(scrollTop);
      expect(seen.length - before, `renders at scrollTop ${scrollTop}`).toBe(
        firstRow(was) === firstRow(scrollTop) ? 0 : 1,
      );
      // The window drawn from the viewport last rendered: the same first row as the real scrollTop's, and its end at
      // most one row short (the overscan draws that row).
      const drawn = rowWindow(seen.at(-1)?.scrollTop ?? 0, 310, HEADER_HEIGHT, 20, 1000, 0);
      const real = rowWindow(scrollTop, 310, HEADER_HEIGHT, 20, 1000, 0);
      expect(drawn.first, `first row at scrollTop ${scrollTop}`).toBe(real.first);
      expect(real.end - drawn.end, `end at scrollTop ${scrollTop}`).toBeLessThanOrEqual(1);
    }
  });
});
