/**
 * `tasklist /fo csv /nh`: "Image Name","PID","Session Name","Session#","Mem Usage".
 * Column titles are absent (/nh) and values are quoted; the memory column uses
 * the locale's thousands separator ("12,345 K", "12.345 K", "12 345 Ko"), so only
 * the first two columns are read. With /v the 7th column is the user name.
 */
import { splitLines } from './common';

export interface TasklistEntry {
  pid: number;
  name: string;
  user: string | null;
}

export interface TasklistResult {
  entries: TasklistEntry[];
  skipped: string[];
}

/** One CSV line (RFC 4180 quotes, '""' escapes). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

export function parseTasklistCsv(text: string): TasklistResult {
  const entries: TasklistEntry[] = [];
  const skipped: string[] = [];
  for (const line of splitLines(typeof text === 'string' ? text : '')) {
    if (line.trim().length === 0) continue;
    const fields = splitCsvLine(line.trim());
    const name = fields[0]?.trim() ?? '';
    const pidText = fields[1]?.trim() ?? '';
    if (name.length === 0 || !/^\d+$/.test(pidText)) {
      skipped.push(line);
      continue;
    }
    const user = fields.length >= 9 ? (fields[6]?.trim() ?? null) : null;
    entries.push({ pid: Number(pidText), name, user: user && user !== 'N/A' ? user : null });
  }
  return { entries, skipped };
}
