// What grew in the server's V8 heap between two snapshots: objects grouped by
// kind and constructor (or string / closure name), counted and sized from the
// .heapsnapshot files the probe wrote. Good enough to name a steady tail; the
// owner-scan threads' own heaps are not in it (they are separate isolates).
import { readFileSync } from 'node:fs';

function summarize(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const typeNames = types[0];
  const width = fields.length;
  const at = (name) => fields.indexOf(name);
  const [typeAt, nameAt, sizeAt] = [at('type'), at('name'), at('self_size')];
  const groups = new Map();
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = typeNames[nodes[i + typeAt]];
    // Strings are grouped together: their text is the name, and every text would be its own group.
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : snapshot.strings[nodes[i + nameAt]];
    const key = `${type}:${name.slice(0, 60)}`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += nodes[i + sizeAt];
    groups.set(key, g);
  }
  return groups;
}

/** The groups that grew most in bytes from `before` to `after`, as Markdown table rows. */
export function heapGrowth(before, after, top = 8) {
  const a = summarize(before);
  const b = summarize(after);
  const rows = [];
  for (const [key, g] of b) {
    const old = a.get(key) ?? { count: 0, bytes: 0 };
    rows.push({ key, count: g.count - old.count, bytes: g.bytes - old.bytes });
  }
  rows.sort((x, y) => y.bytes - x.bytes);
  return rows
    .slice(0, top)
    .map(
      (r) =>
        `| \`${r.key.replace(/\|/g, '\\|')}\` | ${r.count >= 0 ? '+' : ''}${r.count} | ${(r.bytes / 1024).toFixed(1)} |`,
    );
}
