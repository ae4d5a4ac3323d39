/**
 * The page's entry (index.html). In browser mode it opens the WebSocket at
 * once and draws the snapshot's first screenful as plain DOM when it comes,
 * then starts the app (main.tsx), which takes the socket and the screen over;
 * in Electron it starts the app at once. boot/boot-sequence.ts says why.
 */
import { sameView } from '../shared/wire-head';
import { browserSocketOptions, savedPrefs, startEarlySocket } from './api/browser-socket';
import { drawFrame, drawHead, showLoadError, type FirstScreen } from './boot/first-screen';
import { afterPresented, runBoot } from './boot/boot-sequence';
import { browserStorage } from './store/prefs';
import './styles.css';

/**
 * How long the first screen's frame (chrome, grid header) waits for the head before it is drawn alone. WHY not at
 * once: the head now comes with the socket's opening (the server answers in a few ms), but a frame drawn first held
 * the page's main thread (its forced layout, then its own rendering frame) while the head's message waited behind it
 * (wsNew -> open 70-230 ms, A232-probe, note-s32); drawn with the head, one frame holds both. When the server is
 * slow to answer, the frame is drawn while the page waits, as before (its style and font set-up off the rows' frame).
 */
export const FRAME_WAIT_MS = 60;

const early = startEarlySocket();
const root = document.getElementById('root');
let screen: FirstScreen | null = null;
/** Set once the app starts: it owns the root from then, the boot draws nothing more. */
let appStarted = false;
const frame = (): FirstScreen | null => {
  if (early && root && !screen && !appStarted) screen = drawFrame(root, savedPrefs(browserStorage()));
  return screen;
};
if (early && root) setTimeout(frame, FRAME_WAIT_MS);
runBoot(early, {
  draw(head) {
    const asked = browserSocketOptions().head();
    if (!sameView(head.view, asked)) return false;
    const drawn = frame();
    if (!drawn) return false;
    drawHead(drawn, head);
    return true;
  },
  afterPaint: (then) =>
    afterPresented(then, window, typeof PerformanceObserver === 'function' ? PerformanceObserver : null),
  startApp() {
    appStarted = true;
    // Imported only now, once the first screen's frame is on screen (boot-sequence.ts afterPresented): imported at
    // once, the app's chunk (~360 KB) was compiled and evaluated on the page's main thread whenever it came, often
    // between the socket's opening and the head's frame (which waited 100-300 ms behind it on a shared 2-core
    // machine). In browser mode it is already in the cache: serve's index.html answer has the browser prefetch it
    // without compiling it (a Link header, static.ts); after a head the server waits for the page before encoding the
    // whole snapshot (src/main/serve/client.ts).
    import('./main').then(
      (m) => m.startApp(),
      // The app's script did not load (the server stopped, or restarted with a new build): say so, not wait forever.
      (e: unknown) =>
        showLoadError(
          root,
          `NetScope could not load its page: ${e instanceof Error ? e.message : String(e)}. Reload to try again.`,
        ),
    );
  },
  later: (then, ms) => setTimeout(then, ms),
});
