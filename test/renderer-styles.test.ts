/**
 * The renderer's stylesheets select on classes, never on test ids: a test id is the tests' handle (renaming one must not
 * restyle the app), and the first screen (boot/first-screen.ts) gives its stand-ins the app's classes, not its ids,
 * so a rule on an id missed them (the status bar's counts had their least width in the app only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .css file under the renderer's source, with its text. */
function stylesheets(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(path);
    return entry.name.endsWith('.css') ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}

const renderer = resolve(__dirname, '..', 'src', 'renderer');

describe('renderer stylesheets', () => {
  it('have no selector on a data-testid', () => {
    const sheets = stylesheets(renderer);
    expect(sheets.map((s) => s.file)).toContain(join(renderer, 'styles.css'));
    expect(sheets.filter((s) => /\[data-testid/.test(s.text)).map((s) => s.file)).toEqual([]);
  });
});
