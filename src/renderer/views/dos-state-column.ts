/** The DoS tables' TCP state columns: short titles; ESTAB and SYN_RECV always shown, the rest while a row has one. */
import type { SocketState } from '../../shared/model';
import type { TableColumn } from './DataTable';

export const STATE_COLUMNS: readonly SocketState[] = [
  'ESTABLISHED',
  'SYN_RECV',
  'SYN_SENT',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'LAST_ACK',
];
const SHORT: Partial<Record<SocketState, string>> = {
  ESTABLISHED: 'ESTAB',
  SYN_RECV: 'SYN_RECV',
  SYN_SENT: 'SYN_SENT',
  TIME_WAIT: 'TIME_W',
  CLOSE_WAIT: 'CLOSE_W',
  FIN_WAIT1: 'FIN_W1',
  FIN_WAIT2: 'FIN_W2',
  LAST_ACK: 'LAST_ACK',
};

/** Always shown: the two states a DoS reading is about. The rest only while some row has one (DataTable). */
const KEY_STATES: ReadonlySet<SocketState> = new Set<SocketState>(['ESTABLISHED', 'SYN_RECV']);

export const stateColumn = <T extends { states: Partial<Record<SocketState, number>> }>(
  state: SocketState,
): TableColumn<T> => ({
  id: state,
  title: SHORT[state] ?? state,
  description: state,
  hideWhenEmpty: !KEY_STATES.has(state),
  value: (r) => r.states[state] ?? 0,
  render: (r) => r.states[state] ?? '',
  numeric: true,
  cellClass: (r) => (state === 'SYN_RECV' && (r.states.SYN_RECV ?? 0) > 0 ? 'nsv-cell-alert' : undefined),
});
