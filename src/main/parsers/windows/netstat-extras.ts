/**
 * The trailing columns that `netstat -t` and `netstat -y` add to Windows netstat's connection lines, after the
 * state (and after the PID with -o):
 *   -t  "Offload State": InHost, Offloading, Offloaded, Uploading (TCP_CONNECTION_OFFLOAD_STATE's names)
 *   -y  "Template": the TCP setting template (Get-NetTCPSetting's names: Internet, Datacenter, Compat,
 *       InternetCustom, DatacenterCustom, Automatic), or "Not Applicable" where none applies (listeners)
 * Both are English words in every display language (they are enum names, not translated text), so a line's last
 * word(s) are taken as one of these only when they are exactly one of these names. Pure.
 */
import { TCP_OFFLOAD_STATES, type TcpOffloadState } from '../../../shared/model';

export const TCP_TEMPLATES = [
  'Internet',
  'Datacenter',
  'Compat',
  'InternetCustom',
  'DatacenterCustom',
  'Automatic',
] as const;

/** What netstat -y prints for a socket no template applies to (a listener, a closing socket). */
export const NO_TEMPLATE = 'Not Applicable';

export interface TrailingColumns {
  offloadState?: TcpOffloadState;
  /** A template name; absent for "Not Applicable". */
  template?: string;
  /** The line had netstat -y's column (a name or "Not Applicable"). */
  templateColumn: boolean;
}

const OFFLOAD = new Set<string>(TCP_OFFLOAD_STATES);
const TEMPLATES = new Set<string>(TCP_TEMPLATES);

/**
 * Takes the -t or -y column off the end of a data line's words (`rest`: the words after the two endpoints,
 * changed in place), so that what is left is the state and the PID as in -ano.
 */
export function takeTrailingColumns(rest: string[]): TrailingColumns {
  const last = rest[rest.length - 1];
  if (last === undefined) return { templateColumn: false };
  if (OFFLOAD.has(last)) {
    rest.pop();
    return { offloadState: last as TcpOffloadState, templateColumn: false };
  }
  if (TEMPLATES.has(last)) {
    rest.pop();
    return { template: last, templateColumn: true };
  }
  if (last === 'Applicable' && rest[rest.length - 2] === 'Not') {
    rest.splice(rest.length - 2, 2);
    return { templateColumn: true };
  }
  return { templateColumn: false };
}
