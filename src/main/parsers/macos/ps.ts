/**
 * `ps -o pid=,uid=,lstart=,user=,comm=,args= -p PID` (macOS/BSD). lstart is
 * always five tokens ('Mon Nov 25 10:11:12 2024', local time); comm (the
 * executable path on macOS) and args may both hold spaces, so they are split
 * where args starts with the executable again, as argv[0] usually does.
 */
import type { ProcessInfo } from '../../../shared/model';
import { splitLines, toInt } from '../linux-commands/socket-text';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Mon Nov 25 10:11:12 2024' (local time) -> epoch ms, or null. */
export function parseLstart(tokens: string[]): number | null {
  const [, monthText = '', dayText, time = '', yearText] = tokens;
  const month = MONTHS.indexOf(monthText);
  const day = toInt(dayText);
  const year = toInt(yearText);
  const hms = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  if (month < 0 || day === null || year === null || !hms) return null;
  const ms = new Date(year, month, day, Number(hms[1]), Number(hms[2]), Number(hms[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}

function splitCommAndArgs(rest: string): { comm: string; args: string } {
  const cuts: number[] = [];
  for (let i = rest.indexOf(' '); i > 0; i = rest.indexOf(' ', i + 1)) cuts.push(i);
  // First choice: args repeats the whole executable path (argv[0] as launched).
  for (const i of cuts) {
    const comm = rest.slice(0, i);
    const args = rest.slice(i + 1).trimStart();
    if (args === comm || args.startsWith(`${comm} `)) return { comm, args };
  }
  // Then: argv[0] names the same program by a shorter path ('sshd: alice' does not).
  for (const i of cuts) {
    const comm = rest.slice(0, i);
    const args = rest.slice(i + 1).trimStart();
    const base = comm.slice(comm.lastIndexOf('/') + 1);
    const argv0 = args.split(' ')[0] ?? '';
    if (base !== '' && (argv0 === base || argv0.endsWith(`/${base}`))) return { comm, args };
  }
  const space = cuts[0];
  return space === undefined
    ? { comm: rest, args: rest }
    : { comm: rest.slice(0, space), args: rest.slice(space + 1).trimStart() };
}

export function parsePsLine(text: string): ProcessInfo | null {
  const line = splitLines(text)
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!line) return null;
  const tokens = line.split(/\s+/);
  const pid = toInt(tokens[0]);
  if (pid === null) return null;
  // uid= is optional: when present it is a number before the weekday.
  const hasUid = toInt(tokens[1]) !== null;
  const dateAt = hasUid ? 2 : 1;
  const startTime = parseLstart(tokens.slice(dateAt, dateAt + 5));
  const user = tokens[dateAt + 5];
  if (startTime === null || user === undefined) return null;
  const restAt = nthTokenOffset(line, dateAt + 6);
  const rest = restAt < 0 ? '' : line.slice(restAt);
  const { comm, args } = splitCommAndArgs(rest);
  const name = comm.slice(comm.lastIndexOf('/') + 1) || null;
  return {
    pid,
    name,
    exePath: comm.startsWith('/') ? comm : null,
    commandLine: args || null,
    user,
    uid: hasUid ? Number(tokens[1]) : null,
    startTime,
  };
}

/** Character offset of the n-th (0-based) whitespace-separated token, or -1. */
function nthTokenOffset(line: string, n: number): number {
  const re = /\S+/g;
  let count = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (count++ === n) return m.index;
  }
  return -1;
}
