/**
 * The main window's remembered bounds (userData/window-state.json). Anything
 * unreadable or implausible falls back to the default size, and the bounds
 * are pulled back onto a display so a window never opens off screen after a
 * monitor was unplugged.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 640, height: 400 };
const MAX_COORD = 100_000;

const isCoord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORD;

export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const b = r.bounds;
  if (typeof b !== 'object' || b === null) return null;
  const { x, y, width, height } = b as Record<string, unknown>;
  if (!isCoord(x) || !isCoord(y) || !isCoord(width) || !isCoord(height)) return null;
  if (width < MIN_SIZE.width || height < MIN_SIZE.height) return null;
  return {
    bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
    maximized: r.maximized === true,
  };
}

/** Fits the rectangle into the work area: shrinks it if larger, then moves it inside. */
export function clampToWorkArea(rect: Rect, area: Rect): Rect {
  const width = Math.min(rect.width, area.width);
  const height = Math.min(rect.height, area.height);
  const x = Math.min(Math.max(rect.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(rect.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null; // missing or corrupt: start with the default size
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify(state));
    renameSync(temp, file);
  } catch {
    // Losing the window position is not worth bothering the user about.
  }
}
