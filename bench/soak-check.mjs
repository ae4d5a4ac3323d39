// The soak's client-side check: holds the snapshot the server pushed, applies
// every diff to it (with the app's own applyDiff), asks getSnapshot after a
// diff and compares the answer, row by row, with the state it built for the
// same seq. One getSnapshot at a time: a client that fires one per diff while
// it is behind would measure its own backlog in the server's memory. A diff
// whose base is not the held seq is a gap (a lost diff); a second full
// snapshot push means the server dropped diffs for us (also lost).

/** Every field name seen in a row, sorted: JSON.stringify with it as the replacer gives one key order. */
const fieldNames = new Set();
let sortedFields = [];

function canonical(row) {
  let grew = false;
  for (const k in row) {
    if (!fieldNames.has(k)) {
      fieldNames.add(k);
      grew = true;
    }
  }
  if (grew) sortedFields = [...fieldNames].sort();
  return JSON.stringify(row, sortedFields);
}

function compare(mine, theirs) {
  // Only connections are packed on the wire; the other parts keep the server's own key order.
  for (const part of ['routes', 'interfaces', 'protocolStats']) {
    if (JSON.stringify(mine[part]) !== JSON.stringify(theirs[part])) return `seq ${mine.seq}: ${part} differ`;
  }
  if (mine.connections.length !== theirs.connections.length) {
    return `seq ${mine.seq}: ${mine.connections.length} rows from diffs, ${theirs.connections.length} from getSnapshot`;
  }
  const byId = new Map(theirs.connections.map((c) => [c.id, c]));
  for (const c of mine.connections) {
    const other = byId.get(c.id);
    if (!other) return `seq ${mine.seq}: row ${c.id} only in the diffed state`;
    const a = canonical(c);
    const b = canonical(other);
    if (a !== b) return `seq ${mine.seq}: row ${c.id} differs: ${a.slice(0, 300)} vs ${b.slice(0, 300)}`;
  }
  return null;
}

/** How many past states to keep for answers that arrive after the next diff. */
const KEEP_STATES = 4;

export function createChecker({ applyDiff, isPackedSnapshot, unpackSnapshot }, requestSnapshot) {
  const stats = { snapshots: 0, diffs: 0, gaps: 0, resyncs: 0, checked: 0, skipped: 0, problems: [] };
  const states = new Map();
  let current = null;
  let nextId = 1;
  let asking = false;

  const remember = (snapshot) => {
    current = snapshot;
    states.set(snapshot.seq, snapshot);
    for (const seq of states.keys()) if (states.size > KEEP_STATES) states.delete(seq);
  };
  const unpack = (payload) => (isPackedSnapshot(payload) ? unpackSnapshot(payload) : payload);

  function onMessage(text) {
    const message = JSON.parse(text);
    if (message.type === 'push' && message.channel === 'snapshot') {
      stats.snapshots++;
      if (current !== null) stats.resyncs++;
      remember(unpack(message.payload));
    } else if (message.type === 'push' && message.channel === 'diff') {
      stats.diffs++;
      if (current === null) return;
      try {
        remember(applyDiff(current, message.payload));
      } catch (error) {
        stats.gaps++;
        stats.problems.push(`diff ${message.payload.baseSeq} -> ${message.payload.seq}: ${error.message}`);
        current = null;
      }
      if (!asking) {
        asking = true;
        requestSnapshot(nextId++);
      }
    } else if (message.type === 'result') {
      asking = false;
      if (!message.result.ok) {
        stats.problems.push(`getSnapshot failed: ${message.result.error.message}`);
        return;
      }
      const theirs = unpack(message.result.value);
      const mine = states.get(theirs.seq);
      if (current === null) remember(theirs);
      if (!mine) {
        stats.skipped++;
        return;
      }
      stats.checked++;
      const problem = compare(mine, theirs);
      if (problem) stats.problems.push(problem);
    }
  }

  /** Rows in the state the client holds: the machine's socket count, which the memory figures follow. */
  const rows = () => current?.connections.length ?? 0;
  return { onMessage, stats, rows };
}
