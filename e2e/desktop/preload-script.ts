/**
 * The page side of the desktop harness: the script Chromium runs in every
 * frame before the page's own scripts. It runs the real built preload
 * (out/preload/index.js) in its own function scope with the `require` a
 * sandboxed Electron preload gets (`electron` with contextBridge and
 * ipcRenderer, `events`, `timers`, `url`); anything else is reported to the
 * harness and fails the test.
 *
 * ipcRenderer.invoke goes to a Playwright binding, so the main process sees
 * which page and frame called; webContents.send arrives through a function
 * with a random name. contextBridge copies values across as Electron does
 * (functions become wrappers, data is cloned), but into the page's own world:
 * Playwright cannot give the preload an isolated world, so context isolation
 * itself is not what this proves.
 */

export interface PreloadScriptConfig {
  /** The built preload's source, embedded as a function body (the page's CSP forbids eval). */
  preloadSource: string;
  /** Binding names (random per page): invoke(channel, args) and report(problem). */
  invokeBinding: string;
  reportBinding: string;
  /** The window function webContents.send delivers through (random per page). */
  pushFunction: string;
  platform: string;
}

// Plain JavaScript, run as is by Chromium: kept free of TypeScript-only syntax.
const RUNTIME = String.raw`
  const invokeRaw = window[config.invokeBinding];
  const reportRaw = window[config.reportBinding];
  delete window[config.invokeBinding];
  delete window[config.reportBinding];
  const report = (problem) => void reportRaw(String(problem)).catch(() => undefined);

  // A CSP report in any frame is a problem unless the test expected it.
  window.addEventListener('securitypolicyviolation', (e) => {
    report('CSP violation in ' + location.href + ': ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') +
      ' (' + e.sourceFile + ':' + e.lineNumber + ')');
  }, true);

  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      return invokeRaw(String(channel), args).then((r) => {
        if (r.ok) return r.value;
        throw new Error(r.message);
      });
    },
    on(channel, fn) {
      if (!listeners.has(channel)) listeners.set(channel, []);
      listeners.get(channel).push(fn);
      return ipcRenderer;
    },
    once(channel, fn) {
      const once = (...a) => {
        ipcRenderer.removeListener(channel, once);
        fn(...a);
      };
      return ipcRenderer.on(channel, once);
    },
    removeListener(channel, fn) {
      const list = listeners.get(channel) || [];
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
      return ipcRenderer;
    },
    off(channel, fn) {
      return ipcRenderer.removeListener(channel, fn);
    },
    removeAllListeners(channel) {
      if (channel === undefined) listeners.clear();
      else listeners.delete(channel);
      return ipcRenderer;
    },
  };
  for (const name of ['send', 'sendSync', 'sendToHost', 'postMessage']) {
    ipcRenderer[name] = () => {
      report('the preload called ipcRenderer.' + name + ', which the main process does not answer (it only handles invoke)');
      throw new Error('ipcRenderer.' + name + ' is not bridged');
    };
  }
  Object.defineProperty(window, config.pushFunction, {
    enumerable: false,
    value: (channel, args) => {
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      for (const fn of [...(listeners.get(channel) || [])]) fn(event, ...args);
    },
  });

  // contextBridge's copy rule: functions are wrapped both ways, promises resolve to copies, data is cloned.
  const cross = (value) => {
    if (typeof value === 'function') return (...args) => cross(value(...args.map(cross)));
    if (value instanceof Promise) return value.then(cross);
    if (Array.isArray(value)) return value.map(cross);
    if (value !== null && typeof value === 'object') {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return structuredClone(value);
      const copy = {};
      for (const key of Object.keys(value)) copy[key] = cross(value[key]);
      return copy;
    }
    return value;
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (key in window) {
        report('contextBridge.exposeInMainWorld: "' + key + '" already exists on window');
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      Object.defineProperty(window, key, { value: cross(api), enumerable: true });
    },
  };

  class EventEmitter {
    constructor() { this._l = new Map(); }
    on(n, f) { if (!this._l.has(n)) this._l.set(n, []); this._l.get(n).push(f); return this; }
    addListener(n, f) { return this.on(n, f); }
    once(n, f) { const w = (...a) => { this.off(n, w); f(...a); }; return this.on(n, w); }
    off(n, f) { const l = this._l.get(n) || []; const i = l.indexOf(f); if (i >= 0) l.splice(i, 1); return this; }
    removeListener(n, f) { return this.off(n, f); }
    removeAllListeners(n) { if (n === undefined) this._l.clear(); else this._l.delete(n); return this; }
    emit(n, ...a) { const l = [...(this._l.get(n) || [])]; for (const f of l) f(...a); return l.length > 0; }
    listenerCount(n) { return (this._l.get(n) || []).length; }
  }
  const events = EventEmitter;
  events.EventEmitter = EventEmitter;
  const modules = {
    electron: { contextBridge, ipcRenderer },
    events,
    timers: {
      setTimeout, clearTimeout, setInterval, clearInterval,
      setImmediate: (fn, ...a) => setTimeout(fn, 0, ...a), clearImmediate: clearTimeout,
    },
    url: { URL, URLSearchParams },
  };
  const sandboxedRequire = (name) => {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    report('the preload required "' + name + '", which a sandboxed preload cannot load');
    throw new Error("module not found: " + name);
  };
  const sandboxedProcess = Object.freeze({
    platform: config.platform, type: 'renderer', sandboxed: true, contextIsolated: true, env: {}, argv: [], versions: {},
  });
  return { sandboxedRequire, sandboxedProcess, report };
`;

/** The init script for one page: the runtime above, then the preload in its own scope. */
export function preloadInitScript(config: PreloadScriptConfig): string {
  const { preloadSource, ...names } = config;
  return [
    '(() => {',
    `const config = ${JSON.stringify(names)};`,
    `const { sandboxedRequire, sandboxedProcess, report } = (() => {${RUNTIME}})();`,
    'const module = { exports: {} };',
    'try {',
    '  (function (require, module, exports, process, global) {',
    preloadSource,
    '  }).call(module.exports, sandboxedRequire, module, module.exports, sandboxedProcess, window);',
    '} catch (error) {',
    "  report('the preload threw: ' + (error && error.stack ? error.stack : String(error)));",
    '}',
    '})();',
  ].join('\n');
}
