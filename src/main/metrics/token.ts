/**
 * The optional bearer token Prometheus scrapes with (its
 * `authorization: { credentials_file: ... }`). Read from a file, never argv:
 * a command line is readable by every user of the machine.
 */
import { readFile, stat } from 'node:fs/promises';
import { tokensEqual } from '../serve/auth';

/** RFC 6750's b64token, and long enough not to be guessed. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MIN_LENGTH = 16;
const MAX_FILE_BYTES = 4096;

export interface LoadedToken {
  token: string;
  /** Set when other users can read the file. */
  warning: string | null;
}

export async function loadTokenFile(path: string): Promise<LoadedToken> {
  let text: string;
  let mode: number;
  try {
    const info = await stat(path);
    // A token is a line, not /dev/zero or a disk image: refuse before reading.
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    mode = info.mode;
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot use the metrics token file ${path}: ${(error as Error).message}`);
  }
  const token = text.trim();
  if (token.length < MIN_LENGTH)
    throw new Error(`the metrics token in ${path} must be at least ${MIN_LENGTH} characters`);
  if (!BEARER_TOKEN.test(token)) {
    throw new Error(`the metrics token in ${path} may hold only letters, digits and - . _ ~ + / (and trailing =)`);
  }
  const warning =
    process.platform !== 'win32' && (mode & 0o077) !== 0
      ? `the metrics token file ${path} is readable by other users (chmod 600 it)`
      : null;
  return { token, warning };
}

/** Whether an Authorization header carries the expected bearer token (constant-time comparison). */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  if (header === undefined) return false;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match !== null && tokensEqual(match[1] as string, expected);
}
