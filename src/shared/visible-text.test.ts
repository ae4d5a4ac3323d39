import { describe, expect, it } from 'vitest';
import { isPlainText, visibleText } from './visible-text';

describe('visibleText', () => {
  it('shows a bidi override, isolates and marks as escapes, so a name cannot reorder what follows it', () => {
    expect(visibleText('invoice\u202efdp.exe')).toBe('invoice\\u202efdp.exe');
    expect(visibleText('a\u2066b\u2069c\u200e\u200f\u061c')).toBe('a\\u2066b\\u2069c\\u200e\\u200f\\u061c');
  });

  it('escapes controls, DEL, C1 controls and line breaks, which would break a one-line cell', () => {
    expect(visibleText('x\ny\rz\t\x1b[2J\x07\x7f\x85\u2028\u2029')).toBe(
      'x\\x0ay\\x0dz\\x09\\x1b[2J\\x07\\x7f\\x85\\u2028\\u2029',
    );
  });

  it('keeps every other text as it is: accents, scripts written right to left, emoji, a zero-width joiner', () => {
    for (const text of ['nginx', 'café', 'שלום', 'مرحبا', '进程', '👩‍💻', 'a b', '']) {
      expect(isPlainText(text)).toBe(true);
      expect(visibleText(text)).toBe(text);
    }
  });
});
