import { describe, expect, it } from 'vitest';
import { agentPageUrl, parseAgentUrl } from './agent-url';

const TOKEN = 'abcdefghijklmnop-0123456789';

describe('parseAgentUrl', () => {
  it('reads the URL `netscope serve` prints', () => {
    const parsed = parseAgentUrl(`  http://127.0.0.1:7870/#token=${TOKEN}\n`);
    expect(parsed).toEqual({
      ok: true,
      agent: {
        socketUrl: 'ws://127.0.0.1:7870/ws',
        origin: 'http://127.0.0.1:7870',
        label: '127.0.0.1:7870',
        token: TOKEN,
      },
    });
    if (parsed.ok) expect(agentPageUrl(parsed.agent)).toBe(`http://127.0.0.1:7870/#token=${TOKEN}`);
  });

  it('keeps IPv6 brackets and maps https to wss', () => {
    const parsed = parseAgentUrl(`https://[::1]:9000/#token=${TOKEN}`);
    expect(parsed.ok && parsed.agent.socketUrl).toBe('wss://[::1]:9000/ws');
    expect(parsed.ok && parsed.agent.origin).toBe('https://[::1]:9000');
  });

  it.each([
    ['not a url', 'Not a URL'],
    ['ftp://host/#token=' + TOKEN, 'not ftp:'],
    ['http://127.0.0.1:7870/', 'no #token='],
    ['http://127.0.0.1:7870/#token=short', 'not one `netscope serve` would accept'],
    ['http://127.0.0.1:7870/#token=has%20space%20in%20it-0123456', 'not one'],
  ])('refuses %s with a clear reason', (text, reason) => {
    const parsed = parseAgentUrl(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(reason);
  });
});
