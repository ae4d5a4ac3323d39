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
// Fetched and evaluated now, while the server is idle (it is busy encoding the snapshot once the head is out),
// started when the first screen is painted: see boot/boot-sequence.ts.
const app = import('./main');
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
    app.then(
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
