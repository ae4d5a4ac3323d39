/** DoS diagnosis: who holds the sockets, how many are half-open, and which listener takes the load. */
import { useMemo, useState } from 'react';
import {
  DEFAULT_DOS_RULES,
  dosVerdict,
  ownAddressesOf,
  peerLookup,
  type DosRules,
  type DosVerdict,
} from '../../shared/dos-verdict';
import type { Snapshot } from '../../shared/model';
import type { GroupBy } from './dos';
import { memoBySnapshot } from './memo';
import { CollectorBanner } from './CollectorBanner';
import { collectorFailed } from './source-state';
import { DosListenerTable } from './DosListenerTable';
import { DosRemoteTable, remotesOf, TOP_REMOTES } from './DosRemoteTable';
import './views.css';

/** The peer reading and this machine's addresses (every socket's local address), once per snapshot. */
const peersOf = memoBySnapshot((s, _: null) => {
  const peers = peerLookup();
  return { peers, own: ownAddressesOf(s.connections, peers) };
});

/** A number input that applies only valid values, yet lets the user clear the field while typing. */
function NumberSetting({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max?: number;
  onChange: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  const valid = (v: number) => Number.isFinite(v) && v >= min && (max === undefined || v <= max);
  return (
    <label className="nsv-check">
      {label}
      <input
        className={`nsv-input nsv-input-number${valid(Number(text)) && text.trim() !== '' ? '' : ' nsv-input-invalid'}`}
        type="number"
        min={min}
        max={max}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && valid(v)) onChange(v);
        }}
        onBlur={() => setText(String(value))}
      />
    </label>
  );
}

/** The "No alarm" line's second half: the busiest remote's share of the inbound connections the alarm counts. */
function shareText(verdict: DosVerdict, minConnections: number): string {
  // WHY its own wording for none: "no remote holds any of 0 inbound connections" read as a riddle (a look at the app).
  if (!verdict.topRemote) return 'no other host holds an inbound connection that costs this server something';
  const share = `the busiest remote holds ${(verdict.topRemote.share * 100).toFixed(1)}% of ${verdict.remoteInbound}`;
  const counts = verdict.remoteInbound < minConnections ? ` (a share counts from ${minConnections})` : '';
  return `${share} inbound connections that cost this server something${counts}`;
}

export function DosView({ snapshot }: { snapshot: Snapshot }) {
  const [groupBy, setGroupBy] = useState<GroupBy>('address');
  const [synThreshold, setSynThreshold] = useState(DEFAULT_DOS_RULES.synRecv);
  const [sharePercent, setSharePercent] = useState(DEFAULT_DOS_RULES.share * 100);
  const [minConnections, setMinConnections] = useState(DEFAULT_DOS_RULES.minConnections);
  const [alarmLocalPeers, setAlarmLocalPeers] = useState(false);

  const aggregation = remotesOf(snapshot, groupBy);
  const { peers, own } = peersOf(snapshot, null);
  const rules: DosRules = { synRecv: synThreshold, share: sharePercent / 100, minConnections, alarmLocalPeers };
  // The same verdict (and the same rules) as the exporter's netscope_dos_alarm: see src/shared/dos-verdict.ts.
  const verdict = useMemo(
    () => dosVerdict(snapshot.connections, peers, own, rules),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rules is rebuilt per render from these four values
    [snapshot, peers, own, synThreshold, sharePercent, minConnections, alarmLocalPeers],
  );
  const alarmed = verdict.reasons.length > 0;
  // No socket table, no verdict: "No alarm: 0 SYN_RECV" would be a green light on no evidence.
  const blind = collectorFailed(snapshot, 'connections');
  const dominant = verdict.dominantRemote ? verdict.topRemote?.address : undefined;

  return (
    <div className="nsv-view" data-testid="dos-view">
      <div className="nsv-toolbar">
        <div className="nsv-segmented" role="group" aria-label="Group remotes by">
          <button type="button" aria-pressed={groupBy === 'address'} onClick={() => setGroupBy('address')}>
            Per address
          </button>
          <button type="button" aria-pressed={groupBy === 'subnet'} onClick={() => setGroupBy('subnet')}>
            Per /24 · /64
          </button>
        </div>
        <NumberSetting label="SYN_RECV alarm above" value={synThreshold} min={0} onChange={setSynThreshold} />
        <NumberSetting label="One remote above %" value={sharePercent} min={1} max={100} onChange={setSharePercent} />
        <NumberSetting label="of at least" value={minConnections} min={1} onChange={setMinConnections} />
        <label className="nsv-check">
          <input type="checkbox" checked={alarmLocalPeers} onChange={(e) => setAlarmLocalPeers(e.target.checked)} />
          Alarm on this machine&apos;s own peers too
        </label>
      </div>
      <CollectorBanner
        snapshot={snapshot}
        collector="connections"
        what="the socket table"
        consequence="No DoS verdict this time: the counts below are empty because of it, not because nothing is connected."
        showWarnings={false}
      />
      {blind ? null : alarmed ? (
        <div className="nsv-banner nsv-banner-alarm" role="alert" data-testid="dos-alarm">
          <strong>Possible denial of service</strong>
          <ul>
            {verdict.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="nsv-banner nsv-banner-ok" role="status" data-testid="dos-ok">
          No alarm: {verdict.remoteSynRecv} SYN_RECV from other hosts (alarm above {synThreshold});{' '}
          {shareText(verdict, minConnections)}.
        </div>
      )}
      <p className="nsv-muted nsv-note" data-testid="dos-rules">
        Counted: inbound TCP in SYN_RECV, ESTABLISHED or a closing state the server still holds (not TIME_WAIT: no
        process holds it). {verdict.localInbound.toLocaleString()} from this machine (loopback, its own addresses)
        {alarmLocalPeers ? ' count like any other peer.' : ' are shown below but never alarm.'}
      </p>
      <div className="nsv-kpis">
        <div className={`nsv-kpi${verdict.synFlood ? ' nsv-kpi-alert' : ''}`} data-testid="syn-recv-total">
          <span className="nsv-kpi-value">{aggregation.synRecvTotal.toLocaleString()}</span>
          <span className="nsv-kpi-label">
            SYN_RECV (half-open), {verdict.remoteSynRecv.toLocaleString()} from other hosts
          </span>
        </div>
        <div className="nsv-kpi" data-testid="dos-inbound">
          <span className="nsv-kpi-value">{verdict.remoteInbound.toLocaleString()}</span>
          <span className="nsv-kpi-label">
            inbound from other hosts ({verdict.localInbound.toLocaleString()} local)
          </span>
        </div>
        <div className="nsv-kpi">
          <span className="nsv-kpi-value">{aggregation.counted.toLocaleString()}</span>
          <span className="nsv-kpi-label">sockets with a peer (all states)</span>
        </div>
        <div className="nsv-kpi">
          <span className="nsv-kpi-value">{aggregation.groups.length.toLocaleString()}</span>
          <span className="nsv-kpi-label">{groupBy === 'subnet' ? 'remote subnets' : 'remote addresses'}</span>
        </div>
      </div>
      <section className="nsv-section">
        <h3 className="nsv-h">
          Top {TOP_REMOTES} {groupBy === 'subnet' ? 'remote subnets' : 'remote addresses'}
        </h3>
        <DosRemoteTable snapshot={snapshot} groupBy={groupBy} dominant={dominant} />
      </section>
      <section className="nsv-section">
        <h3 className="nsv-h">Load per listening TCP port</h3>
        <DosListenerTable snapshot={snapshot} />
      </section>
    </div>
  );
}
