/**
 * The DoS verdict lives in src/shared/dos-verdict.ts, one rule set for the
 * exporter and the app's DoS view; the exporter passes its PeerCache.
 */
export { COSTLY_STATES, dosVerdict, type DosVerdict } from '../../shared/dos-verdict';
