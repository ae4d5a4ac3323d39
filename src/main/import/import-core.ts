/**
 * Recognising and reading a saved command output, with the formats and the
 * decoder passed in (so this logic is testable without the real format lists).
 * Nothing here throws: every detect/parse/decode runs inside a try/catch, and a
 * spec that misbehaves counts as not matching.
 */
import { assignConnectionIds, emptySnapshot, type CollectorReport, type Snapshot } from '../../shared/model';
import { assignUnixSocketIds } from '../../shared/unix-socket';
import type { FormatSpec, ImportPart, ParseResult } from '../parsers/format';

export type ImportOutcome =
  | {
      ok: true;
      snapshot: Snapshot;
      format: { id: string; label: string };
      skipped: number;
      skippedExamples: string[];
      /** Rows handed to an onRow sink while streaming (they are not in snapshot.connections). */
      streamedRows?: number;
    }
  | { ok: false; error: string };

export type Decoder = (bytes: Uint8Array) => { text: string; encoding: string };

export interface ImportOptions {
  formats: FormatSpec[];
  decode: Decoder;
  /** Epoch ms written as the snapshot's takenAt (the import time). */
  now?: number;
}

/** Below this a format is not a match; at or above MERGE_SCORE several formats may share one file. */
export const MIN_SCORE = 0.5;
export const MERGE_SCORE = 0.9;
const EXAMPLES = 5;

export function platformOfFormat(id: string): string {
  if (id.startsWith('windows-')) return 'win32';
  if (id.startsWith('macos-')) return 'darwin';
  if (id.startsWith('linux-')) return 'linux';
  return '';
}

function safeScore(spec: FormatSpec, text: string): number {
  try {
    const score = spec.detect(text);
    return typeof score === 'number' && Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
  } catch {
    return 0;
  }
}

function safeParse(spec: FormatSpec, text: string): ParseResult | Error {
  try {
    const result = spec.parse(text);
    return {
      data: result.data ?? {},
      skipped: Array.isArray(result.skipped) ? result.skipped : [],
      ...(Number.isSafeInteger(result.skippedCount) ? { skippedCount: result.skippedCount } : {}),
      warnings: Array.isArray(result.warnings) ? result.warnings : [],
      ...(typeof result.label === 'string' && result.label !== '' ? { label: result.label } : {}),
    };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

type PartKind = 'connections' | 'routes' | 'interfaces' | 'protocolStats' | 'unixSockets' | 'networkDirect';

/** Which parts of the snapshot a parse result fills (empty lists do not count). */
export function filledParts(data: ImportPart): PartKind[] {
  const kinds: PartKind[] = [];
  if (data.connections && data.connections.length > 0) kinds.push('connections');
  if (data.routes && data.routes.length > 0) kinds.push('routes');
  if (data.interfaces && data.interfaces.length > 0) kinds.push('interfaces');
  if (data.protocolStats && Object.keys(data.protocolStats).length > 0) kinds.push('protocolStats');
  if (data.unixSockets && data.unixSockets.length > 0) kinds.push('unixSockets');
  // A netstat -x file of a machine without RDMA adapters is still that machine's (empty) answer.
  if (data.networkDirect) kinds.push('networkDirect');
  return kinds;
}

function clip(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}

/** The widest line of the known-formats list: an 80-column terminal shows it unwrapped, with a column to spare. */
export const MESSAGE_WIDTH = 79;

/**
 * `head` then the items, '; ' between them, broken into lines of at most `width` between items (never inside one:
 * a label cut in two reads as two formats), the lines after the first indented by two spaces.
 */
export function wrapList(head: string, items: readonly string[], width = MESSAGE_WIDTH): string {
  const lines: string[] = [];
  // Each item goes in with a space before it: a line that starts as ' ' is indented by two.
  let line = head.trimEnd();
  let itemsOnLine = 0;
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item};` : item;
    if (itemsOnLine > 0 && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = ' ';
      itemsOnLine = 0;
    }
    line += ` ${piece}`;
    itemsOnLine++;
  });
  lines.push(line);
  return lines.join('\n');
}

/**
 * Why the file was not read on a line of its own, then the known formats on lines of at most 79 columns. WHY: on
 * one line, the 29 labels made an ~840-character message that a terminal broke mid-word and the message box of
 * File > Open Saved Output… showed as one block; the reason was lost in front of it.
 */
export function noMatchError(fileName: string, formats: FormatSpec[], why: string): string {
  return `${fileName}: ${why}.\n${wrapList(
    'Known formats:',
    formats.map((f) => f.label),
  )}`;
}

export function importText(text: string, fileName: string, options: ImportOptions): ImportOutcome {
  try {
    return importTextUnsafe(text, fileName, options);
  } catch (error) {
    return { ok: false, error: `${fileName}: could not be imported: ${(error as Error)?.message ?? String(error)}` };
  }
}

function importTextUnsafe(text: string, fileName: string, options: ImportOptions): ImportOutcome {
  const { formats } = options;
  if (text.trim() === '') return { ok: false, error: noMatchError(fileName, formats, 'the file is empty') };
  const scored = formats
    .map((spec) => ({ spec, score: safeScore(spec, text) }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return { ok: false, error: noMatchError(fileName, formats, 'not a recognised command output') };

  const parsed: { spec: FormatSpec; result: ParseResult }[] = [];
  let parseError: Error | null = null;
  for (const { spec } of scored.filter((s) => s.score >= MERGE_SCORE || s === best)) {
    const result = safeParse(spec, text);
    if (result instanceof Error) parseError ??= result;
    else parsed.push({ spec, result });
  }
  const chosen = chooseParts(parsed, best.spec);
  if (chosen.length === 0) {
    const why = `looks like ${best.spec.label} but could not be read (${parseError?.message ?? 'no data'})`;
    return { ok: false, error: `${fileName}: ${why}` };
  }
  // A second format with the same top score that was not merged in is a competing reading.
  const tie = scored.find((s) => s.spec !== best.spec && s.score === best.score);
  if (tie && !chosen.some((c) => c.spec === tie.spec)) {
    const tieData = parsed.find((p) => p.spec === tie.spec)?.result.data;
    if (tieData === undefined || filledParts(tieData).length > 0) {
      const why = `ambiguous: it matches both ${best.spec.label} and ${tie.spec.label}`;
      return { ok: false, error: noMatchError(fileName, formats, why) };
    }
  }
  return { ok: true, ...buildSnapshot(chosen, fileName, options.now ?? Date.now()) };
}

/**
 * The format a big file can be streamed through, judged from its first chunk:
 * the best-scoring format when it can read line by line, nothing else scores
 * high enough to be merged with it, and no other format ties with it. Otherwise
 * null, and the file is read whole (within the size cap) as small files are.
 */
export function streamableFormat(head: string, formats: FormatSpec[]): FormatSpec | null {
  if (head.trim() === '') return null;
  const scored = formats
    .map((spec) => ({ spec, score: safeScore(spec, head) }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || !best.spec.stream) return null;
  const rival = scored.find((s) => s !== best && (s.score >= MERGE_SCORE || s.score === best.score));
  return rival ? null : best.spec;
}

/**
 * Every spec scoring >= MERGE_SCORE contributes when their filled parts do not
 * overlap (e.g. Windows `netstat -e -s`: interface counters + protocol stats);
 * otherwise the best one alone.
 */
function chooseParts(
  parsed: { spec: FormatSpec; result: ParseResult }[],
  best: FormatSpec,
): { spec: FormatSpec; result: ParseResult }[] {
  const first = parsed.find((p) => p.spec === best) ?? parsed[0];
  if (!first) return [];
  const taken = new Set(filledParts(first.result.data));
  const chosen = [first];
  for (const candidate of parsed) {
    if (candidate === first) continue;
    const parts = filledParts(candidate.result.data);
    if (parts.length === 0) continue;
    if (parts.some((p) => taken.has(p))) return [first];
    parts.forEach((p) => taken.add(p));
    chosen.push(candidate);
  }
  return chosen;
}

function appendAll<T>(target: T[], source: readonly T[] | undefined): void {
  if (source) for (const item of source) target.push(item);
}

export function buildSnapshot(
  chosen: { spec: FormatSpec; result: ParseResult }[],
  fileName: string,
  now: number,
): Omit<Extract<ImportOutcome, { ok: true }>, 'ok'> {
  const primary = chosen[0]?.spec as FormatSpec;
  const label = chosen.map((c) => c.result.label ?? c.spec.label).join(' + ');
  // The label travels with the snapshot: the UI of a served or opened file says what it was read as, not only ids.
  const snapshot = emptySnapshot({
    takenAt: now,
    platform: platformOfFormat(primary.id),
    source: { kind: 'import', file: fileName, formats: chosen.map((c) => c.spec.id), label },
  });
  const skippedLines: string[] = [];
  let skippedTotal = 0;
  for (const { spec, result } of chosen) {
    const data = result.data;
    // Loops, not push(...rows): a spread argument overflows the stack above ~120k rows.
    appendAll(snapshot.connections, data.connections);
    appendAll(snapshot.routes, data.routes);
    appendAll(snapshot.interfaces, data.interfaces);
    if (data.unixSockets) appendAll((snapshot.unixSockets ??= []), data.unixSockets);
    if (data.networkDirect) appendAll((snapshot.networkDirect ??= []), data.networkDirect);
    if (data.protocolStats) {
      for (const [group, counters] of Object.entries(data.protocolStats)) {
        snapshot.protocolStats[group] = { ...(snapshot.protocolStats[group] ?? {}), ...counters };
      }
    }
    const warnings = [...result.warnings];
    const skipped = result.skipped.filter((line) => line.trim() !== '');
    // A line reader keeps only its first skipped lines and counts the rest.
    const count = typeof result.skippedCount === 'number' ? result.skippedCount : skipped.length;
    skippedTotal += count;
    if (count > 0) {
      const examples = skipped
        .slice(0, 2)
        .map((l) => `'${clip(l)}'`)
        .join(', ');
      warnings.push(`${count} line${count === 1 ? '' : 's'} could not be read, e.g. ${examples}`);
    }
    appendAll(skippedLines, skipped);
    const report: CollectorReport = { name: spec.id, ok: true, tookMs: 0, error: null, warnings };
    // A file that names owners (ss -p, netstat -p, -ano, lsof): one of its sockets without one may still be another
    // user's, hidden from whoever saved it (not root); a file without owner columns says nothing (shared/model.ts).
    if (data.connections?.some((c) => c.pid !== null || c.processName !== null)) report.ownerless = 'maybe-unreadable';
    snapshot.collectors.push(report);
  }
  assignConnectionIds(snapshot.connections);
  if (snapshot.unixSockets) assignUnixSocketIds(snapshot.unixSockets);
  return {
    snapshot,
    format: { id: primary.id, label },
    skipped: skippedTotal,
    skippedExamples: skippedLines.slice(0, EXAMPLES).map(clip),
  };
}

export function importBytesWith(bytes: Uint8Array, fileName: string, options: ImportOptions): ImportOutcome {
  let text: string;
  try {
    text = options.decode(bytes).text;
  } catch (error) {
    return { ok: false, error: `${fileName}: could not be decoded: ${(error as Error)?.message ?? String(error)}` };
  }
  return importText(typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '', fileName, options);
}
