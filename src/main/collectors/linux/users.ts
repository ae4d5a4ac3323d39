/**
 * uid -> user name from /etc/passwd, read once and read again only when its
 * mtime changes (no `getent`: no external commands, and NSS users from LDAP are
 * shown as their number).
 */
import { readFiles } from './proc-reads';
import type { ProcLane } from './worker-lane';

export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, , uidText] = line.split(':');
    if (!name || !uidText || !/^\d+$/.test(uidText)) continue;
    const uid = Number(uidText);
    // The first entry wins, as getpwuid() does.
    if (!names.has(uid)) names.set(uid, name);
  }
  return names;
}

export class UserNames {
  private names = new Map<number, string>();
  private loadedMtime = -1;

  constructor(
    private readonly passwdPath: string,
    private readonly io: ProcLane,
  ) {}

  /**
   * Rereads the file if it changed; cheap (one stat, in the reading thread) when
   * it did not. A read that fails or hangs keeps the names known so far and
   * returns a warning; null when all went well.
   */
  async refresh(signal?: AbortSignal): Promise<string | null> {
    if (this.io.isStuck(this.passwdPath))
      return `${this.passwdPath}: an earlier read has not returned; user names may be stale`;
    try {
      // In the refresh's shared read job (proc-reads.ts): a stat, and a read only when the mtime changed.
      const [passwd] = await readFiles(this.io, [this.passwdPath], 'utf8', signal, [{ knownMtime: this.loadedMtime }]);
      if (!passwd || passwd.unchanged === true || passwd.mtime === undefined) {
        return passwd?.problem ? `user names not updated: ${passwd.problem}` : null;
      }
      this.names = passwd.text === null ? new Map() : parsePasswd(passwd.text);
      this.loadedMtime = passwd.mtime;
      return null;
    } catch (error) {
      if (signal?.aborted) throw error;
      return `user names not updated: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** The name, or the number as text when the file does not know it. */
  nameOf(uid: number): string {
    return this.names.get(uid) ?? String(uid);
  }
}
