/** Status-bar counts: shared with the server, which sends them with a snapshot's first screenful. */
export { countConnections, updateCounts, type ConnectionCounts } from '../../shared/connection-counts';
