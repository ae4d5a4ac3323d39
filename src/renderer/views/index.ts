/**
 * The secondary views (netstat -r, -e, -s, TCP states, DoS diagnosis). Each takes
 * { snapshot }. Call recordInterfaceHistory(snapshot) on every snapshot, visible
 * or not, so the interface charts and counter deltas have history when opened.
 */
export { RoutesView } from './RoutesView';
export { InterfacesView } from './InterfacesView';
export { StatsView } from './StatsView';
export { StatesView } from './StatesView';
export { DosView } from './DosView';
export { recordInterfaceHistory } from './history';
