/**
 * How components reach the store: one instance per app, handed down through
 * React context (main.tsx creates and connects it; tests give their own with a
 * fake API), read with selectors.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { NetScopeState, NetScopeStore } from './types';

const StoreContext = createContext<NetScopeStore | null>(null);

export function StoreProvider({ store, children }: { store: NetScopeStore; children?: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

/** The store itself, for actions in event handlers (store.getState().setTab(...)). */
export function useNetScopeStore(): NetScopeStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('NetScope store missing: render inside <StoreProvider>');
  return store;
}

export function useNetScope<T>(selector: (state: NetScopeState) => T): T {
  return useStore(useNetScopeStore(), selector);
}

export { connectStore, createNetScopeStore } from './store';
export type { NetScopeState, NetScopeStore } from './types';
export type { Notice, Tab, ContextMenuState } from './ui-slice';
export { TABS } from './ui-slice';
export type { RowMark } from './rows';
