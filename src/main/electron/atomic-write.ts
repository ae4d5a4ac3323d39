/**
 * Writes a file so that it is either the old or the complete new content,
 * never half a CSV: write a temporary file beside the target, then rename it
 * over (a rename within one folder is atomic, and replaces on Windows too).
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(target: string, data: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not write ${target}: ${reason}`);
  }
}
