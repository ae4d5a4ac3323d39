import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getApi } from './api';
import { connectStore, createNetScopeStore, StoreProvider } from './store';
import { browserStorage } from './store/prefs';

/**
 * Starts the app. boot.ts (the page's entry, with the styles) loads this
 * module and calls this after it drew the first screen, or when it stops
 * waiting for one; React's first commit then replaces that screen.
 */
export function startApp(): void {
  // Create the store (and connect to the engine) before the first render.
  const api = getApi();
  const store = createNetScopeStore(api, browserStorage());
  connectStore(store, api);

  const root = document.getElementById('root');
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <StoreProvider store={store}>
          <App />
        </StoreProvider>
      </StrictMode>,
    );
  }
}
