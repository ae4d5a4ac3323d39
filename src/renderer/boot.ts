/**
 * The page's entry (index.html). In browser mode it opens the WebSocket at
 * once and draws the snapshot's first screenful as plain DOM when it comes,
 * then starts the app (main.tsx), which takes the socket and the screen over;
 * in Electron it starts the app at once. boot/boot-sequence.ts says why.
 */
import { sameView } from '../shared/wire-head';
import { browserSocketOptions, savedPrefs, startEarlySocket } from './api/browser-socket';
import { drawFrame, drawHead } from './boot/first-screen';
import { runBoot } from './boot/boot-sequence';
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
  afterPaint(then) {
    // The frame's callback runs before it paints; a task queued from it runs after.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = then;
      channel.port2.postMessage(null);
    });
  },
  loadApp() {
    void app.then((m) => m.startApp());
  },
  later: (then, ms) => setTimeout(then, ms),
});
