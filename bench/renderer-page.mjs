/* global window, document, requestAnimationFrame, MutationObserver, ResizeObserver, Element -- page.evaluate() and init-script code runs in the browser */
// The in-page half of the renderer benchmark: installed with page.addInitScript
// before any page script runs, so it sees the first WebSocket message. It stamps
// every message (performance.now(), i.e. ms since navigation start) around the
// app's own onmessage handler, and finds the paint that follows a DOM update
// with a MutationObserver plus requestAnimationFrame: the rAF callback runs just
// before the frame is painted, and a MessageChannel task queued from it runs
// just after, so that stamp is "the frame with the change is on screen".
// Serialized by Playwright: no closures over module scope.
export function installPageProbes(expectedRows = 100000) {
  const B = {
    msgs: [],
    /** The message whose DOM update we are waiting for (a diff or a snapshot). */
    pending: null,
    /** The first frame showing rows and the full count: the page's first screen (boot-*) or the app's grid. */
    firstPaint: null,
    /**
     * That same frame as Chromium reports it (markFrame), once it has reached the screen: { presented, paintTime,
     * presentedBy: the element timing field `presented` is, or 'none' when no entry came within 5 s }.
     */
    firstPresented: null,
    /** Chromium's first-contentful-paint entry ({ startTime, paintTime, presentationTime }), for the record. */
    fcp: null,
    /** The first frame of the app's own grid with rows and the full count (the page is interactive from then). */
    gridPaint: null,
    wsNew: null,
    wsOpen: null,
    big: null,
    /** Filter measurement: stamps of paints after grid/status mutations. */
    watch: null,
    /** Diffs painted so far, and what waits for more (the driver's collectDiffs, instead of polling the page). */
    paintedDiffs: 0,
    waiters: new Set(),
  };
  window.__bench = B;

  // cb(painted, frame): `frame` is the rAF's timestamp, the start of the frame that paints the change (its vsync);
  // so dom -> frame is the wait for a frame (up to one interval, 16.7 ms at 60 Hz, more when the main thread is
  // busy) and frame -> painted the frame's own work (style, layout, paint).
  const afterPaint = (cb) =>
    requestAnimationFrame((frame) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(performance.now(), frame);
      ch.port2.postMessage(0);
    });
  B.afterPaint = afterPaint;

  const kindOf = (data) => {
    const head = data.slice(0, 80);
    const push = /"channel":"(\w+)"/.exec(head);
    if (push && head.includes('"push"')) return push[1];
    if (head.includes('"result"')) return data.length > 100_000 ? 'snapshot-result' : 'result';
    return 'other';
  };

  const Native = window.WebSocket;
  class StampedWebSocket extends Native {
    constructor(...args) {
      // When the page created its socket (boot.ts does it first thing): its script has been fetched and evaluated.
      B.wsNew ??= performance.now();
      super(...args);
      // When the socket opened (ms since navigation start): the first load's time before any data.
      this.addEventListener('open', () => (B.wsOpen ??= performance.now()), { once: true });
      let handler = null;
      // The app assigns ws.onmessage after construction; this listener was added
      // first, so it runs the app's handler itself, between two stamps.
      Object.defineProperty(this, 'onmessage', {
        configurable: true,
        get: () => handler,
        set: (fn) => {
          handler = fn;
        },
      });
      this.addEventListener('message', (ev) => {
        // Binary frames (full snapshots; diffs too with protocol netscope.v5): a JSON route after 8 bytes says which.
        const binary = ev.data instanceof ArrayBuffer;
        const data = binary
          ? new TextDecoder().decode(new Uint8Array(ev.data, 8, Math.min(72, ev.data.byteLength - 8)))
          : typeof ev.data === 'string'
            ? ev.data
            : '';
        const kind = binary
          ? data.includes('"result"')
            ? 'snapshot-result'
            : (/"channel":"(\w+)"/.exec(data)?.[1] ?? 'snapshot')
          : kindOf(data);
        const size = binary ? ev.data.byteLength : data.length;
        const rec = { kind, chars: size, binary, t0: performance.now(), t1: 0, dom: null, frame: null, paint: null };
        if (kind === 'diff' || kind === 'snapshot' || kind === 'snapshot-result') B.pending = rec;
        if (kind === 'snapshot' && !binary && !B.big) B.big = data;
        if (handler) handler.call(this, ev);
        rec.t1 = performance.now();
        B.msgs.push(rec);
      });
    }
  }
  window.WebSocket = StampedWebSocket;

  const inUi = (node) => {
    const el = node instanceof Element ? node : node.parentElement;
    return !!el?.closest(
      '[data-testid="conn-grid"],[data-testid="status-bar"],[data-testid="boot-screen"],[data-testid="talkers-view"]',
    );
  };

  /**
   * Do the rows fill the grid's room on screen (the last one drawn reaches the grid's visible bottom)? WHY from the
   * laid-out page, not a count: the first screen draws only as many rows as it computes room for (first-screen.ts
   * rowsInView, from the grid's clientHeight), and a wrong computation there would have a frame with a few rows
   * counted as the first paint. Called from a ResizeObserver (whenFilled), when the frame's layout is done.
   */
  const fillsGrid = (rowsSel, gridSel) => {
    const grid = document.querySelector(gridSel);
    const rows = document.querySelectorAll(rowsSel);
    if (!grid || rows.length === 0) return false;
    // The grid's visible inside (less a horizontal scrollbar), as laid out on screen.
    const box = grid.getBoundingClientRect();
    const bottom = Math.min(box.top + grid.clientTop + grid.clientHeight, window.innerHeight);
    let lowest = -Infinity;
    for (const r of rows) lowest = Math.max(lowest, r.getBoundingClientRect().bottom);
    // A view with fewer rows than the grid has room for draws them all.
    return lowest >= bottom - 1 || rows.length >= expectedRows;
  };
  /** Frames with rows that did not fill the grid: not a first paint (see fillsGrid), kept for the record. */
  B.shortFrames = [];

  /**
   * When does a frame the probe found reach the screen? The stamp (whenFilled) is the end of the frame's main-thread
   * work; Chromium then rasterises and presents it, here in software on a worker that waits for a core (78-237 ms
   * later in session 35). Paint timing has that (presentationTime) only for first-contentful-paint, which can be an
   * earlier frame (a short one), and element timing only for an element's first paint: the filled frame's rows may
   * have been painted before it, or none may be new in it (filled by a relayout). So the probe adds, in that
   * frame's ResizeObserver callback (after its layout, before its paint: the frame re-runs style and layout for it),
   * an element of its own with `elementtiming`: it is first painted in exactly that frame, and its entry carries
   * that frame's paintTime and presentationTime. A 2 px fixed dot at the bottom right corner, removed once told.
   * Chromium without presentationTime (before 2025's paint timing mixin): renderTime, said in presentedBy.
   */
  const marks = new Map();
  const markFrame = (id, onPresented) => {
    const mark = document.createElement('div');
    mark.setAttribute('elementtiming', id);
    mark.setAttribute('aria-hidden', 'true');
    mark.style.cssText =
      'position:fixed;right:0;bottom:0;width:2px;height:2px;overflow:hidden;font:2px/2px monospace;color:#888;pointer-events:none;z-index:2147483647';
    mark.textContent = '.';
    // WHY a deadline: a driver waits for the word this sends; a Chromium without element timing must not hang it.
    const timer = setTimeout(() => {
      if (!marks.delete(id)) return;
      mark.remove();
      onPresented({ presented: null, paintTime: null, presentedBy: 'none' });
    }, 5000);
    marks.set(id, { mark, onPresented, timer });
    (document.body ?? document.documentElement).appendChild(mark);
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const m = marks.get(e.identifier);
        if (!m || e.element !== m.mark) continue;
        marks.delete(e.identifier);
        clearTimeout(m.timer);
        m.mark.remove();
        const presentedBy =
          typeof e.presentationTime === 'number' && e.presentationTime > 0 ? 'presentationTime' : 'renderTime';
        m.onPresented({ presented: e[presentedBy], paintTime: e.paintTime ?? null, presentedBy });
      }
    }).observe({ type: 'element', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.name === 'first-contentful-paint')
          B.fcp = {
            startTime: e.startTime,
            paintTime: e.paintTime ?? null,
            presentationTime: e.presentationTime ?? null,
          };
    }).observe({ type: 'paint', buffered: true });
  } catch {
    /* no element or paint timing: markFrame says so after its 5 s (presentedBy none) */
  }

  /**
   * From the next frame on, each frame until one shows rows (`rowsOf()`: their number, or null) filling the grid:
   * onFilled(t, rows) with t just after that frame's paint; onShort(t, rows) for each frame before it, t its check.
   * WHY in a ResizeObserver made in the frame's rAF callback: it reports after the frame's layout and before its
   * paint, with no task in between, so the page checked is the page painted (a check after the paint, in a task,
   * could read a newer page, after a WebSocket message and a React commit, and date it with the older frame's
   * paint); and layout is clean, so reading it forces none. It observes the root, which is always rendered with a
   * size, so it reports in every frame. WHY each frame and not only after a mutation: a grid can fill through
   * layout alone (a resize, a font). Returns `armed()`: false once the rows are gone (the first screen replaced by
   * the app), when it stops looking and the next mutation arms a new watch.
   */
  const whenFilled = (rowsOf, rowsSel, gridSel, onShort, onFilled, mark = null) => {
    let on = true;
    const look = () =>
      requestAnimationFrame(() => {
        const probe = new ResizeObserver(() => {
          probe.disconnect();
          const rows = rowsOf();
          if (rows === null) {
            on = false;
            return;
          }
          if (!fillsGrid(rowsSel, gridSel)) {
            onShort(performance.now(), rows);
            look();
            return;
          }
          // The filled frame's bounds, for checking what a mark says (renderer-page-check.mjs): its paint comes
          // after this check and before the next frame's animation callbacks.
          const frame = { checked: performance.now(), next: null };
          requestAnimationFrame(() => (frame.next = performance.now()));
          if (mark) mark();
          const ch = new MessageChannel();
          ch.port1.onmessage = () => onFilled(performance.now(), rows, frame);
          ch.port2.postMessage(0);
        });
        probe.observe(document.documentElement);
      });
    look();
    return () => on;
  };

  const GRID = '[data-testid="conn-grid"]';
  const BOOT_GRID = '[data-testid="boot-screen"] [role="grid"]';
  /** The page's first screen (src/renderer/boot/first-screen.ts: plain DOM before the app loads) or the app's grid,
   * each with its rows and the status bar's full count: their number of rows, or null. */
  const shown = (rowsId, countsId) => {
    const counts = document.querySelector(`[data-testid="${countsId}"]`)?.textContent ?? '';
    if (!new RegExp(`\\b${expectedRows} sockets`).test(counts)) return null;
    const rows = document.querySelectorAll(`[data-testid="${rowsId}"]`).length;
    return rows > 0 ? rows : null;
  };
  const gridRows = () => shown('conn-row', 'status-counts');
  const bootRows = () => shown('boot-row', 'boot-counts');
  /** Each true while its whenFilled looks at frames (or has found its frame). */
  let gridArmed = () => false;
  let firstArmed = () => false;

  const observer = new MutationObserver((records) => {
    const now = performance.now();
    if (!gridArmed() && gridRows() !== null) {
      gridArmed = whenFilled(
        gridRows,
        '[data-testid="conn-row"]',
        GRID,
        (t, rows) => B.shortFrames.push({ t, rows, by: 'grid' }),
        (t, rows) => {
          B.gridPaint = { t, rows };
          console.debug('netscope-bench:grid-paint');
        },
      );
    }
    if (!firstArmed()) {
      const by = bootRows() !== null ? 'first screen' : gridRows() !== null ? 'grid' : null;
      if (by !== null) {
        const boot = by === 'first screen';
        firstArmed = whenFilled(
          boot ? bootRows : gridRows,
          boot ? '[data-testid="boot-row"]' : '[data-testid="conn-row"]',
          boot ? BOOT_GRID : GRID,
          // The grid's short frames are recorded by its own watch above.
          (t, rows) => {
            if (boot) B.shortFrames.push({ t, rows, by });
          },
          (t, rows, frame) => {
            B.firstPaint = { t, rows, by, frame };
            // Told to the driver (pageSaid in renderer.mjs), which then need not poll the page during its load.
            console.debug('netscope-bench:first-paint');
          },
          () =>
            markFrame('netscope-first-paint', (p) => {
              B.firstPresented = p;
              console.debug('netscope-bench:first-presented');
            }),
        );
      }
    }
    if (!records.some((r) => inUi(r.target))) return;
    const rec = B.pending;
    if (rec) {
      B.pending = null;
      rec.dom = now;
      afterPaint((t, frame) => {
        rec.paint = t;
        rec.frame = frame;
        if (rec.kind !== 'diff') return;
        B.paintedDiffs++;
        for (const w of B.waiters) w();
      });
    }
    if (B.watch) {
      const w = B.watch;
      w.mutations++;
      afterPaint((t) => w.paints.push(t));
    }
  });
  const start = () =>
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  start();
}
