/**
 * The page's entry (index.html). In browser mode it opens the WebSocket at
 * once and draws the snapshot's first screenful as plain DOM when it comes,
 * then starts the app (main.tsx), which takes the socket and the screen over;
 * in Electron it starts the app at once. boot/boot-sequence.ts says why.
 */
import { sameView } from '../shared/wire-head';
import { browserSocketOptions, savedPrefs, startEarlySocket } from './api/browser-socket';
import { drawFrame, drawHead, showLoadError } from './boot/first-screen';
import { afterNextPaint, runBoot } from './boot/boot-sequence';
import { browserStorage } from './store/prefs';
import './styles.css';

const early = startEarlySocket();
const root = document.getElementById('root');
const screen = early && root ? drawFrame(root, savedPrefs(browserStorage())) : null;
runBoot(early, {
  draw(head) {
    const asked = browserSocketOptions().head();
    if (!screen || !sameView(head.view, asked)) return false;
    drawHead(screen, head);
    return true;
  },
  afterPaint: (then) => afterNextPaint(then, window),
  startApp() {
    // Imported only now, once the first screen is painted: imported at once, the app's chunk (~360 KB) was compiled
    // and evaluated on the page's main thread whenever it came, often between the socket's opening and the head's
    // frame (which waited 100-300 ms behind it on a shared 2-core machine). In browser mode it is already in the
    // cache: serve's index.html answer has the browser prefetch it without compiling it (a Link header, static.ts);
    // after a head the server waits for the page before encoding the whole snapshot (src/main/serve/client.ts).
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
