/**
 * The desktop shell's remote agents (src/main/electron/remote-agents.ts)
 * against a real built `netscope serve`: a connection is shown through the
 * SwitchableBackend and remembered with its token sealed by safeStorage, never
 * in plain text; where safeStorage is unavailable no token is kept at all; a
 * refused connection changes nothing shown and remembers nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SwitchableBackend } from '../src/main/engine/switchable-backend';
import { createFakeBackend } from '../src/main/electron/fake-backend';
import { cliBuilt, startAgent, type RunningAgent } from './helpers/netscope-agent';

const keychain = vi.hoisted(() => ({ available: true }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    encryptString: (text: string) => Buffer.from(text, 'utf8').map((b) => b ^ 0x5a),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
  },
}));

const { RemoteAgents } = await import('../src/main/electron/remote-agents');

const TOKEN = 'remote-agents-test-token-0123456789';
const isLinux = process.platform === 'linux';

describe.skipIf(!isLinux || !cliBuilt)('RemoteAgents', () => {
  let dir = '';
  let agent: RunningAgent | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'netscope-agents-'));
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    agent = await startAgent(tokenFile);
  });
  afterAll(async () => {
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const make = (file: string) => {
    const backend = new SwitchableBackend(createFakeBackend());
    const agents = new RemoteAgents({ backend, file, saveCsv: async () => null });
    return { backend, agents };
  };

  it('shows the agent and remembers it with the token sealed, never in plain text', async () => {
    keychain.available = true;
    const file = path.join(dir, 'sealed.json');
    const { backend, agents } = make(file);
    const result = await agents.connect(agent?.url ?? '');
    expect(result.ok).toBe(true);
    expect(backend.isLive).toBe(false);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    // A new start reads the list back, and the token unseals to the same URL.
    const again = make(file).agents;
    expect(again.recent).toHaveLength(1);
    const first = again.recent[0];
    expect(first && again.urlOf(first)).toBe(agent?.url);
    await agents.showLocal();
    expect(backend.isLive).toBe(true);
    await backend.stop();
  }, 60_000);

  it('keeps no token where safeStorage is unavailable', async () => {
    keychain.available = false;
    const file = path.join(dir, 'plain.json');
    const { backend, agents } = make(file);
    expect(agents.canRememberTokens).toBe(false);
    expect((await agents.connect(agent?.url ?? '')).ok).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { agents: { sealedToken: unknown }[] };
    expect(saved.agents[0]?.sealedToken).toBeNull();
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    const first = agents.recent[0];
    expect(first && agents.urlOf(first)).toBeNull();
    await backend.stop();
  }, 60_000);

  it('a wrong token is refused in words, and nothing changes or is remembered', async () => {
    keychain.available = true;
    const file = path.join(dir, 'refused.json');
    const { backend, agents } = make(file);
    const wrong = (agent?.url ?? '').replace(/#token=.*$/, '#token=wrong-token-0123456789abcdef');
    const result = await agents.connect(wrong);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('forbidden');
      expect(result.error.message).toContain('refused the token');
    }
    expect(backend.isLive).toBe(true);
    expect(existsSync(file)).toBe(false);
    const garbage = await agents.connect('not a url');
    expect(!garbage.ok && garbage.error.code).toBe('invalid-argument');
    await backend.stop();
  }, 60_000);
});
