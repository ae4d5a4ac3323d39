/**
 * The secondary views (netstat -r, -e, -s, TCP states, DoS diagnosis). Each takes
 * { snapshot }; the interface charts and counter deltas read the store's history,
 * which records every snapshot whether or not a view is open.
 */
export { RoutesView } from './RoutesView';
export { InterfacesView } from './InterfacesView';
export { StatsView } from './StatsView';
export { StatesView } from './StatesView';
export { DosView } from './DosView';
export { TopTalkersView } from './TopTalkersView';
