/**
 * The renderer's one store, as the union of its slices. Each slice file owns
 * its state and the actions that change it; actions that need the engine call
 * the API themselves, so no component talks to the API.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { NetScopeApi } from '../../shared/api';
import type { ConnectionsSlice } from './connections-slice';
import type { FqdnSlice } from './fqdn-slice';
import type { HistorySlice } from './history-slice';
import type { PrefsSlice } from './prefs-slice';
import type { UiSlice } from './ui-slice';

export type NetScopeState = ConnectionsSlice & UiSlice & FqdnSlice & HistorySlice & PrefsSlice;

export type NetScopeStore = StoreApi<NetScopeState>;

type SetState = StoreApi<NetScopeState>['setState'];
type GetState = StoreApi<NetScopeState>['getState'];

/** A slice: its part of the state, built with the whole store's set/get and the API its actions call. */
export type SliceCreator<Slice> = (set: SetState, get: GetState, api: NetScopeApi) => Slice;

/** An API failure as the text a notice shows. */
export function errorText(error: { code: string; message: string }): string {
  return `${error.code}: ${error.message}`;
}
