/**
 * The app's Template column on live Windows data (netstat -y): while the column is shown (setTcpTemplates), the
 * connections collector puts the templates of the last `netstat -any` read on its TCP rows every tick, and the
 * read is redone in the background at most once a minute. A netstat start costs far more than the IP Helper
 * tables (and -y makes it slower still), so a tick never waits for it: rows the last read did not see (new
 * connections) stay without a template until the next read.
 */
import type { TcpTemplatesState } from '../../../shared/api';
import type { Connection } from '../../../shared/model';
import type { CommandRunner } from './run';
import { applyTemplates, readTcpTemplates, type TemplateReading } from './templates';

/** How often the templates are read again while on; a template rarely changes during a connection's life. */
export const TEMPLATE_REFRESH_MS = 60_000;

export class TcpTemplateCache {
  private enabled = false;
  /** The last read's templates; null while on and no read has answered yet (or while off). */
  private templates: ReadonlyMap<string, string> | null = null;
  /** When the last read started (a failed read waits its minute too: netstat failing every tick helps nobody). */
  private lastStartedAt: number | null = null;
  /** The read in flight, if any: at most one, even across off and on (an aborted one still has to end). */
  private inFlight: Promise<void> | null = null;
  private abort: AbortController | null = null;
  /** Bumped on every switch: a read started before it is ignored when it answers. */
  private generation = 0;
  /** What the next tick reports (a read's warnings are said once, by the tick after it answered). */
  private pendingWarnings: string[] = [];
  /** The failure last reported, so a netstat that keeps failing the same way is not reported every minute. */
  private lastFailure: string | null = null;

  constructor(
    private readonly read: (signal: AbortSignal) => Promise<TemplateReading>,
    private readonly now: () => number = Date.now,
  ) {}

  static fromRunner(run: CommandRunner, now?: () => number): TcpTemplateCache {
    return new TcpTemplateCache((signal) => readTcpTemplates(run, signal), now);
  }

  get state(): TcpTemplatesState {
    if (!this.enabled) return 'off';
    return this.templates === null ? 'first-read' : 'on';
  }

  /** Whether it changed. Off drops the cache and aborts a read under way. */
  set(enabled: boolean): boolean {
    if (this.enabled === enabled) return false;
    this.enabled = enabled;
    this.generation++;
    this.templates = null;
    this.lastStartedAt = null;
    this.pendingWarnings = [];
    this.lastFailure = null;
    if (!enabled) this.abort?.abort();
    return true;
  }

  /**
   * One tick: puts the cached templates on the TCP rows, starts a background read when one is due (never waited
   * for) and returns the warnings to report now.
   */
  applyTo(rows: readonly Connection[]): string[] {
    if (!this.enabled) return [];
    if (this.templates) applyTemplates(rows, this.templates);
    this.startReadIfDue();
    const warnings = this.pendingWarnings;
    this.pendingWarnings = [];
    return warnings;
  }

  /** The read in flight (tests wait on it; the collector never does). */
  get reading(): Promise<void> | null {
    return this.inFlight;
  }

  private startReadIfDue(): void {
    if (this.inFlight !== null) return;
    const at = this.now();
    if (this.lastStartedAt !== null && at - this.lastStartedAt < TEMPLATE_REFRESH_MS) return;
    this.lastStartedAt = at;
    const generation = this.generation;
    const abort = new AbortController();
    this.abort = abort;
    this.inFlight = this.read(abort.signal)
      .catch((error: unknown): TemplateReading => {
        const why = error instanceof Error ? error.message : String(error);
        return { templates: new Map(), warnings: [`netstat -any failed: ${why}`] };
      })
      .then((reading) => {
        if (generation === this.generation) this.take(reading);
      })
      .finally(() => {
        this.inFlight = null;
        if (this.abort === abort) this.abort = null;
      });
  }

  private take(reading: TemplateReading): void {
    const failed = reading.templates.size === 0 && reading.warnings.length > 0;
    if (failed) {
      // The previous templates stay (better than none); the first read's failure still ends 'first-read'.
      this.templates ??= new Map();
      const failure = reading.warnings.join('; ');
      if (failure !== this.lastFailure) this.report(reading.warnings);
      this.lastFailure = failure;
      return;
    }
    this.templates = reading.templates;
    this.lastFailure = null;
    this.report(reading.warnings);
  }

  private report(warnings: readonly string[]): void {
    for (const w of warnings) this.pendingWarnings.push(`TCP templates: ${w}`);
  }
}
