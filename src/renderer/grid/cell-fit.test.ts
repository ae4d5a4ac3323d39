import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeCellFit, measureCellFit } from './cell-fit';

/** Every printable ASCII character `px` wide. */
const flat = (px: number): number[] => new Array<number>(0x7e - 0x20 + 1).fill(px);
const fit = makeCellFit({ text: flat(7), mono: flat(8), number: flat(6) }, 12);

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

describe('makeCellFit', () => {
  it('lets a text go unclipped only when its advances, 5% and 2 px more, fit inside the padding', () => {
    // 10 characters of 7 px: 70 * 1.05 + 2 + 12 = 87.5 px.
    expect(fit.fits('worker-499', 'text', 88)).toBe(true);
    expect(fit.fits('worker-499', 'text', 87)).toBe(false);
    // The kind's own advances: 10 * 8 * 1.05 + 14 = 98 px in monospace.
    expect(fit.fits('10.0.3.231', 'mono', 98)).toBe(true);
    expect(fit.fits('10.0.3.231', 'mono', 97)).toBe(false);
    expect(fit.fits('', 'number', 14)).toBe(true);
  });

  it('clips any text with a character outside printable ASCII, whose width it does not know', () => {
    for (const text of ['café', 'a\tb', 'host—name', '名前', 'x\u{1F600}'])
      expect(fit.fits(text, 'text', 1000)).toBe(false);
  });
});

describe('measureCellFit', () => {
  it('gives none where nothing is laid out, and leaves no probe behind', () => {
    expect(measureCellFit(document.body)).toBeNull();
    expect(document.body.children.length).toBe(0);
  });

  it('measures each character in a cell of each kind, with the cells padding', () => {
    const style = document.createElement('style');
    style.textContent = '.cell { padding: 0 6px; }';
    document.head.appendChild(style);
    const kinds: string[] = [];
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const kind = this.parentElement?.className ?? '';
      kinds.push(kind);
      // 'W' wide, everything else narrow; monospace 8 px throughout.
      const width = kind.includes('mono') ? 8 : this.textContent === 'W' ? 12 : 6;
      return { width } as DOMRect;
    });
    const measured = measureCellFit(document.body);
    expect(new Set(kinds)).toEqual(new Set(['cell text', 'cell mono', 'cell number']));
    expect(measured).not.toBeNull();
    // 'aaaa': 24 * 1.05 + 14 = 39.2; 'WWWW': 48 * 1.05 + 14 = 64.4.
    expect(measured?.fits('aaaa', 'text', 40)).toBe(true);
    expect(measured?.fits('WWWW', 'text', 40)).toBe(false);
    expect(measured?.fits('WWWW', 'text', 65)).toBe(true);
    expect(measured?.fits('WWWW', 'mono', 48)).toBe(true);
    expect(document.body.children.length).toBe(0);
  });
});
