/**
 * Process name, path and start time per PID. The fast way is what Task Manager
 * does: OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION) + QueryFullProcessImageNameW
 * (+ GetProcessTimes), through koffi behind ProcessImageReader. It fails for
 * protected and some other users' processes; those get their name from
 * `tasklist /fo csv /nh`, and are counted so the UI can offer elevation.
 */
import type { ProcessInfo } from '../types';
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { WINDOWS_KERNEL_NAMES } from '../../parsers/windows/kernel-pids';
import { parseTasklistCsv } from '../../parsers/windows/tasklist';
import type { CommandRunner } from './run';

export interface ProcessImage {
  exePath: string | null;
  startTime: number | null;
}

export interface ProcessImageReader {
  /** null when the process does not exist or cannot be opened by this user. */
  read(pid: number): ProcessImage | null;
}

export interface ProcessLookupDeps {
  reader: ProcessImageReader | null;
  run: CommandRunner;
}

export interface ProcessLookup {
  infos: Map<number, ProcessInfo>;
  /** PIDs whose executable path could not be read (not counting the kernel's 0 and 4, which have none). */
  unreadable: Set<number>;
  warnings: string[];
}

/** The System Idle Process and System own sockets but have no executable. */
export const KERNEL_PIDS: ReadonlySet<number> = new Set(WINDOWS_KERNEL_NAMES.keys());

export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

export async function lookupProcesses(pids: Iterable<number>, deps: ProcessLookupDeps): Promise<ProcessLookup> {
  const infos = new Map<number, ProcessInfo>();
  const unreadable = new Set<number>();
  const warnings: string[] = [];
  const missingNames: number[] = [];
  for (const pid of new Set(pids)) {
    let image: ProcessImage | null = null;
    try {
      image = deps.reader?.read(pid) ?? null;
    } catch {
      image = null;
    }
    const exePath = image?.exePath ?? null;
    infos.set(pid, {
      pid,
      // The kernel's fixed names. WHY not from tasklist: every machine has sockets owned by 0 (TIME_WAIT) and 4
      // (SMB), so asking tasklist for them would start a process on every refresh.
      name: exePath ? basename(exePath) : (WINDOWS_KERNEL_NAMES.get(pid) ?? null),
      exePath,
      commandLine: null,
      user: null,
      uid: null,
      startTime: image?.startTime ?? null,
    });
    if (!exePath && !KERNEL_PIDS.has(pid)) {
      missingNames.push(pid);
      unreadable.add(pid);
    }
  }
  if (missingNames.length > 0) {
    try {
      const result = await deps.run('tasklist', ['/fo', 'csv', '/nh']);
      const names = new Map(
        parseTasklistCsv(decodeConsoleOutput(result.stdout).text).entries.map((e) => [e.pid, e.name]),
      );
      for (const pid of missingNames) {
        const info = infos.get(pid);
        if (info) info.name = names.get(pid) ?? null;
      }
    } catch (error) {
      warnings.push(
        `tasklist failed (${error instanceof Error ? error.message : String(error)}): some process names are missing`,
      );
    }
  }
  return { infos, unreadable, warnings };
}

const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const FILETIME_UNIX_EPOCH_MS = 11_644_473_600_000;

type OpenProcessFn = (access: number, inherit: number, pid: number) => unknown;
type QueryImageFn = (handle: unknown, flags: number, buffer: Uint16Array, size: number[]) => number;
type ProcessTimesFn = (
  handle: unknown,
  creation: Uint8Array,
  exit: Uint8Array,
  kernel: Uint8Array,
  user: Uint8Array,
) => number;
type CloseHandleFn = (handle: unknown) => number;

/** FILETIME (100 ns ticks since 1601, little endian) to epoch milliseconds. */
export function filetimeToEpochMs(bytes: Uint8Array): number | null {
  if (bytes.byteLength < 8) return null;
  const ticks = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (ticks === 0n) return null;
  return Number(ticks / 10_000n) - FILETIME_UNIX_EPOCH_MS;
}

export async function loadProcessImageReader(): Promise<ProcessImageReader> {
  if (process.platform !== 'win32') throw new Error('process images are read this way only on Windows');
  const imported = await import('koffi');
  const koffi = 'load' in imported ? imported : (imported as { default: typeof imported }).default;
  const kernel32 = koffi.load('kernel32.dll');
  const openProcess = kernel32.func(
    'void * __stdcall OpenProcess(uint32_t dwDesiredAccess, int bInheritHandle, uint32_t dwProcessId)',
  ) as OpenProcessFn;
  const queryImage = kernel32.func(
    'int __stdcall QueryFullProcessImageNameW(void *hProcess, uint32_t dwFlags, _Out_ uint16_t *lpExeName, _Inout_ uint32_t *lpdwSize)',
  ) as QueryImageFn;
  const processTimes = kernel32.func(
    'int __stdcall GetProcessTimes(void *hProcess, _Out_ uint8_t *lpCreationTime, _Out_ uint8_t *lpExitTime, _Out_ uint8_t *lpKernelTime, _Out_ uint8_t *lpUserTime)',
  ) as ProcessTimesFn;
  const closeHandle = kernel32.func('int __stdcall CloseHandle(void *hObject)') as CloseHandleFn;
  return {
    read(pid) {
      const handle = openProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
      if (!handle) return null;
      try {
        const buffer = new Uint16Array(32_768);
        const size = [buffer.length];
        const exePath = queryImage(handle, 0, buffer, size)
          ? new TextDecoder('utf-16le').decode(buffer.subarray(0, size[0] ?? 0))
          : null;
        const creation = new Uint8Array(8);
        const ok = processTimes(handle, creation, new Uint8Array(8), new Uint8Array(8), new Uint8Array(8));
        return { exePath, startTime: ok ? filetimeToEpochMs(creation) : null };
      } finally {
        closeHandle(handle);
      }
    },
  };
}
