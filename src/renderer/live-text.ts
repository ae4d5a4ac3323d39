/**
 * Text that changes with every diff (the status bar's counts and states, the refresh time), written into its
 * element at each store change and each new view a render commits (LiveView.subscribeChanges) instead of rendered: a
 * diff renders no React component (grid/live-view.ts says why). The element is rendered empty; only this writes its
 * text and title.
 */
import { useLayoutEffect, useState } from 'react';
import type { LiveView, ViewRows } from './grid/live-view';
import { useNetScopeStore, type NetScopeState, type NetScopeStore } from './store';

export interface LiveText {
  text: string;
  /** The hover text; undefined: none is written. */
  title?: string;
}

type TextOf = (state: NetScopeState, view: ViewRows) => LiveText;

/** Writes one element's text; its element comes and goes with what React renders (the ref callback). */
class LiveTextWriter {
  private el: HTMLElement | null = null;
  /** What was written, compared instead of the DOM's own text (no read of the element per store change). */
  private text: string | null = null;
  private title: string | undefined;

  constructor(
    private readonly store: NetScopeStore,
    private readonly live: LiveView,
    private readonly textOf: TextOf,
  ) {}

  /** The ref callback: a new element (rendered empty) is written at once. */
  readonly ref = (el: HTMLElement | null): void => {
    this.el = el;
    this.text = null;
    this.title = undefined;
    this.write();
  };

  readonly write = (): void => {
    const el = this.el;
    if (el === null) return;
    const next = this.textOf(this.store.getState(), this.live.current);
    if (next.text !== this.text) el.textContent = this.text = next.text;
    if (next.title !== undefined && next.title !== this.title) el.title = this.title = next.title;
  };
}

/** A ref callback for the element that shows `textOf`; `textOf` must be module-level (the writer is made once). */
export function useLiveText(live: LiveView, textOf: TextOf): (el: HTMLElement | null) => void {
  const store = useNetScopeStore();
  const [writer] = useState(() => new LiveTextWriter(store, live, textOf));
  useLayoutEffect(() => {
    const unsubscribe = live.subscribeChanges(writer.write);
    writer.write();
    return unsubscribe;
  }, [live, writer]);
  return writer.ref;
}
