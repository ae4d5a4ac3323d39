// The old tree a paired bench compares this one with (receive-diff.mjs, row-text.mjs, first-key.mjs, talkers.mjs):
// OLD_SRC, a checkout of the other commit (e.g. `git worktree add --detach /tmp/old <rev>` and a link to this tree's
// node_modules in it: its source imports packages; jiti reads its TypeScript, so it needs no build). WHY asked for, not defaulted: the defaults named a session's worktree, gone once
// the session ended, and failed with an import error that did not say what to set.
import { existsSync } from 'node:fs';

/** OLD_SRC, checked to hold `file` (a path inside the tree, such as src/shared/filter-text.ts). */
export function oldSource(file) {
  const dir = process.env.OLD_SRC;
  if (!dir) throw new Error(`set OLD_SRC to a checkout of the commit to compare with (one that has ${file})`);
  if (!existsSync(`${dir}/${file}`)) throw new Error(`OLD_SRC=${dir} has no ${file}`);
  return dir;
}
