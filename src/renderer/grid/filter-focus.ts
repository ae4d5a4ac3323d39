/**
 * Whether a filter is about to be typed: the filter box has the focus, or the pointer is over it (on its way to a
 * click). One state per store (one app, one box), which the box sets and the grid's view reads
 * (warm-filter-text.ts: the rows' filter texts are built only while a filter may be typed).
 *
 * WHY not in the store: nothing else reads it, and a store field would re-run every selector on each focus change;
 * WHY keyed by the store: tests render several apps side by side, each with its own box.
 * WHY the pointer too: from the pointer entering the box to the click is a few hundred ms more to build the texts
 * in before the first key (a focus by Ctrl+F or '/' comes in the shortcut's own task, with no such lead).
 */
import { useCallback, useSyncExternalStore } from 'react';
import { useNetScopeStore, type NetScopeStore } from '../store';

interface Focus {
  focused: boolean;
  hovered: boolean;
  listeners: Set<() => void>;
}

const focusOf = new WeakMap<NetScopeStore, Focus>();

function focusFor(store: NetScopeStore): Focus {
  let focus = focusOf.get(store);
  if (!focus) {
    focus = { focused: false, hovered: false, listeners: new Set() };
    focusOf.set(store, focus);
  }
  return focus;
}

function tell(focus: Focus): void {
  for (const listener of focus.listeners) listener();
}

/** Told by the filter box when it gains (true) or loses (false) the focus. */
export function setFilterBoxFocused(store: NetScopeStore, focused: boolean): void {
  const focus = focusFor(store);
  if (focus.focused === focused) return;
  focus.focused = focused;
  tell(focus);
}

/** Told by the filter box when the pointer enters (true) or leaves (false) it. */
export function setFilterBoxHovered(store: NetScopeStore, hovered: boolean): void {
  const focus = focusFor(store);
  if (focus.hovered === hovered) return;
  focus.hovered = hovered;
  tell(focus);
}

/** Whether this app's filter box has the focus (as last told). */
export function isFilterBoxFocused(store: NetScopeStore): boolean {
  return focusFor(store).focused;
}

/** Whether this app's filter box has the focus or the pointer (as last told). */
export function hasFilterBoxIntent(store: NetScopeStore): boolean {
  const focus = focusFor(store);
  return focus.focused || focus.hovered;
}

/** Whether this app's filter box has the focus or the pointer, re-rendering when that changes. */
export function useFilterBoxIntent(): boolean {
  const store = useNetScopeStore();
  const subscribe = useCallback(
    (listener: () => void) => {
      const { listeners } = focusFor(store);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    [store],
  );
  const read = useCallback(() => hasFilterBoxIntent(store), [store]);
  return useSyncExternalStore(subscribe, read, read);
}
