/**
 * The Statistics view's protocol picker: the same subsets as `netscope -s -p`
 * (IP, IPv6, ICMP, ICMPv6, TCP, TCPv6, UDP, UDPv6; none chosen = every section),
 * from the one mapping in src/shared/stats-sections.ts, so the view and the CLI
 * never disagree about which section is "TCP".
 */
import { STATS_PROTOCOLS, statsProtocolOf, type StatsProtocol } from '../../shared/stats-sections';

/** The groups that belong to the chosen protocols; every group when none is chosen (as `-s` without `-p`). */
export function pickStatsGroups<G extends { protocol: string }>(
  groups: readonly G[],
  chosen: ReadonlySet<StatsProtocol>,
): G[] {
  if (chosen.size === 0) return [...groups];
  return groups.filter((g) => {
    const protocol = statsProtocolOf(g.protocol);
    return protocol !== null && chosen.has(protocol);
  });
}

export function StatsProtocolPicker({
  chosen,
  onChange,
}: {
  chosen: ReadonlySet<StatsProtocol>;
  onChange: (next: ReadonlySet<StatsProtocol>) => void;
}) {
  const flip = (protocol: StatsProtocol) => {
    const next = new Set(chosen);
    if (next.has(protocol)) next.delete(protocol);
    else next.add(protocol);
    onChange(next);
  };
  return (
    <div className="nsv-segmented" role="group" aria-label="Protocols (netstat -s -p)">
      <button type="button" className="nsv-button" aria-pressed={chosen.size === 0} onClick={() => onChange(new Set())}>
        All
      </button>
      {STATS_PROTOCOLS.map((protocol) => (
        <button
          key={protocol}
          type="button"
          className="nsv-button"
          aria-pressed={chosen.has(protocol)}
          onClick={() => flip(protocol)}
        >
          {protocol}
        </button>
      ))}
    </div>
  );
}
