/** The whole app on a fake API with the given rows, for DOM tests that drive it as a user does. */
import { render, screen } from '@testing-library/react';
import type { NetScopeApi } from '../../shared/api';
import type { Connection, Snapshot } from '../../shared/model';
import { App } from '../App';
import { connectStore, createNetScopeStore, StoreProvider, type NetScopeStore } from '../store';
import { FakeApi, snap } from '../store/test-helpers';

export async function renderAppWith(
  connections: Connection[],
  overrides: Partial<NetScopeApi> = {},
  patch: Partial<Snapshot> = {},
): Promise<NetScopeStore> {
  const fake = new FakeApi();
  fake.current = { ...snap(1, connections), ...patch };
  const api = { ...fake.asApi(), ...overrides };
  const store = createNetScopeStore(api, null);
  connectStore(store, api);
  render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  if (connections.length > 0) await screen.findAllByTestId('conn-row');
  return store;
}

/** Gives elements a layout height (happy-dom lays nothing out), so the grid windows a screenful. */
export function withClientHeight(height: number): () => void {
  const saved = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  return () => {
    if (saved) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved);
  };
}
