/**
 * Writes a file so that it is either the old or the complete new content,
 * never half a CSV: write a temporary file beside the target, flush it to
 * disk, then rename it over (a rename within one folder is atomic, and
 * replaces on Windows too). Without the flush, a crash right after the rename
 * can leave an empty file on file systems that delay allocation.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(target: string, data: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not write ${target}: ${reason}`);
  }
}
