/**
 * Runs one macOS command through the injected runner and returns its output as
 * text (macOS tools write UTF-8). Shared by the collectors in this folder.
 */
import { skippedCount, type ParseResult } from '../../parsers/format';
import { CommandError, type CommandRunner } from '../run-command';

export interface MacosDeps {
  run: CommandRunner;
  /** Whether we run as root: lsof shows only our own processes' sockets otherwise. */
  isRoot: () => boolean;
  timeoutMs: number;
}

const decoder = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * The command's stdout as text. `acceptPartial` lets a non-zero exit through when
 * something was printed: lsof exits 1 when any one selection found nothing.
 */
export async function commandText(
  deps: MacosDeps,
  cmd: string,
  args: readonly string[],
  signal: AbortSignal,
  acceptPartial = false,
): Promise<string> {
  try {
    const out = await deps.run(cmd, args, { signal, timeoutMs: deps.timeoutMs });
    return decodeUtf8(out.stdout);
  } catch (error) {
    if (acceptPartial && error instanceof CommandError && error.code !== null && error.stdout.length > 0) {
      return decodeUtf8(error.stdout);
    }
    throw error;
  }
}

/** A warning for lines a parser could not read, so a format change on a new macOS shows up. */
export function skippedWarning(command: string, result: ParseResult): string[] {
  const warnings = [...result.warnings];
  const first = result.skipped[0];
  if (first !== undefined) {
    warnings.push(
      `${skippedCount(result)} line(s) of \`${command}\` could not be read, e.g. '${first.trim().slice(0, 120)}'`,
    );
  }
  return warnings;
}
