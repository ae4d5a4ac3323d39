/**
 * A remote `netscope serve` as a Backend: the desktop window shows it through
 * the SwitchableBackend exactly as it shows a saved output, so every view
 * works unchanged and the renderer's CSP never allows a remote origin (the
 * main process holds the socket). Calls go to the agent (it decides, e.g. it
 * refuses ending processes without --allow-actions and says why); pushes come
 * back; the newest snapshot is kept, diffs applied, so a late subscriber gets
 * it at once. A lost agent is announced in the status (`remote.state`) and
 * retried with backoff; calls meanwhile fail at once instead of hanging.
 */
import type WebSocket from 'ws';
import {
  fail,
  ok,
  type ApiResult,
  type Capabilities,
  type EngineStatus,
  type RemoteAgentStatus,
  type ShellCommand,
} from '../../shared/api';
import {
  buildHandlers,
  type ApiHandlers,
  type InvokeArgs,
  type InvokeMethod,
  type InvokeResult,
} from '../../shared/channels';
import { applyDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import { droppedMessage, type DroppedFields } from '../../shared/validate-rows';
import type { Backend } from '../engine/backend-types';
import { SeqRebaser } from '../engine/seq-rebase';
import { isRecord, readAgentMessage, readAgentSnapshot, readDiffPush } from './agent-inbound';
import { AgentRefusal, openAgentSocket } from './agent-link';
import { PendingCalls } from './pending-calls';
import type { AgentAddress } from './agent-url';

export interface RemoteBackendOptions {
  agent: AgentAddress;
  /** Local handlers for what must happen on this computer (saving an export). */
  saveCsv?: (csv: string, suggestedName: string) => Promise<string | null>;
  timeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class RemoteBackend implements Backend {
  private socket: WebSocket | null = null;
  private readonly listeners = new Set<(message: PushMessage) => void>();
  private readonly pending: PendingCalls;
  private snapshot: Snapshot | null = null;
  private agentStatus: EngineStatus | null = null;
  private link: RemoteAgentStatus;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private resyncing = false;
  /** A restarted agent numbers from 1 again; the window must not take its snapshots for stale ones. */
  private readonly seqs = new SeqRebaser();
  /** Snapshots this backend decoded from a packed answer, whose rows its decoder has already judged. */
  private readonly decoded = new WeakSet<Snapshot>();
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: RemoteBackendOptions) {
    this.pending = new PendingCalls(options.timeoutMs ?? 30_000);
    this.minBackoffMs = options.minBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.link = { address: options.agent.label, hostName: null, state: 'reconnecting', message: null };
  }

  /** The first connection: resolves once the agent accepted us; rejects with its reason (an AgentRefusal). */
  async connect(): Promise<void> {
    const ws = await openAgentSocket(this.options.agent);
    if (this.stopped) {
      ws.terminate();
      throw new AgentRefusal('other', 'Cancelled.');
    }
    this.adopt(ws);
  }

  /** The window's subject: the agent's host name (from its snapshot) and the address it is reached at. */
  get title(): string {
    const host = this.snapshot?.host;
    return host ? `${host} (${this.options.agent.label})` : this.options.agent.label;
  }

  get state(): RemoteAgentStatus {
    return { ...this.link };
  }

  readonly handlers: ApiHandlers = {
    ...buildHandlers((method, args) => this.invoke(method, args)),
    getSnapshot: async () => {
      const r = await this.invoke('getSnapshot', []);
      if (!r.ok) return r;
      // The rows as a push's are read: an answer the views cannot show is an error, not a window of rows that throw.
      // A packed answer was judged already (onMessage: packedRowsError, then its decoder), so only one sent plain
      // is read here (reading a decoded one again cost 11-31 ms at 100k rows).
      if (this.decoded.has(r.value)) return ok(this.seqs.snapshot(r.value));
      const read = readAgentSnapshot(r.value as unknown as Record<string, unknown>);
      if ('wrong' in read) return fail('io-error', this.unreadable(read.wrong));
      return ok(this.seqs.snapshot(read.snapshot));
    },
    getStatus: async () => {
      if (this.agentStatus) return ok(this.status());
      const r = await this.invoke('getStatus', []);
      if (!r.ok) return r;
      this.agentStatus = r.value;
      return ok(this.status());
    },
    getCapabilities: async () => {
      const r = await this.invoke('getCapabilities', []);
      if (!r.ok) return r;
      // Shown in the desktop window: exports are saved here, and the agent's paths are not on this computer.
      const caps: Capabilities = { ...r.value, mode: 'electron', canRevealFile: false, canElevate: false };
      return ok(caps);
    },
    exportCsv: async ({ csv, fileName }) => {
      if (!this.options.saveCsv) return fail('unsupported', 'Saving is not available here.');
      try {
        const path = await this.options.saveCsv(csv, fileName);
        return path === null ? fail('cancelled', 'Export cancelled.') : ok({ path });
      } catch (error) {
        return fail('io-error', `Could not save the CSV: ${(error as Error).message}`);
      }
    },
    revealFile: async () => fail('unsupported', "The agent's files are on another computer."),
    elevateOwners: async () => fail('unsupported', 'Elevation runs only on this computer.'),
    connectRemote: async () => fail('unsupported', 'Handled by the desktop app.'),
  };

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.listeners.add(listener);
    if (this.snapshot) listener({ channel: 'snapshot', payload: this.snapshot });
    if (this.agentStatus) listener({ channel: 'status', payload: this.status() });
    return () => {
      this.listeners.delete(listener);
    };
  }

  sendCommand(command: ShellCommand): void {
    this.emit({ channel: 'command', payload: command });
  }

  start(): void {
    // connect() starts it; the agent collects on its own.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.socket;
    this.socket = null;
    this.pending.failAll('The remote agent was closed.');
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.close(1000, 'closed');
      // An agent that ignores the close frame is cut after a second.
      setTimeout(() => ws.terminate(), 1000).unref();
    }
  }

  private status(): EngineStatus {
    const base: EngineStatus = this.agentStatus ?? { intervalMs: 0, paused: false, seq: 0, readOnly: false, title: '' };
    return { ...this.seqs.status(base), title: this.title, remote: { ...this.link } };
  }

  private emit(message: PushMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  private adopt(ws: WebSocket): void {
    this.socket = ws;
    this.seqs.restart();
    this.attempts = 0;
    this.link = { ...this.link, state: 'open', message: null };
    ws.on('message', (data, isBinary) => {
      if (this.socket === ws && !isBinary) this.onMessage(data.toString());
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', (code, reasonBuffer) => {
      if (this.socket !== ws) return;
      this.socket = null;
      const reason = reasonBuffer.toString();
      this.pending.failAll(`Connection to the agent at ${this.options.agent.label} lost.`);
      this.lost(reason !== '' ? `the agent closed the connection: ${reason}` : `connection lost (code ${code})`);
    });
    if (this.agentStatus) this.emit({ channel: 'status', payload: this.status() });
  }

  private lost(why: string): void {
    if (this.stopped) return;
    const delay = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempts);
    this.attempts++;
    const name = this.snapshot?.host || 'the agent';
    this.link = {
      ...this.link,
      state: 'reconnecting',
      message: `${name} (${this.options.agent.label}): ${why}; retrying in ${Math.round(delay / 1000)} s`,
    };
    this.emit({ channel: 'status', payload: this.status() });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      openAgentSocket(this.options.agent).then(
        (ws) => (this.stopped ? ws.terminate() : this.adopt(ws)),
        (error: unknown) => this.lost(error instanceof AgentRefusal ? error.message : String(error)),
      );
    }, delay);
    this.retryTimer.unref?.();
  }

  private onMessage(data: string): void {
    const msg = readAgentMessage(data, (why) => this.unreadable(why));
    if (msg?.kind === 'answer') {
      if (msg.decoded) this.decoded.add(msg.decoded);
      this.pending.settle(msg.id, msg.result);
    } else if (msg?.kind === 'push') {
      this.onPush(msg.channel, msg.payload);
    }
  }

  private onPush(channel: unknown, payload: unknown): void {
    if (channel === 'snapshot' && isRecord(payload)) {
      const read = readAgentSnapshot(payload);
      if ('wrong' in read) return void this.refused(read.wrong);
      this.showSnapshot(this.seqs.snapshot(read.snapshot), this.droppedSaid(read.dropped));
    } else if (channel === 'diff' && isRecord(payload)) {
      // A newcomer that joined while the agent's first collection ran gets that one as a diff: ask for the whole.
      if (!this.snapshot) return void this.resync();
      const read = readDiffPush(payload);
      if ('wrong' in read) return void this.refused(read.wrong, true);
      const diff = this.seqs.diff(read.diff);
      try {
        this.snapshot = applyDiff(this.snapshot, diff);
      } catch {
        void this.resync(); // a gap: the window gets a whole snapshot instead
        return;
      }
      this.emit({ channel: 'diff', payload: diff });
      this.sayDropped(read.dropped);
    } else if (channel === 'status' && isRecord(payload)) {
      this.agentStatus = payload as unknown as EngineStatus;
      this.emit({ channel: 'status', payload: this.status() });
    }
    // 'command' pushes are the agent's own menu; they mean nothing in this window.
  }

  private unreadable(why: string): string {
    return `The agent at ${this.options.agent.label} sent rows this window cannot show (${why}).`;
  }

  /**
   * Fields a push's rows lost for their kind (validate-rows.ts), said once on the link's status (again only when
   * what is said changes). WHY said: the rows are shown without them, and the user should know why a column is empty.
   */
  private sayDropped(dropped: DroppedFields): void {
    const message = this.droppedSaid(dropped);
    if (message === null || this.link.message === message) return;
    this.link = { ...this.link, message };
    this.emit({ channel: 'status', payload: this.status() });
  }

  private droppedSaid(dropped: DroppedFields): string | null {
    const said = droppedMessage(dropped);
    return said === null ? null : `The agent at ${this.options.agent.label} sent ${said}.`;
  }

  /**
   * A whole snapshot shown: the agent's host name learned from it and the link's message replaced (a refusal or a
   * dropped field said before no longer holds). WHY the status is pushed when either changed: the status bar and the
   * window title read the link from the status, and an agent pushes its own status only when that changes, so a
   * status that came before the first snapshot would otherwise leave "Agent: 127.0.0.1:port" up for good.
   */
  private showSnapshot(snapshot: Snapshot, message: string | null): void {
    const before = this.link;
    this.snapshot = snapshot;
    this.link = { ...this.link, hostName: snapshot.host || null, message };
    this.emit({ channel: 'snapshot', payload: snapshot });
    if (this.link.hostName !== before.hostName || this.link.message !== before.message)
      this.emit({ channel: 'status', payload: this.status() });
  }

  /** A push refused for its rows: said on the link's status; a diff's gap filled by a whole snapshot. */
  private refused(why: string, resync = false): void {
    this.link = { ...this.link, message: this.unreadable(why) };
    this.emit({ channel: 'status', payload: this.status() });
    if (resync) void this.resync();
  }

  private async resync(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    const r = await this.handlers.getSnapshot();
    this.resyncing = false;
    // The refusal that asked for it stays said: the user should know why the rows were read again.
    if (r.ok) this.showSnapshot(r.value, this.link.message);
  }

  private invoke<M extends InvokeMethod>(method: M, args: InvokeArgs<M>): Promise<ApiResult<InvokeResult<M>>> {
    const ws = this.socket;
    if (!ws || ws.readyState !== ws.OPEN) {
      const why = this.link.message ?? `The agent at ${this.options.agent.label} is not connected.`;
      return Promise.resolve(fail('io-error', why));
    }
    return this.pending.start(method, (id) =>
      ws.send(JSON.stringify({ type: 'invoke', id, method, args }), (error) => {
        if (error) this.pending.settle(id, fail('io-error', `Could not reach the agent: ${error.message}`));
      }),
    );
  }
}
