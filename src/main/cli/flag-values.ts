/** Values of flags: seconds, sizes, whole numbers in a range; a bad one is a UsageError that says what was wanted. */
import {
  REFRESH_INTERVAL_MAX_MS as MAX_INTERVAL_MS,
  REFRESH_INTERVAL_MIN_MS as MIN_INTERVAL_MS,
} from '../../shared/refresh';
import { UsageError } from './flag-table';

export function parseSeconds(text: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`${what} must be a number of seconds, got '${text}'`);
  const ms = Math.round(Number(text) * 1000);
  if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new UsageError(`${what} must be between ${MIN_INTERVAL_MS / 1000} and ${MAX_INTERVAL_MS / 1000} seconds`);
  }
  return ms;
}

export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got '${text}'`);
  }
  return Number(text);
}

/** '512M', '2G', '100MiB', '4096' (bytes): a size for --max-size. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(match?.[2] ?? '').toLowerCase()];
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`${flag} takes a size such as 512M, 2G or a number of bytes, got '${text}'`);
  }
  return bytes;
}
