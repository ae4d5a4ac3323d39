/**
 * File > Connect to Remote Agent...: the window shows a remote `netscope
 * serve` through the SwitchableBackend (as a saved output is shown), and the
 * agents connected to are remembered for the File > Recent Agents menu. Their
 * tokens are kept only encrypted by Electron's safeStorage (the OS keychain);
 * where it is unavailable, an agent is remembered without its token and the
 * user pastes the URL again (the dialog says so).
 */
import { safeStorage } from 'electron';
import { readFileSync } from 'node:fs';
import { fail, ok, type ApiResult } from '../../shared/api';
import type { Backend } from '../engine/backend-types';
import type { SwitchableBackend } from '../engine/switchable-backend';
import { AgentRefusal } from '../remote/agent-link';
import { agentPageUrl, parseAgentUrl, type AgentAddress } from '../remote/agent-url';
import { RemoteBackend } from '../remote/remote-backend';
import { writeFileAtomic } from './atomic-write';

export interface RecentAgent {
  /** http://host:port */
  origin: string;
  /** The agent's host name when last connected. */
  title: string;
  /** The token, encrypted by safeStorage (base64); null where it could not be kept safely. */
  sealedToken: string | null;
}

const MAX_RECENT = 8;

function encryptionAvailable(): boolean {
  try {
    return safeStorage.isEncryptionAvailable();
  } catch {
    return false; // no keychain here (or an Electron without safeStorage): keep no token
  }
}

function isRecentAgent(v: unknown): v is RecentAgent {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.origin === 'string' &&
    typeof r.title === 'string' &&
    (r.sealedToken === null || typeof r.sealedToken === 'string')
  );
}

export interface RemoteAgentsOptions {
  backend: SwitchableBackend;
  /** userData/remote-agents.json */
  file: string;
  saveCsv: (csv: string, suggestedName: string) => Promise<string | null>;
  /** Called after the list of recent agents changed (the menu is rebuilt). */
  onRecentChange?: () => void;
}

export class RemoteAgents {
  private recentList: RecentAgent[];

  constructor(private readonly options: RemoteAgentsOptions) {
    this.recentList = this.load();
  }

  get recent(): readonly RecentAgent[] {
    return this.recentList;
  }

  /** Whether tokens can be remembered on this computer. */
  get canRememberTokens(): boolean {
    return encryptionAvailable();
  }

  /** Connects to the agent the URL names and shows it; a clear error otherwise (nothing else changes). */
  async connect(url: string): Promise<ApiResult<{ title: string }>> {
    const parsed = parseAgentUrl(url);
    if (!parsed.ok) return fail('invalid-argument', parsed.error);
    const remote = new RemoteBackend({ agent: parsed.agent, saveCsv: this.options.saveCsv });
    try {
      await remote.connect();
    } catch (error) {
      await remote.stop();
      if (error instanceof AgentRefusal) return fail(error.kind === 'token' ? 'forbidden' : 'io-error', error.message);
      return fail('io-error', `Cannot connect: ${(error as Error).message}`);
    }
    // Remembered first, so the menu the switch rebuilds lists it (the first snapshot has named the host by now,
    // or the address stands in).
    await this.remember(parsed.agent, remote.state.hostName ?? parsed.agent.label);
    await this.options.backend.show(remote);
    return ok({ title: remote.title });
  }

  /** A recent agent's URL with its token, or null when its token was not kept. */
  urlOf(agent: RecentAgent): string | null {
    if (agent.sealedToken === null || !encryptionAvailable()) return null;
    try {
      const token = safeStorage.decryptString(Buffer.from(agent.sealedToken, 'base64'));
      const parsed = parseAgentUrl(`${agent.origin}/#token=${encodeURIComponent(token)}`);
      return parsed.ok ? agentPageUrl(parsed.agent) : null;
    } catch {
      return null; // the keychain changed: the user pastes the URL again
    }
  }

  /** Back to This Computer. */
  async showLocal(): Promise<void> {
    await this.options.backend.showLive();
  }

  private async remember(agent: AgentAddress, title: string): Promise<void> {
    const sealedToken = encryptionAvailable() ? safeStorage.encryptString(agent.token).toString('base64') : null;
    const entry: RecentAgent = { origin: agent.origin, title, sealedToken };
    this.recentList = [entry, ...this.recentList.filter((a) => a.origin !== agent.origin)].slice(0, MAX_RECENT);
    try {
      await writeFileAtomic(this.options.file, `${JSON.stringify({ agents: this.recentList }, null, 2)}\n`);
    } catch {
      // Not remembering an agent loses nothing shown now.
    }
    this.options.onRecentChange?.();
  }

  private load(): RecentAgent[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.options.file, 'utf8'));
      const agents = (parsed as { agents?: unknown }).agents;
      return Array.isArray(agents) ? agents.filter(isRecentAgent).slice(0, MAX_RECENT) : [];
    } catch {
      return []; // none yet, or a damaged file: start afresh
    }
  }
}

/**
 * The backend the window's IPC talks to: the switchable one, except that
 * connectRemote is answered here, in the desktop shell, whatever is shown.
 */
export function withRemoteConnect(backend: Backend, agents: RemoteAgents): Backend {
  return {
    handlers: { ...backend.handlers, connectRemote: (url) => agents.connect(url) },
    subscribe: (listener) => backend.subscribe(listener),
    sendCommand: (command) => backend.sendCommand(command),
    start: () => backend.start(),
    stop: () => backend.stop(),
  };
}
