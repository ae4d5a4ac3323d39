// For the Node benches of the page's filter code (row-text.mjs, first-key.mjs): the serve --synthetic collector's
// rows as the page's store holds them, equal strings one object (src/renderer/store/shared-strings.ts), and the
// re-run under --expose-gc that lets each timed pass start after a full GC (no pass pays for the one before).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

/** Runs `script` (its import.meta.url) again with --expose-gc and exits with its status, where gc() is missing. */
export function exposeGc(script) {
  if (typeof globalThis.gc === 'function') return;
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(script)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const SHARED = ['localAddress', 'remoteAddress', 'processName', 'exePath', 'commandLine', 'user'];

/** `count` synthetic rows (1% churn generator, its first read), their text fields shared as the store shares them. */
export async function storeLikeRows(count) {
  const jiti = createJiti(import.meta.url);
  const { createSyntheticCollectors } = await jiti.import('../src/main/collectors/synthetic.ts');
  const { data } = await createSyntheticCollectors(count, 0.01).connections.collect();
  const strings = new Map();
  const shared = (s) => {
    if (typeof s !== 'string') return s;
    let t = strings.get(s);
    if (t === undefined) strings.set(s, (t = s));
    return t;
  };
  return data.map((c) => {
    const row = { ...c };
    for (const k of SHARED) row[k] = shared(row[k]);
    return row;
  });
}
