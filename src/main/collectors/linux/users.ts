/**
 * uid -> user name from /etc/passwd, read once and read again only when its
 * mtime changes (no `getent`: no external commands, and NSS users from LDAP are
 * shown as their number).
 */
import { statSync } from 'node:fs';
import { readTextQuietly } from './proc-fs';

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

  constructor(private readonly passwdPath: string) {}

  /** Rereads the file if it changed; cheap (one stat) when it did not. */
  refresh(): void {
    let mtime: number;
    try {
      mtime = statSync(this.passwdPath).mtimeMs;
    } catch {
      this.names = new Map();
      this.loadedMtime = -1;
      return;
    }
    if (mtime === this.loadedMtime) return;
    this.names = parsePasswd(readTextQuietly(this.passwdPath, 'utf8') ?? '');
    this.loadedMtime = mtime;
  }

  /** The name, or the number as text when the file does not know it. */
  nameOf(uid: number): string {
    return this.names.get(uid) ?? String(uid);
  }
}
