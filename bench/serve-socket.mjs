// A bench client of `netscope serve` as its page connects: the WebSocket at /ws offering one protocol, with the
// token (the page URL's `#token=` unless given) as a `netscope.token.*` subprotocol and the page's origin, as
// serve's server checks them (src/main/serve/auth.ts). WHY one: four bench tools each wrote that handshake out.
import { WebSocket } from 'ws';

/** The token in a page URL that serve printed (`http://127.0.0.1:PORT/#token=...`). */
export function tokenOf(pageUrl) {
  return new URLSearchParams(new URL(pageUrl).hash.slice(1)).get('token');
}

/**
 * A WebSocket to serve at `pageUrl` offering `protocol` (`netscope.v5` binary frames, `netscope.v1` JSON).
 * maxPayload 1 GiB by default, as the soak had it: no snapshot a bench makes is refused for its size.
 */
export function serveSocket(pageUrl, protocol, { token = tokenOf(pageUrl), maxPayload = 1 << 30 } = {}) {
  const url = new URL(pageUrl);
  return new WebSocket(`ws://${url.host}/ws`, [protocol, `netscope.token.${token}`], {
    origin: url.origin,
    maxPayload,
  });
}

/** Whether a message is a diff: a binary frame's JSON route (after its 8-byte prefix) or a JSON push names it. */
function isDiff(data, isBinary) {
  return isBinary
    ? data.subarray(8, 60).toString('latin1').includes('"diff"')
    : data.toString().includes('"channel":"diff"');
}

/**
 * The next `count` diffs a page offering `protocol` gets from serve at `pageUrl`, as it got them: a binary frame's
 * bytes (Uint8Array) or a JSON message's text. The socket is closed once they came.
 */
export function captureDiffs(pageUrl, protocol, count) {
  return new Promise((resolve, reject) => {
    const ws = serveSocket(pageUrl, protocol);
    const diffs = [];
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      if (diffs.length === count || !isDiff(data, isBinary)) return;
      diffs.push(isBinary ? new Uint8Array(data) : data.toString());
      if (diffs.length === count) {
        ws.close();
        resolve(diffs);
      }
    });
  });
}
