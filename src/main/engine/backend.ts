/**
 * The one implementation of NetScopeApi's server side. The Electron IPC and the
 * WebSocket adapters hand it raw messages; it validates them, runs them against
 * the scheduler (or a fixed imported snapshot) and pushes snapshots and diffs.
 */
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
import { validateInvoke, type ValidInvoke } from '../../shared/validate';
import type { Snapshot } from '../../shared/model';
import { createPlatformCollectors } from '../collectors';
import type { PlatformCollectors } from '../collectors/types';
import type { Backend, BackendOptions, PushMessage } from './backend-types';
import { saveExportedCsv } from './export';
import { endProcess } from './process-control';
import { ReverseDnsCache } from './reverse-dns';
import { Scheduler, type Tick } from './scheduler';

export function createBackend(options: BackendOptions): Backend {
  return new EngineBackend(options);
}

class EngineBackend implements Backend {
  private readonly listeners = new Set<(message: PushMessage) => void>();
  private readonly collectors: PlatformCollectors;
  private readonly scheduler: Scheduler | null;
  private readonly fixed: Snapshot | null;
  private readonly dns = new ReverseDnsCache();

  constructor(private readonly options: BackendOptions) {
    this.fixed = options.fixedSnapshot ?? null;
    this.collectors = options.collectors ?? createPlatformCollectors();
    this.scheduler = this.fixed
      ? null
      : new Scheduler({
          collectors: this.collectors,
          intervalMs: options.intervalMs,
          onTick: (tick) => this.publish(tick),
        });
  }

  start(): void {
    this.scheduler?.resume();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
    this.listeners.clear();
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.listeners.add(listener);
    const current = this.latest();
    if (current) listener({ channel: 'snapshot', payload: current });
    listener({ channel: 'status', payload: this.status() });
    return () => this.listeners.delete(listener);
  }

  sendCommand(command: ShellCommand): void {
    this.emit({ channel: 'command', payload: command });
  }

  async dispatch(method: unknown, args: unknown): Promise<ApiResult<unknown>> {
    const valid = validateInvoke(method, args);
    if (!valid.ok) return { ok: false, error: valid.error };
    try {
      return await this.run(valid);
    } catch (error) {
      return fail('internal', error instanceof Error ? error.message : String(error));
    }
  }

  private async run(call: ValidInvoke): Promise<ApiResult<unknown>> {
    switch (call.method) {
      case 'getSnapshot':
        return this.getSnapshot();
      case 'getStatus':
        return ok(this.status());
      case 'getCapabilities':
        return ok(this.capabilities());
      case 'setInterval':
        return this.control(() => this.scheduler?.setInterval(call.args[0]));
      case 'pause':
        return this.control(() => this.scheduler?.pause());
      case 'resume':
        return this.control(() => this.scheduler?.resume());
      case 'refreshNow':
        if (this.scheduler) await this.scheduler.takeNow();
        return ok(this.status());
      case 'exportCsv':
        return this.exportCsv(call.args[0]);
      case 'getProcessDetails':
        return this.processDetails(call.args[0]);
      case 'endProcess':
        return this.endProcess(call.args[0]);
      case 'revealFile':
        return this.revealFile(call.args[0]);
      case 'resolveHost':
        return ok(await this.dns.resolve(call.args[0]));
      case 'elevateOwners':
        return this.elevate();
    }
  }

  private latest(): Snapshot | null {
    return this.fixed ?? this.scheduler?.latest ?? null;
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

  private exportCsv(request: ExportCsvRequest) {
    return saveExportedCsv(this.options.saveCsv, request);
  }

  private async processDetails(pid: number) {
    const connections = (this.latest()?.connections ?? []).filter((c) => c.pid === pid);
    const info = this.fixed ? null : await this.collectors.processInfo(pid);
    const first = connections[0];
    if (!info && !first) return fail('not-found', `no process with PID ${pid}`);
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
    const result = await endProcess(this.collectors, request);
    if (result.ok) void this.scheduler?.takeNow().catch(() => undefined);
    return result;
  }

  private async revealFile(path: string) {
    if (!this.options.revealFile) return fail('unsupported', 'showing files needs the desktop app');
    await this.options.revealFile(path);
    return ok({ shown: true as const });
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
    if (tick.diff) this.emit({ channel: 'diff', payload: tick.diff });
    else this.emit({ channel: 'snapshot', payload: tick.snapshot });
    this.emit({ channel: 'status', payload: this.status() });
  }

  private emit(message: PushMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One broken listener (a closed window, a dead socket) must not starve the others.
      }
    }
  }
}
