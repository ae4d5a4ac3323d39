/**
 * A snapshot's source as read from the wire (packed JSON or a binary frame): the rest of a snapshot is the
 * server's, passed on as it came, but the import label is text a page shows, so one that is not a short string
 * (a foreign or broken peer) is left out rather than drawn. A source without a label (older servers and agents)
 * is valid as it is.
 */
import type { Snapshot, SnapshotSource } from './model';

/** Longer than any label NetScope writes ('Windows netstat -an / -ano / -anob / -b (with -t or -y)' is 56). */
export const IMPORT_LABEL_MAX = 200;

export function isImportLabel(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= IMPORT_LABEL_MAX;
}

/** The source with an unfit label left out; any other source (live, older, or unknown) unchanged. */
export function fitSnapshotSource(source: SnapshotSource): SnapshotSource {
  if (typeof source !== 'object' || source === null || source.kind !== 'import' || !('label' in source)) return source;
  if (isImportLabel(source.label)) return source;
  const { label: _unfit, ...rest } = source;
  return rest;
}

/** The snapshot with its source fitted (the same object when nothing had to change). */
export function fitSnapshotSourceOf<T extends Pick<Snapshot, 'source'>>(snapshot: T): T {
  const source = fitSnapshotSource(snapshot.source);
  return source === snapshot.source ? snapshot : { ...snapshot, source };
}

/** What the file was read as, for people: its label, or its format ids where the snapshot has none. */
export function importReadAs(source: Extract<SnapshotSource, { kind: 'import' }>): string {
  return isImportLabel(source.label) ? source.label : source.formats.join(' + ');
}
