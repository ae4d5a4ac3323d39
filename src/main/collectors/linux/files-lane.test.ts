/** The files-only lane reads files in this thread and refuses every other job rather than running it half. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesLane } from './files-lane';
import { readFiles } from './proc-reads';

describe('FilesLane', () => {
  it('reads files, and says which are absent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'files-lane-'));
    writeFileSync(join(dir, 'a'), 'route table\n');
    const [present, absent] = await readFiles(new FilesLane(), [join(dir, 'a'), join(dir, 'missing')], 'utf8');
    expect(present?.text).toBe('route table\n');
    expect(absent?.text).toBeNull();
  });

  it('refuses a socket-table or owner-scan job with a message naming it', async () => {
    const lane = new FilesLane();
    await expect(lane.call('sockDiag', {} as never)).rejects.toThrow(/cannot run 'sockDiag'/);
    expect(() => lane.notify('ownerList', {} as never)).not.toThrow();
  });
});
