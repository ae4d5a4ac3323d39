/** The checks a token file passes before its token is read (serve's --token-file, the metrics' token file). */
import { statSync } from 'node:fs';
import { UsageError } from './flag-table';

/** A token file is a line or two, not a disk image. */
const MAX_TOKEN_FILE_BYTES = 4096;

/**
 * A token file that exists, is a regular file and small, else a usage error naming the flag (`origin`): the same
 * message for --token-file and --metrics-token-file (the latter's raw ENOENT once exited 1).
 */
export function checkTokenFile(origin: string, path: string): void {
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new UsageError(`${origin}: not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${origin}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_TOKEN_FILE_BYTES) throw new UsageError(`${origin}: larger than ${MAX_TOKEN_FILE_BYTES} bytes`);
}
