import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/model';
import { dosVerdict } from './dos-verdict';
import { PeerCache } from './peers';
import { listener, tcp } from './test-connections';

const verdict = (rows: Connection[], own: string[] = []) => dosVerdict(rows, new PeerCache(), new Set(own));

function repeat(n: number, make: (i: number) => Connection): Connection[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe('DoS verdict (issue 10 rules)', () => {
  it('a quiet host with 1,077 loopback TIME_WAIT rows raises nothing', () => {
    const rows = [
      listener(8080),
      ...repeat(1077, (i) => tcp('127.0.0.1', 30_000 + i, '127.0.0.1', 8080, 'TIME_WAIT', null)),
      ...repeat(4, (i) => tcp('10.0.0.5', 40_000 + i, '93.184.216.34', 443, 'ESTABLISHED')),
    ];
    const v = verdict(rows);
    expect(v.synFlood).toBe(false);
    expect(v.dominantRemote).toBe(false);
    expect(v.remoteInbound).toBe(0);
    expect(v.reasons).toEqual([]);
  });

  it('one remote holding most inbound connections alarms, and says why', () => {
    const rows = [
      listener(443),
      ...repeat(60, (i) => tcp('10.0.0.5', 443, '203.0.113.9', 20_000 + i, 'ESTABLISHED')),
      ...repeat(20, (i) => tcp('10.0.0.5', 443, `198.51.100.${i + 1}`, 20_000, 'ESTABLISHED')),
    ];
    const v = verdict(rows);
    expect(v.dominantRemote).toBe(true);
    expect(v.topRemote).toEqual({ address: '203.0.113.9', connections: 60, share: 0.75 });
    expect(v.reasons[0]).toMatch(/203\.0\.113\.9 holds 60 of 80 inbound connections \(75\.0%/);
  });

  it('needs a minimum count before a share means anything', () => {
    const rows = [listener(22), ...repeat(3, (i) => tcp('10.0.0.5', 22, '203.0.113.9', 20_000 + i, 'ESTABLISHED'))];
    const v = verdict(rows);
    expect(v.topRemote?.share).toBe(1);
    expect(v.dominantRemote).toBe(false);
  });

  it('outbound connections (to a database, say) and TIME_WAIT do not count', () => {
    const rows = [
      listener(443),
      ...repeat(200, (i) => tcp('10.0.0.5', 40_000 + i, '10.0.0.9', 5432, 'ESTABLISHED')),
      ...repeat(200, (i) => tcp('10.0.0.5', 443, '203.0.113.9', 20_000 + i, 'TIME_WAIT', null)),
    ];
    const v = verdict(rows);
    expect(v.remoteInbound).toBe(0);
    expect(v.dominantRemote).toBe(false);
  });

  it('loopback and own addresses are counted apart and never alarm', () => {
    const rows = [
      listener(443),
      ...repeat(300, (i) => tcp('10.0.0.5', 443, '10.0.0.5', 20_000 + i, 'SYN_RECV')),
      ...repeat(300, (i) => tcp('::1', 443, '::ffff:127.0.0.1', 20_000 + i, 'ESTABLISHED')),
    ];
    const v = verdict(rows, ['10.0.0.5']);
    expect(v.localInbound).toBe(600);
    expect(v.localSynRecv).toBe(300);
    expect(v.remoteSynRecv).toBe(0);
    expect(v.synFlood).toBe(false);
    expect(v.dominantRemote).toBe(false);
  });

  it('SYN_RECV from other hosts above the threshold is a SYN flood, even without a seen listener', () => {
    const rows = repeat(101, (i) => tcp('10.0.0.5', 80, `198.51.100.${i % 200}`, 30_000 + i, 'SYN_RECV'));
    const v = verdict(rows);
    expect(v.remoteSynRecv).toBe(101);
    expect(v.synFlood).toBe(true);
    expect(v.reasons[0]).toMatch(/101 half-open connections \(SYN_RECV\) from other hosts exceed 100/);
    expect(verdict(rows.slice(1)).synFlood).toBe(false);
  });
});
