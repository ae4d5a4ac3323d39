/**
 * The app shell: toolbar, view tabs, the main area (the connection grid or
 * one of the other views), the process panel, dialogs and the status bar.
 */
import { lazy, Suspense, useEffect, useMemo, type KeyboardEvent } from 'react';
import { emptySnapshot } from '../shared/model';
import { getApi } from './api';
import { ConnectionGrid } from './grid/ConnectionGrid';
import { ContextMenu } from './grid/ContextMenu';
import { useViewRows } from './grid/useViewRows';
import { ExportDialog } from './panels/ExportDialog';
import { ProcessPanel } from './panels/ProcessPanel';
import { StatusBar } from './StatusBar';
import { getStore, useNetScope } from './store';
import { Toolbar } from './Toolbar';
import { TABS, useUi, type Tab } from './ui-store';
import { recordInterfaceHistory } from './views/history';

// WHY lazy: the secondary views bring recharts, about half of the bundle; the
// connection grid paints first without parsing it, the views load on first use.
const views = () => import('./views');
const RoutesView = lazy(() => views().then((m) => ({ default: m.RoutesView })));
const InterfacesView = lazy(() => views().then((m) => ({ default: m.InterfacesView })));
const StatsView = lazy(() => views().then((m) => ({ default: m.StatsView })));
const StatesView = lazy(() => views().then((m) => ({ default: m.StatesView })));
const DosView = lazy(() => views().then((m) => ({ default: m.DosView })));

function NoticeBanner() {
  const notice = useNetScope((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => getStore().getState().setNotice(null), 5000);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button
        type="button"
        className="icon-btn"
        aria-label="Dismiss"
        onClick={() => getStore().getState().setNotice(null)}
      >
        ×
      </button>
    </div>
  );
}

function Tabs() {
  const tab = useUi((s) => s.tab);
  const onKeyDown = (e: KeyboardEvent, i: number): void => {
    const by = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!by) return;
    const next = TABS[(i + by + TABS.length) % TABS.length] as Tab;
    useUi.getState().setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Views">
      {TABS.map((t, i) => (
        <button
          key={t}
          id={`tab-${t}`}
          type="button"
          role="tab"
          aria-selected={t === tab}
          aria-controls="main-view"
          tabIndex={t === tab ? 0 : -1}
          className={`tab${t === tab ? ' active' : ''}`}
          onClick={() => useUi.getState().setTab(t)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {t}
        </button>
      ))}
    </div>
  );
}

function OtherView({ tab }: { tab: Tab }) {
  return (
    <Suspense fallback={<div className="loading">Loading…</div>}>
      <LazyView tab={tab} />
    </Suspense>
  );
}

function LazyView({ tab }: { tab: Tab }) {
  const snapshot = useNetScope((s) => s.snapshot);
  const snap = useMemo(() => snapshot ?? emptySnapshot(), [snapshot]);
  switch (tab) {
    case 'Routes':
      return <RoutesView snapshot={snap} />;
    case 'Interfaces':
      return <InterfacesView snapshot={snap} />;
    case 'Statistics':
      return <StatsView snapshot={snap} />;
    case 'States':
      return <StatesView snapshot={snap} />;
    case 'DoS':
      return <DosView snapshot={snap} />;
    default:
      return null;
  }
}

export function App() {
  const title = useNetScope((s) => s.status?.title);
  const tab = useUi((s) => s.tab);
  const processPid = useUi((s) => s.processPid);
  const exportOpen = useUi((s) => s.exportOpen);
  const { rows: viewRows, openCount } = useViewRows();

  useEffect(() => {
    document.title = title ? `NetScope - ${title}` : 'NetScope';
  }, [title]);

  // The interface charts need every snapshot, whichever tab is open.
  useEffect(() => {
    const store = getStore();
    const first = store.getState().snapshot;
    if (first) recordInterfaceHistory(first);
    return store.subscribe((s, prev) => {
      if (s.snapshot && s.snapshot !== prev.snapshot) recordInterfaceHistory(s.snapshot);
    });
  }, []);

  useEffect(
    () =>
      getApi().onCommand((c) => {
        if (c === 'export-csv') useUi.getState().setExportOpen(true);
      }),
    [],
  );

  return (
    <div className="app">
      <Toolbar />
      <Tabs />
      <NoticeBanner />
      <div className="main">
        <main id="main-view" className="view" role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {tab === 'Connections' ? <ConnectionGrid rows={viewRows} /> : <OtherView tab={tab} />}
        </main>
        {processPid !== null && <ProcessPanel key={processPid} pid={processPid} />}
      </div>
      <StatusBar shown={openCount} />
      <ContextMenu />
      {exportOpen && <ExportDialog viewRows={viewRows} />}
    </div>
  );
}
