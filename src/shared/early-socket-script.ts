/**
 * The page's one inline script (index.html, browser mode): it opens the WebSocket while the HTML is parsed, before
 * the boot script (boot.ts) has arrived and run, and leaves it on `window` for boot to adopt
 * (renderer/api/browser-socket.ts startEarlySocket).
 *
 * WHY: on a fresh load the boot script is fetched, compiled and run ~80-150 ms after the HTML is parsed (its
 * request waits for Chromium's commit of the navigation, then for a server busy with a 100k-row refresh); the
 * socket, and the head it brings, waited for that (note-s34: wsNew 284-346 ms, HTML parsed 204-231). Opened here,
 * the head is usually in when boot runs.
 *
 * It is data-free: it reads only what boot reads (the token in the address or sessionStorage, the saved view in
 * localStorage) and computes the same URL and subprotocols. boot.ts checks both and uses this socket only when they
 * are exactly its own, so a case this short script gets wrong (a saved filter that does not parse, a sort column no
 * longer known, a version-1 entry) costs only this socket, which boot closes and opens its own as before. In
 * Electron (the preload's `window.netscope`) it does nothing.
 *
 * The CSP allows exactly this text by its sha256 (security-headers.ts; a test pins the hash), never
 * 'unsafe-inline'. Written as ES5-level plain JavaScript, not generated: the hash must not depend on a compiler.
 * Its literals mirror shared/wire.ts, wire-frame.ts, wire-head.ts and the renderer's keys and row height; a test
 * compares them, and another compares its URL with boot's for many saved views.
 */

/** The property of `window` the script leaves its socket on (boot takes it and deletes it). */
export const EARLY_SOCKET_GLOBAL = '__netscopeEarly';

export const EARLY_SOCKET_SCRIPT =
  '(function(){try{' +
  // Electron: the preload's bridge; the app talks over IPC.
  'if(window.netscope)return;' +
  // The token as takeToken reads it: the fragment, else the query, else what this tab kept.
  'var L=location,t=new URLSearchParams(L.hash.replace(/^#/,"")).get("token");' +
  'if(t===null)t=new URLSearchParams(L.search).get("token");' +
  'if(!t){try{t=sessionStorage.getItem("netscope.token")}catch(x){t=null}}' +
  // The saved view as the store reads it (persist's {state:{prefs},version}); version 1's key: leave it to boot.
  'var p={},s=localStorage.getItem("netscope.prefs");' +
  'if(s===null){if(localStorage.getItem("netscope.prefs.v1")!==null)return}' +
  'else{try{var v=JSON.parse(s);p=v&&v.state&&v.state.prefs||{}}catch(x){p={}}}' +
  'var o=p.sort,S=o&&typeof o==="object"&&typeof o.column==="string"?{column:o.column,desc:o.desc===true}:null;' +
  'var F=typeof p.filter==="string"?p.filter.slice(0,1000):"";' +
  // Rows for the whole screen plus the grid's overscan (savedHeadRequest: ROW_HEIGHT 22, MAX_HEAD_ROWS 500).
  'var R=Math.min(500,Math.max(1,Math.ceil(Math.max(innerHeight,screen&&screen.height||0)/22)+8));' +
  'var u=(L.protocol==="https:"?"wss":"ws")+"://"+L.host+"/ws?head="+' +
  'encodeURIComponent(JSON.stringify({sort:S,filter:F,hideTimeWait:p.hideTimeWait===true,rows:R}));' +
  'var P=["netscope.v5","netscope.v4","netscope.v1"];if(t)P.push("netscope.token."+t);' +
  // The same buffer as openEarlySocket's (browser-socket.ts EarlySocket), plus what boot compares.
  'var w=new WebSocket(u,P),e={socket:w,messages:[],opened:false,closed:null,onArrive:null,url:u,protocols:P};' +
  'w.binaryType="arraybuffer";' +
  'w.onopen=function(){e.opened=true};' +
  'w.onmessage=function(m){e.messages.push(m.data);if(e.onArrive)e.onArrive()};' +
  'w.onerror=function(){};' +
  'w.onclose=function(c){e.closed={ev:c};if(e.onArrive)e.onArrive()};' +
  'window.__netscopeEarly=e' +
  // Anything unexpected (storage disabled, no WebSocket): boot opens the socket as it always did.
  '}catch(x){}})()';

/** The CSP source that allows EARLY_SOCKET_SCRIPT and nothing else inline (early-socket-script.test.ts checks it). */
export const EARLY_SOCKET_SCRIPT_HASH = "'sha256-RgKzLkV1GmLY+TJ0kqRJgYriiIesagRG9Z6mdZebjNc='";

/**
 * Where index.html wants the script: at the end of its body. The CSP meta in the head covers it; the page is parsed
 * by then, so the parser does not pause mid-head for it (it did there: parse end ~250 ms against ~200, A2 s35); and
 * no stylesheet link may come before it (a classic script waits for one: the build inlines the stylesheet,
 * page-html.ts). It still runs before the boot module, which runs only once the page is parsed.
 */
export const EARLY_SOCKET_MARKER = '<!-- early-socket -->';

/** index.html with the script in place of its marker (the renderer build's plugin, electron.vite.config.ts). */
export function withEarlySocketScript(html: string): string {
  const at = html.indexOf(EARLY_SOCKET_MARKER);
  if (at < 0 || html.indexOf(EARLY_SOCKET_MARKER, at + 1) >= 0) {
    throw new Error(`index.html must hold ${EARLY_SOCKET_MARKER} exactly once`);
  }
  return `${html.slice(0, at)}<script>${EARLY_SOCKET_SCRIPT}</script>${html.slice(at + EARLY_SOCKET_MARKER.length)}`;
}
