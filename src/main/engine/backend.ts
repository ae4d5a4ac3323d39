/**
 * The one implementation of NetScopeApi's server side. The Electron IPC and the
 * WebSocket adapters hand it raw messages; it validates them, runs them against
 * the scheduler (or a fixed imported snapshot) and pushes snapshots and diffs.
 */
import type { SocketEngineChoice } from '../../shared/traffic';
import {
  fail,
  ok,
  type ApiResult,
  type Capabilities,
  type EndProcessRequest,
  type EngineStatus,
  type ExportCsvRequest,
  type ShellCommand,
} from '../../shared/api';
import type { ApiHandlers } from '../../shared/channels';
import type { Snapshot } from '../../shared/model';
import { createPlatformCollectors } from '../collectors';
import type { PlatformCollectors } from '../collectors/types';
import type { Backend, BackendOptions, PushMessage } from './backend-types';
import { saveExportedCsv } from './export';
import { endProcess } from './process-control';
import { RevealablePaths } from './reveal-file';
import { ReverseDnsCache } from './reverse-dns';
import { Scheduler, type Tick } from './scheduler';
import { createUnixSocketsCollectorFor } from '../collectors/unix-sockets';
import { UnixSocketsSwitch } from './unix-switch';

export function createBackend(options: BackendOptions): Backend {
  return new EngineBackend(options);
}

class EngineBackend implements Backend {
  private readonly listeners = new Set<(message: PushMessage) => void>();
  /** Listeners that joined an idle engine: they get the fresh tick's full snapshot instead of its diff. */
  private readonly awaitingSnapshot = new Set<(message: PushMessage) => void>();
  /** Counts down to idling once nobody listens (idleAfterMs). */
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly collectors: PlatformCollectors;
  private readonly scheduler: Scheduler | null;
  private readonly fixed: Snapshot | null;
  private readonly dns = new ReverseDnsCache();
  private readonly revealable = new RevealablePaths();
  private readonly unix: UnixSocketsSwitch;

  constructor(private readonly options: BackendOptions) {
    this.fixed = options.fixedSnapshot ?? null;
    this.collectors = options.collectors ?? createPlatformCollectors();
    this.unix = new UnixSocketsSwitch(
      this.fixed ? null : (this.collectors.unixSockets ?? createUnixSocketsCollectorFor(this.collectors.platform)),
      this.fixed,
    );
    this.scheduler = this.fixed
      ? null
      : new Scheduler({
          collectors: this.unix.collectors(this.collectors),
          intervalMs: options.intervalMs,
          onTick: (tick) => this.publish(tick),
        });
  }

  start(): void {
    this.scheduler?.resume();
    // `serve` started with no browser: the first snapshot is taken (a quick first page is served at once), then idle.
    if (this.listeners.size === 0) this.idleLater();
  }

  async stop(): Promise<void> {
    this.cancelIdle();
    // Reverse lookups still waiting on a resolver end now, not at their timeout.
    this.dns.dispose();
    await this.scheduler?.stop();
    this.listeners.clear();
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.listeners.add(listener);
    this.cancelIdle();
    // Waking an idle engine collects at once: the newcomer gets that fresh snapshot, not the stale one.
    const freshTickComing = this.options.idleAfterMs !== undefined && this.scheduler?.setIdle(false) === true;
    const current = this.latest();
    if (freshTickComing) this.awaitingSnapshot.add(listener);
    else if (current) listener({ channel: 'snapshot', payload: current });
    listener({ channel: 'status', payload: this.status() });
    return () => {
      this.listeners.delete(listener);
      this.awaitingSnapshot.delete(listener);
      if (this.listeners.size === 0) this.idleLater();
    };
  }

  private idleLater(): void {
    const after = this.options.idleAfterMs;
    if (after === undefined || !this.scheduler || this.idleTimer !== null) return;
    const scheduler = this.scheduler;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.listeners.size === 0) scheduler.setIdle(true);
    }, after);
    this.idleTimer.unref?.();
  }

  private sendLatestToAwaiting(): void {
    const current = this.latest();
    if (!current) return;
    for (const listener of this.awaitingSnapshot) this.deliver(listener, { channel: 'snapshot', payload: current });
    this.awaitingSnapshot.clear();
  }

  private cancelIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  sendCommand(command: ShellCommand): void {
    this.emit({ channel: 'command', payload: command });
  }

  /** One typed handler per NetScopeApi method; the adapters reach them through shared/dispatch.ts. */
  readonly handlers: ApiHandlers = {
    getSnapshot: () => this.getSnapshot(),
    getStatus: async () => ok(this.status()),
    getCapabilities: async () => ok(this.capabilities()),
    setInterval: async (ms) => this.control(() => this.scheduler?.setInterval(ms)),
    setUnixSockets: async (enabled) => this.setUnixSockets(enabled),
    setTcpTemplates: async (enabled) => this.setTcpTemplates(enabled),
    setSocketEngine: async (engine) => this.setSocketEngine(engine),
    pause: async () =>
      this.control(() => {
        this.scheduler?.pause();
        // Pause drops a collection under way (scheduler.ts): whoever waited for its snapshot gets the newest one.
        this.sendLatestToAwaiting();
      }),
    resume: async () => this.control(() => this.scheduler?.resume()),
    refreshNow: async () => {
      if (this.scheduler) await this.scheduler.takeNow();
      return ok(this.status());
    },
    exportCsv: (request) => this.exportCsv(request),
    getProcessDetails: (pid) => this.processDetails(pid),
    endProcess: (request) => this.endProcess(request),
    revealFile: (path) => this.revealFile(path),
    resolveHost: async (address) => ok(await this.dns.resolve(address)),
    elevateOwners: () => this.elevate(),
    // The desktop shell answers this itself (src/main/electron/remote-agents.ts); an engine is no window.
    connectRemote: async () => fail('unsupported', 'Connecting to a remote agent is a desktop app feature.'),
  };

  private latest(): Snapshot | null {
    return this.fixed ? this.unix.shown(this.fixed) : (this.scheduler?.latest ?? null);
  }

  private async getSnapshot(): Promise<ApiResult<Snapshot>> {
    const current = this.latest() ?? (await this.scheduler?.takeNow())?.snapshot ?? null;
    return current ? ok(current) : fail('internal', 'no snapshot has been taken yet');
  }

  private status(): EngineStatus {
    const snapshot = this.latest();
    return {
      intervalMs: this.scheduler?.interval ?? 0,
      paused: this.scheduler?.isPaused ?? true,
      seq: snapshot?.seq ?? 0,
      readOnly: this.fixed !== null,
      ...this.unix.status(),
      ...(!this.fixed && this.collectors.tcpTemplatesState
        ? { tcpTemplates: this.collectors.tcpTemplatesState() }
        : {}),
      ...(!this.fixed && this.collectors.socketEngineChoice
        ? {
            socketEngine: this.collectors.socketEngineChoice(),
            ...(this.collectors.socketEngineFromLaunch === true ? { socketEngineFromLaunch: true } : {}),
          }
        : {}),
      title:
        this.fixed && this.fixed.source.kind === 'import'
          ? this.fixed.source.file
          : (snapshot?.host ?? 'this computer'),
    };
  }

  private capabilities(): Capabilities {
    return {
      mode: this.options.mode,
      canEndProcess: this.options.allowEndProcess && !this.fixed,
      canRevealFile: Boolean(this.options.revealFile) && !this.fixed,
      canElevate: Boolean(this.collectors.elevateOwners) && !this.fixed,
      platform: this.fixed?.platform ?? this.collectors.platform,
    };
  }

  private control(action: () => void): ApiResult<EngineStatus> {
    if (!this.scheduler) return fail('unsupported', 'an imported file is read-only: it does not refresh');
    action();
    const status = this.status();
    this.emit({ channel: 'status', payload: status });
    return ok(status);
  }

  private async exportCsv(request: ExportCsvRequest) {
    const result = await saveExportedCsv(this.options.saveCsv, request);
    // A file the app wrote may be revealed later in this session (and no other file: see revealFile).
    if (result.ok) this.revealable.recordExport(result.value.path);
    return result;
  }

  private setSocketEngine(engine: SocketEngineChoice): ApiResult<EngineStatus> {
    const collectors = this.collectors;
    if (!collectors.setSocketEngine) return fail('unsupported', 'the socket engine can be chosen on Linux only');
    return this.control(() => {
      if (collectors.socketEngineChoice?.() === engine) return;
      collectors.setSocketEngine?.(engine);
      // The new engine's rows (and its status) now, not one interval later.
      void this.scheduler?.takeNow().catch(() => undefined);
    });
  }

  private setUnixSockets(enabled: boolean): ApiResult<EngineStatus> {
    if (!this.unix.available) return fail('unsupported', 'UNIX domain sockets are listed on Linux and macOS only');
    if (this.fixed) {
      // An imported file does not refresh: the window gets its snapshot with (or without) the rows at once.
      if (this.unix.set(enabled)) this.emit({ channel: 'snapshot', payload: this.unix.shown(this.fixed) });
      const status = this.status();
      this.emit({ channel: 'status', payload: status });
      return ok(status);
    }
    // The rows appear (or leave) now, not one interval later.
    return this.control(() => {
      if (this.unix.set(enabled)) void this.scheduler?.takeNow().catch(() => undefined);
    });
  }

  private setTcpTemplates(enabled: boolean): ApiResult<EngineStatus> {
    const collectors = this.collectors;
    if (this.fixed) return fail('unsupported', 'an imported file is read-only: its templates are the ones it has');
    if (!collectors.setTcpTemplates) return fail('unsupported', 'TCP templates (netstat -y) are read on Windows only');
    // The first read starts now (in the background), not one interval later.
    return this.control(() => {
      if (collectors.setTcpTemplates?.(enabled)) void this.scheduler?.takeNow().catch(() => undefined);
    });
  }

  private async processDetails(pid: number) {
    const connections = (this.latest()?.connections ?? []).filter((c) => c.pid === pid);
    for (const row of await this.unix.rowsOf(pid)) connections.push(row);
    const info = this.fixed ? null : await this.collectors.processInfo(pid);
    const first = connections[0];
    if (!info && !first) return fail('not-found', `no process with PID ${pid}`);
    // The process panel offers "show in folder" for the executable the engine found for a row's process.
    if (info?.exePath) this.revealable.recordProgram(info.exePath);
    return ok({
      pid,
      name: info?.name ?? first?.processName ?? null,
      exePath: info?.exePath ?? first?.exePath ?? null,
      commandLine: info?.commandLine ?? first?.commandLine ?? null,
      user: info?.user ?? first?.user ?? null,
      startTime: info?.startTime ?? null,
      connections,
    });
  }

  private async endProcess(request: EndProcessRequest) {
    if (this.fixed) return fail('unsupported', 'an imported file is read-only');
    if (!this.options.allowEndProcess) {
      return fail('forbidden', 'ending processes is disabled (start `netscope serve` with --allow-actions)');
    }
    const result = await endProcess(this.collectors, request, { confirm: this.options.confirmEndProcess });
    if (result.ok) void this.scheduler?.takeNow().catch(() => undefined);
    return result;
  }

  private async revealFile(path: string) {
    const show = this.options.revealFile;
    if (!show) return fail('unsupported', 'showing files needs the desktop app');
    return this.revealable.reveal(path, this.latest(), show);
  }

  private async elevate() {
    if (!this.collectors.elevateOwners || this.fixed) {
      return fail('unsupported', 'resolving owners as administrator is only available on Windows');
    }
    const outcome = await this.collectors.elevateOwners();
    if (outcome.kind === 'declined') return fail('cancelled', outcome.message);
    if (outcome.kind === 'failed') return fail('internal', outcome.message);
    void this.scheduler?.takeNow().catch(() => undefined);
    return ok({ resolved: outcome.resolved, message: `resolved the owners of ${outcome.resolved} processes` });
  }

  private publish(tick: Tick): void {
    const waiting = new Set(this.awaitingSnapshot);
    this.awaitingSnapshot.clear();
    if (tick.diff) this.emit({ channel: 'diff', payload: tick.diff }, waiting);
    else this.emit({ channel: 'snapshot', payload: tick.snapshot }, waiting);
    for (const listener of waiting) this.deliver(listener, { channel: 'snapshot', payload: tick.snapshot });
    this.emit({ channel: 'status', payload: this.status() });
  }

  private emit(message: PushMessage, except?: ReadonlySet<(message: PushMessage) => void>): void {
    for (const listener of this.listeners) if (!except?.has(listener)) this.deliver(listener, message);
  }

  private deliver(listener: (message: PushMessage) => void, message: PushMessage): void {
    try {
      listener(message);
    } catch {
      // One broken listener (a closed window, a dead socket) must not starve the others.
    }
  }
}
