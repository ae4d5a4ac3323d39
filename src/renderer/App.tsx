/**
 * The app shell: toolbar, view tabs, the main area (the connection grid or
 * one of the other views), the process panel, dialogs and the status bar.
 */
import { lazy, memo, Suspense, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { emptySnapshot } from '../shared/model';
import { ConnectionGrid } from './grid/ConnectionGrid';
import { ContextMenu } from './grid/ContextMenu';
import { GridRefContext } from './grid/grid-focus';
import { useViewRows } from './grid/useViewRows';
import { ExportDialog } from './panels/ExportDialog';
import { ConnectRemoteDialog } from './panels/ConnectRemoteDialog';
import { RemoteBanner } from './RemoteBanner';
import { ProcessPanel } from './panels/ProcessPanel';
import { StatusBar } from './StatusBar';
import { TABS, useNetScope, useNetScopeStore, type Tab } from './store';
import { Toolbar } from './Toolbar';

// WHY lazy: the secondary views bring recharts, about half of the bundle; the
// connection grid paints first without parsing it, the views load on first use.
const views = () => import('./views');
const RoutesView = lazy(() => views().then((m) => ({ default: m.RoutesView })));
const InterfacesView = lazy(() => views().then((m) => ({ default: m.InterfacesView })));
const StatsView = lazy(() => views().then((m) => ({ default: m.StatsView })));
const StatesView = lazy(() => views().then((m) => ({ default: m.StatesView })));
const DosView = lazy(() => views().then((m) => ({ default: m.DosView })));
const TopTalkersView = lazy(() => views().then((m) => ({ default: m.TopTalkersView })));

/*
 * WHY the parts of the shell that take no props are memoized (NoticeBanner, Tabs; RemoteBanner, ContextMenu and the
 * Toolbar in their files): App renders when the view is cut again (a sort, a filter: useViewRows), and each of them
 * would render with it, its hooks run and its handlers made again (the tabs' ref callbacks, new per render, detached
 * and attached at every commit), for nothing it shows; they render when what they read from the store changes. A
 * diff renders none of them: the grid's rows and the status bar's counts are painted from the view directly
 * (grid/live-view.ts).
 */
const NoticeBanner = memo(function NoticeBanner() {
  const store = useNetScopeStore();
  const notice = useNetScope((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => store.getState().setNotice(null), 5000);
    return () => clearTimeout(t);
  }, [notice, store]);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => store.getState().setNotice(null)}>
        ×
      </button>
    </div>
  );
});

const Tabs = memo(function Tabs() {
  const store = useNetScopeStore();
  const tab = useNetScope((s) => s.tab);
  const buttons = useRef(new Map<Tab, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent, i: number): void => {
    // Arrows move and wrap; Home and End go to the first and last tab (the WAI-ARIA tabs pattern).
    const target: Record<string, number> = {
      ArrowRight: (i + 1) % TABS.length,
      ArrowLeft: (i - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    };
    const at = target[e.key];
    if (at === undefined) return;
    e.preventDefault();
    const next = TABS[at] as Tab;
    store.getState().setTab(next);
    buttons.current.get(next)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Views">
      {TABS.map((t, i) => (
        <button
          key={t}
          ref={(el) => {
            if (el) buttons.current.set(t, el);
            else buttons.current.delete(t);
          }}
          id={`tab-${t}`}
          type="button"
          role="tab"
          aria-selected={t === tab}
          aria-controls="main-view"
          tabIndex={t === tab ? 0 : -1}
          className={`tab${t === tab ? ' active' : ''}`}
          onClick={() => store.getState().setTab(t)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {t}
        </button>
      ))}
    </div>
  );
});

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
    case 'Top talkers':
      return <TopTalkersView snapshot={snap} />;
    default:
      return null;
  }
}

export function App() {
  const title = useNetScope((s) => s.status?.title);
  const tab = useNetScope((s) => s.tab);
  const processPid = useNetScope((s) => s.processPid);
  const exportOpen = useNetScope((s) => s.exportOpen);
  const connectOpen = useNetScope((s) => s.connectOpen);
  const { view, live } = useViewRows();
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = title ? `NetScope - ${title}` : 'NetScope';
  }, [title]);

  return (
    <GridRefContext.Provider value={gridRef}>
      <div className="app">
        <Toolbar />
        <Tabs />
        <NoticeBanner />
        <RemoteBanner />
        <div className="main">
          <main id="main-view" className="view" role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {tab === 'Connections' ? <ConnectionGrid live={live} view={view} /> : <OtherView tab={tab} />}
          </main>
          {processPid !== null && <ProcessPanel key={processPid} pid={processPid} />}
        </div>
        <StatusBar live={live} />
        <ContextMenu />
        {exportOpen && <ExportDialog live={live} />}
        {connectOpen && <ConnectRemoteDialog />}
      </div>
    </GridRefContext.Provider>
  );
}
