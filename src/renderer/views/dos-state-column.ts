/**
 * The DoS tables' TCP state columns, titled with the state's own name as the States view, the grid and the filter
 * spell it (ESTABLISHED, TIME_WAIT: not ESTAB, TIME_W), in the CSV too. WHY no abbreviations: a word the other views
 * do not use has to be decoded, and a column found in one view is not found by its name in another. The names fit
 * an 800 px window: a header breaks after its underscores (breakable), and states no row is in are left out
 * (hideWhenEmpty).
 * ESTABLISHED and SYN_RECV are always shown, the rest while a row has one.
 */
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
/** Always shown: the two states a DoS reading is about. The rest only while some row has one (DataTable). */
const KEY_STATES: ReadonlySet<SocketState> = new Set<SocketState>(['ESTABLISHED', 'SYN_RECV']);

export const stateColumn = <T extends { states: Partial<Record<SocketState, number>> }>(
  state: SocketState,
): TableColumn<T> => ({
  id: state,
  title: state,
  hideWhenEmpty: !KEY_STATES.has(state),
  value: (r) => r.states[state] ?? 0,
  render: (r) => r.states[state] ?? '',
  numeric: true,
  cellClass: (r) => (state === 'SYN_RECV' && (r.states.SYN_RECV ?? 0) > 0 ? 'nsv-cell-alert' : undefined),
});
