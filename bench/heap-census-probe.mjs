// What the page's heap holds at 100k rows (issue 13): a heap snapshot after a few diffs, its objects counted and sized
// by constructor (self size), the largest first. WHY: a major GC's marking walks every live object on V8's pool
// threads, which in the slowest diffs held one of the 2 cores (renderer-trace.mjs POOL=1); this names what it walks.
// A diagnosis tool, not in `npm run bench`.
//   node bench/heap-census-probe.mjs [view] [diffs]   (SYNTHETIC: another load for serve, `100000:0.01:0.01` for rows
//   with traffic counters as renderer-talkers.mjs; TOP: how many constructors to print, 30)
import { collectDiffs, stopServe } from './renderer.mjs';
import { launchProbe, openViewAt100k, pageHeapSnapshot } from './diff-probe-page.mjs';

const VIEW = process.argv[2] ?? 'unsorted';
const DIFFS = Number(process.argv[3] ?? 4);
const TOP = Number(process.env.TOP ?? 30);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Objects per (type, name) of a V8 heap snapshot: count and self bytes. */
function census(snapshot) {
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byKey = new Map();
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const name = type === 'object' || type === 'closure' ? snapshot.strings[nodes[i + nameAt]] : `(${type})`;
    const key = `${type} ${name}`;
    const e = byKey.get(key) ?? { key, count: 0, bytes: 0 };
    e.count++;
    e.bytes += nodes[i + sizeAt];
    byKey.set(key, e);
  }
  return [...byKey.values()].sort((a, b) => b.bytes - a.bytes);
}

/**
 * The property names that hold heap numbers (boxed doubles: one heap object each, which marking walks) and the
 * shapes of plain objects (their first property names), counted: which fields and which objects make the count.
 */
function holders(snapshot) {
  const {
    node_fields: fields,
    node_types: [types],
    edge_fields: efields,
    edge_types: [etypes],
  } = snapshot.snapshot.meta;
  const width = fields.length;
  const ewidth = efields.length;
  const [typeAt, nameAt, edgesAt, sizeAt] = ['type', 'name', 'edge_count', 'self_size'].map((f) => fields.indexOf(f));
  const [etypeAt, enameAt, etoAt] = ['type', 'name_or_index', 'to_node'].map((f) => efields.indexOf(f));
  const { nodes, edges, strings } = snapshot;
  const numberBy = new Map();
  const stringBy = new Map();
  const shapes = new Map();
  const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);
  let e = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const count = nodes[i + edgesAt];
    const isPlain = types[nodes[i + typeAt]] === 'object' && strings[nodes[i + nameAt]] === 'Object';
    const props = [];
    for (let k = 0; k < count; k++, e += ewidth) {
      const etype = etypes[edges[e + etypeAt]];
      // Strings by what holds them: a property's name, else the holder's kind (an array's elements, a Map's table).
      const target = edges[e + etoAt];
      if (STRING_TYPES.has(types[nodes[target + typeAt]]) && etype !== 'weak' && etype !== 'shortcut') {
        const key =
          etype === 'property'
            ? strings[edges[e + enameAt]]
            : `(${etype} of ${`${types[nodes[i + typeAt]]} ${strings[nodes[i + nameAt]]}`.slice(0, 48)})`;
        stringBy.set(key, (stringBy.get(key) ?? 0) + 1);
      }
      if (etype !== 'property') continue;
      const name = strings[edges[e + enameAt]];
      if (isPlain && props.length < 4) props.push(name);
      const to = edges[e + etoAt];
      // A Smi shows as a number of no size (captured numeric values): only boxed ones are heap objects.
      if (types[nodes[to + typeAt]] === 'number' && nodes[to + sizeAt] > 0)
        numberBy.set(name, (numberBy.get(name) ?? 0) + 1);
    }
    if (isPlain) {
      const key = props.join(',');
      shapes.set(key, (shapes.get(key) ?? 0) + 1);
    }
  }
  const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return { numbers: top(numberBy), strings: top(stringBy), shapes: top(shapes) };
}

// A watchdog: one run here printed nothing for 30 minutes while holding the bench lock (where it waited is not known;
// its serve was left running too, see the finally below); past 240 s it says so and ends.
setTimeout(() => {
  console.error('heap-census-probe: no answer in 240 s, giving up');
  process.exit(1);
}, 240_000).unref();

const { serve, browser } = await launchProbe();
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await openViewAt100k(browser, url, VIEW, 2);
  await collectDiffs(page, DIFFS);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const snapshot = await pageHeapSnapshot(cdp);
  const rows = census(snapshot);
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  const objects = rows.reduce((s, r) => s + r.count, 0);
  console.log(`view ${VIEW}: ${(total / 2 ** 20).toFixed(1)} MiB in ${objects} heap objects; by type and constructor:`);
  for (const r of rows.slice(0, TOP))
    console.log(`${(r.bytes / 2 ** 20).toFixed(2).padStart(8)} MiB ${String(r.count).padStart(9)}  ${r.key}`);
  const { numbers, strings, shapes } = holders(snapshot);
  console.log('heap numbers by the property holding them:');
  for (const [name, n] of numbers) console.log(`${String(n).padStart(9)}  ${name}`);
  console.log('references to strings by the property holding them (or the holder, for elements and internal slots):');
  for (const [name, n] of strings) console.log(`${String(n).padStart(9)}  ${name}`);
  console.log('plain objects by their first properties:');
  for (const [key, n] of shapes) console.log(`${String(n).padStart(9)}  {${key}}`);
} finally {
  await browser.close();
  await stopServe(serve.child);
}
