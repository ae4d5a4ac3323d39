/**
 * One Backend for the window whose source can change: the live engine, or a
 * saved netstat output opened with File > Open saved output... Subscribers stay
 * subscribed across a switch and get the new source's full snapshot and status
 * at once, so the renderer needs no special case beyond a snapshot it already
 * handles (a resync). Switching back to live resumes the live engine.
 */
import type { ShellCommand } from '../../shared/api';
import { buildHandlers, callHandler, type ApiHandlers } from '../../shared/channels';
import type { Backend, PushMessage } from './backend-types';
import { SeqRebaser } from './seq-rebase';

export class SwitchableBackend implements Backend {
  private active: Backend;
  private readonly listeners = new Set<(message: PushMessage) => void>();
  private detach: (() => void) | null = null;
  /** Each source numbers its snapshots from 1: the window sees one rising sequence across switches. */
  private readonly seqs = new SeqRebaser();

  constructor(private readonly live: Backend) {
    this.active = live;
  }

  get isLive(): boolean {
    return this.active === this.live;
  }

  /** Shows another source (an imported file); the live engine pauses meanwhile. */
  async show(next: Backend): Promise<void> {
    const previous = this.active;
    // Detach first: the old source's last words (a 'paused' status) are not news for the window.
    this.detach?.();
    this.detach = null;
    if (previous === this.live) await this.live.handlers.pause();
    else await previous.stop();
    this.active = next;
    this.attach();
  }

  /** Back to the live engine, which resumes refreshing. */
  async showLive(): Promise<void> {
    if (this.isLive) return;
    await this.show(this.live);
    await this.live.handlers.resume();
  }

  /** Every call goes to the source shown now. */
  readonly handlers: ApiHandlers = {
    ...buildHandlers((method, args) => callHandler(this.active.handlers, method, args)),
    getSnapshot: async () => {
      const r = await this.active.handlers.getSnapshot();
      return r.ok ? { ok: true, value: this.seqs.snapshot(r.value) } : r;
    },
    getStatus: async () => {
      const r = await this.active.handlers.getStatus();
      return r.ok ? { ok: true, value: this.seqs.status(r.value) } : r;
    },
  };

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.listeners.add(listener);
    if (!this.detach) this.attach();
    else this.replay(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  sendCommand(command: ShellCommand): void {
    this.active.sendCommand(command);
  }

  start(): void {
    this.live.start();
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.detach = null;
    await Promise.all([this.live.stop(), this.isLive ? Promise.resolve() : this.active.stop()]);
  }

  /** Subscribes to the active backend once; its first messages (snapshot, status) reach every listener. */
  private attach(): void {
    this.detach?.();
    this.seqs.restart();
    this.detach = this.active.subscribe((message) => {
      const numbered = this.seqs.message(message);
      for (const listener of this.listeners) listener(numbered);
    });
  }

  /** A late subscriber gets the active source's snapshot and status like the first one did. */
  private replay(listener: (message: PushMessage) => void): void {
    const off = this.active.subscribe((message) => listener(this.seqs.message(message)));
    off();
  }
}
