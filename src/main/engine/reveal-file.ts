/**
 * "Show in folder" for a path the page asks about. The page is not trusted with
 * the file system: it may reveal only paths the app itself produced, namely a
 * CSV it exported in this session, or an executable path that is in the current
 * snapshot (the process behind a row) or that getProcessDetails reported. Any
 * other path, and an allowed path that no longer exists, get the same answer,
 * so the page cannot use revealFile to learn whether some other file exists.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fail, ok, type ApiResult } from '../../shared/api';
import type { Snapshot } from '../../shared/model';

export const REVEAL_REFUSED =
  'cannot show this file: NetScope shows only files it exported in this session and programs in the current list, and only while they exist';

const MAX_PROGRAMS = 10_000;

export class RevealablePaths {
  private readonly exported = new Set<string>();
  /** Executables the engine reported for a process the page asked about (bounded: oldest dropped). */
  private readonly programs = new Set<string>();

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  /** A file the app wrote (a CSV export) may be revealed for the rest of the session. */
  recordExport(path: string): void {
    this.exported.add(this.normalize(path));
  }

  /** The executable of a process the engine looked up (getProcessDetails) may be revealed too. */
  recordProgram(path: string): void {
    const normalized = this.normalize(path);
    this.programs.delete(normalized);
    this.programs.add(normalized);
    if (this.programs.size > MAX_PROGRAMS) this.programs.delete(this.programs.values().next().value as string);
  }

  isAllowed(path: string, snapshot: Snapshot | null): boolean {
    const wanted = this.normalize(path);
    if (this.exported.has(wanted) || this.programs.has(wanted)) return true;
    for (const c of snapshot?.connections ?? []) {
      if (c.exePath && this.normalize(c.exePath) === wanted) return true;
    }
    return false;
  }

  /** Reveals `path` with `show` when allowed and present; one message for every refusal. */
  async reveal(
    path: string,
    snapshot: Snapshot | null,
    show: (path: string) => Promise<void>,
  ): Promise<ApiResult<{ shown: true }>> {
    if (typeof path !== 'string' || path.length === 0 || !this.isAllowed(path, snapshot)) {
      return fail('not-found', REVEAL_REFUSED);
    }
    const absolute = resolve(path);
    const exists = await stat(absolute).then(
      () => true,
      () => false,
    );
    if (!exists) return fail('not-found', REVEAL_REFUSED);
    try {
      await show(absolute);
    } catch {
      return fail('not-found', REVEAL_REFUSED);
    }
    return ok({ shown: true as const });
  }

  private normalize(path: string): string {
    const absolute = resolve(path);
    // Windows paths are case-insensitive: C:\Windows\System32\svchost.exe is c:\windows\system32\SVCHOST.EXE.
    return this.platform === 'win32' ? absolute.toLowerCase() : absolute;
  }
}
