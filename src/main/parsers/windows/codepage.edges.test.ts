/**
 * The code page guesser at its edges: UTF-16 without a BOM by its NUL pattern (thresholds, the 8 KiB window,
 * big endian), BOMs cut short, hints in any case or unknown, and the word scores that tell real text in one
 * script (Greek, Hebrew, Arabic, Thai, Hangul, CJK, Cyrillic, Latin) from mojibake that mixes scripts.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeConsoleOutput, decodeWith, guessOemEncoding, guessUtf16WithoutBom, scoreDecoding } from './codepage';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('guessUtf16WithoutBom', () => {
  it('needs two pairs; ASCII in UTF-16 shows its NULs at odd offsets (LE) or even ones (BE)', () => {
    expect(guessUtf16WithoutBom(bytes(0x41, 0))).toBeNull();
    expect(guessUtf16WithoutBom(bytes(0x41, 0, 0x42, 0))).toBe('utf16le');
    expect(guessUtf16WithoutBom(bytes(0, 0x41, 0, 0x42))).toBe('utf16be');
    expect(guessUtf16WithoutBom(bytes(0, 0, 0, 0))).toBeNull();
    expect(guessUtf16WithoutBom(bytes(0x41, 0x42, 0x43, 0x44))).toBeNull();
  });

  it('a third of the pairs with a NUL is enough; fewer is not; NULs on the other side must stay under a quarter', () => {
    // 3 pairs, 1 with a NUL high byte: exactly a third.
    expect(guessUtf16WithoutBom(bytes(0x41, 0, 0x42, 0x43, 0x44, 0x45))).toBe('utf16le');
    expect(guessUtf16WithoutBom(bytes(0, 0x41, 0x42, 0x43, 0x44, 0x45))).toBe('utf16be');
    // 4 pairs, 1 NUL: under a third.
    expect(guessUtf16WithoutBom(bytes(0x41, 0, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47))).toBeNull();
    // 4 odd NULs and 1 even NUL: 1 is not under 4 / 4.
    expect(guessUtf16WithoutBom(bytes(0x41, 0, 0x42, 0, 0x43, 0, 0, 0))).toBeNull();
    expect(guessUtf16WithoutBom(bytes(0, 0x41, 0, 0x42, 0, 0x43, 0, 0))).toBeNull();
    // 5 odd NULs and 1 even NUL: 1 is under 5 / 4.
    expect(guessUtf16WithoutBom(bytes(0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0, 0, 0))).toBe('utf16le');
    expect(guessUtf16WithoutBom(bytes(0, 0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0, 0))).toBe('utf16be');
  });

  it('looks at the first 8 KiB only', () => {
    const ascii = new Uint8Array(8192).fill(0x41);
    const tail = iconv.encode('TCP 0.0.0.0:135', 'utf16le');
    expect(guessUtf16WithoutBom(new Uint8Array([...ascii, ...tail]))).toBeNull();
    expect(guessUtf16WithoutBom(new Uint8Array([...ascii.subarray(0, 8), ...tail]))).toBe('utf16le');
  });
});

describe('decodeConsoleOutput edges', () => {
  it('a BOM cut short is not a BOM', () => {
    expect(decodeConsoleOutput(bytes(0xef, 0xbb)).encoding).not.toBe('utf8');
    expect(decodeConsoleOutput(bytes(0xff)).encoding).not.toBe('utf16le');
    expect(decodeConsoleOutput(bytes(0xfe)).encoding).not.toBe('utf16be');
    expect(decodeConsoleOutput(bytes(0xef, 0xbb, 0xbf))).toEqual({ text: '', encoding: 'utf8' });
    expect(decodeConsoleOutput(bytes(0xff, 0xfe))).toEqual({ text: '', encoding: 'utf16le' });
  });

  it('strict UTF-8 wins over the OEM guess; one bad byte sends it to the guess', () => {
    expect(decodeConsoleOutput(Buffer.from('état', 'utf8'))).toEqual({ text: 'état', encoding: 'utf8' });
    const cp850 = iconv.encode('ÉCOUTE état', 'cp850');
    // cp437 and cp850 agree on these letters: either reads it right.
    expect(decodeConsoleOutput(cp850).text).toBe('ÉCOUTE état');
    expect(decodeConsoleOutput(cp850).encoding).not.toBe('utf8');
  });

  it('a hint in any case counts; an unknown one is ignored', () => {
    const text = 'Состояние Активные подключения';
    const cp866 = iconv.encode(text, 'cp866');
    expect(guessOemEncoding(cp866, 'CP866')).toBe('cp866');
    expect(guessOemEncoding(cp866, 'no-such-page')).toBe('cp866');
    expect(guessOemEncoding(new Uint8Array(), undefined)).toBe('cp437');
  });

  it('decodeWith drops a BOM the encoding decodes', () => {
    expect(decodeWith(bytes(0xef, 0xbb, 0xbf, 0x41), 'utf8')).toBe('A');
    expect(decodeWith(bytes(0x41), 'utf8')).toBe('A');
  });
});

describe('scoreDecoding', () => {
  it('ASCII text scores nothing: it reads the same in every page', () => {
    expect(scoreDecoding('  TCP    0.0.0.0:135    LISTENING\r\n')).toBe(0);
    expect(scoreDecoding('')).toBe(0);
  });

  it('a word in one script scores its length, in every script the pages cover', () => {
    for (const word of ['Ελληνικά', 'Привет', 'שלום', 'مرحبا', 'สวัสดี', '안녕', '你好', 'ＴＣＰ', 'Łódź', 'Ẹ']) {
      expect(scoreDecoding(word), word).toBe([...word].length);
    }
  });

  it('known netstat words weigh ten times their length, each time they appear', () => {
    expect(scoreDecoding('écoute')).toBe(10 * 6 + 6);
    expect(scoreDecoding('ÉCOUTE ÉCOUTE')).toBe(2 * (10 * 6 + 6));
  });

  it('mojibake scores below zero: mixed scripts, symbols, controls, unmapped bytes, three accents in a row', () => {
    for (const word of ['Σтатус', 'É╔COUTE', 'a\u0085b', 'a\ufffdb', 'Ã©Ã', 'ÃÂ©', '×', '÷', 'a\u0001é']) {
      expect(scoreDecoding(word), JSON.stringify(word)).toBeLessThan(0);
    }
    expect(scoreDecoding('Ã©Ã')).toBe(-3 * 1 - 3);
    expect(scoreDecoding('É╔')).toBe(-3 * 1 - 2);
  });

  it('words are split on spaces and punctuation before scoring', () => {
    expect(scoreDecoding('Привет: Ελληνικά, (שלום)')).toBe(6 + 8 + 4);
    expect(scoreDecoding('x=é-y/é\\z')).toBe(2);
  });
});
