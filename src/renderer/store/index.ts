/** The app's store instance and the React hook to read it. */
import { useStore } from 'zustand';
import { getApi } from '../api';
import { browserStorage } from './prefs';
import { connectStore, createNetScopeStore, type NetScopeState, type NetScopeStore } from './store';

let instance: NetScopeStore | null = null;

export function getStore(): NetScopeStore {
  if (!instance) {
    const api = getApi();
    instance = createNetScopeStore(api, browserStorage());
    connectStore(instance, api);
  }
  return instance;
}

export function useNetScope<T>(selector: (state: NetScopeState) => T): T {
  return useStore(getStore(), selector);
}

export type { NetScopeState, Notice } from './store';
export type { RowMark } from './rows';
