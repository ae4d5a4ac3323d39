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

describe('byte order marks', () => {
  it('a BOM decides the encoding even when the bytes after it do not decode cleanly', () => {
    expect(decodeConsoleOutput(bytes(0xef, 0xbb, 0xbf, 0x41, 0xff))).toEqual({ text: 'A\ufffd', encoding: 'utf8' });
    // Pure CJK in UTF-16 has no NUL bytes to recognise it by: only the BOM says what it is.
    const words = '活动连接 状态';
    const le = new Uint8Array([0xff, 0xfe, ...iconv.encode(words, 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(words, 'utf16be')]);
    expect(decodeConsoleOutput(le)).toEqual({ text: words, encoding: 'utf16le' });
    expect(decodeConsoleOutput(be)).toEqual({ text: words, encoding: 'utf16be' });
  });

  it('every byte of the mark must be there: the second or third byte alone is a letter of the page', () => {
    expect(decodeConsoleOutput(bytes(0x41, 0xfe, 0x41, 0x42)).encoding).not.toBe('utf16le');
    expect(decodeConsoleOutput(bytes(0x41, 0xff, 0x41, 0x42)).encoding).not.toBe('utf16be');
    expect(decodeConsoleOutput(bytes(0x41, 0xbb, 0xbf)).encoding).not.toBe('utf8');
    expect(decodeConsoleOutput(bytes(0xef, 0x41, 0xbf)).encoding).not.toBe('utf8');
    for (const input of [bytes(0x41, 0xfe, 0x41, 0x42), bytes(0x41, 0xbb, 0xbf)]) {
      expect(decodeConsoleOutput(input).text.startsWith('A')).toBe(true);
    }
  });

  it('decodeWith drops the BOM of an encoding that writes it as a character (GB18030, code page 54936)', () => {
    expect(decodeWith(bytes(0x84, 0x31, 0x95, 0x33, 0x41), 'gb18030')).toBe('A');
    expect(decodeWith(bytes(0x41, 0x84, 0x31, 0x95, 0x33), 'gb18030')).toBe('A\ufeff');
  });

  it('never throws, even on a hint that is not text (an untyped caller): it reads cp437', () => {
    const cp850 = iconv.encode('ÉCOUTE', 'cp850');
    expect(decodeConsoleOutput(cp850, 850 as unknown as string)).toEqual({ text: 'ÉCOUTE', encoding: 'cp437' });
  });
});

describe('guessUtf16WithoutBom: pairs only', () => {
  it('an odd last byte is not half of a pair', () => {
    // Two pairs, one NUL high byte (a third or more), then a lone NUL that must not count as an even NUL.
    expect(guessUtf16WithoutBom(bytes(0x41, 0, 0x42, 0x43, 0))).toBe('utf16le');
  });

  it('big endian also needs a third of the pairs with a NUL', () => {
    expect(guessUtf16WithoutBom(bytes(0, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47))).toBeNull();
  });
});

describe('guessOemEncoding and its hint', () => {
  // 0xEE is 'ε' in cp437 (a letter) and '¯' in cp850 (a symbol): one word scores 1 against -4.
  it('the hint wins when it scores up to 5 below the best page, not further', () => {
    expect(guessOemEncoding(bytes(0xee), 'cp850')).toBe('cp850');
    expect(guessOemEncoding(bytes(0xee), 'CP850')).toBe('cp850');
    expect(guessOemEncoding(bytes(0xee))).toBe('cp437');
    expect(guessOemEncoding(bytes(0xee, 0x20, 0xee), 'cp850')).toBe('cp437');
  });

  it('an unknown hint is not a candidate: text every page reads alike stays cp437', () => {
    expect(guessOemEncoding(bytes(0x41), 'no-such-page')).toBe('cp437');
    expect(guessOemEncoding(bytes(0x41), 'cp866')).toBe('cp866');
  });
});

describe('scoreDecoding: where each script starts and ends', () => {
  // A one-letter word scores 1 inside a script; outside every script it is a symbol (-3 - 1). U+3000, where
  // CJK punctuation starts, is the ideographic space: a word separator, never scored.
  const inside = [
    0xc0, 0xd6, 0xd8, 0xf6, 0xf8, 0x24f, 0x1e00, 0x1eff, 0x370, 0x3ff, 0x400, 0x4ff, 0x590, 0x5ff, 0x600, 0x6ff, 0xe00,
    0xe7f, 0x3001, 0x303f, 0x3040, 0x30ff, 0x4e00, 0x9fff, 0xac00, 0xd7af, 0xff00, 0xffef,
  ];
  const outside = [0xbf, 0xd7, 0xf7, 0x250, 0x1dff, 0x1f00, 0x36f, 0x500, 0x58f, 0x700, 0xdff, 0xe80, 0x3100];
  const moreOutside = [0x4dff, 0xa000, 0xabff, 0xd7b0, 0xfefe, 0xfff0];

  const hex = (codes: number[]) => codes.map((code) => [code.toString(16).padStart(4, '0'), code] as const);

  it.each(hex(inside))('U+%s is a letter of a script', (_hex, code) => {
    expect(scoreDecoding(String.fromCharCode(code))).toBe(1);
  });

  it.each(hex([...outside, ...moreOutside]))('U+%s is a symbol', (_hex, code) => {
    expect(scoreDecoding(String.fromCharCode(code))).toBe(-4);
  });

  it('a C1 control is both a control and a symbol; ASCII letters are Latin, digits no script', () => {
    expect(scoreDecoding('\u0080')).toBe(-3 * 2 - 1);
    expect(scoreDecoding('\u009f')).toBe(-3 * 2 - 1);
    // An ASCII letter beside Cyrillic mixes scripts; a digit does not.
    expect(scoreDecoding('Tпривет')).toBe(-2 * 7);
    expect(scoreDecoding('п1')).toBe(2);
  });
});

describe('scoreDecoding: what makes a word mojibake', () => {
  it('ASCII words of the netstat header score nothing: every page reads them alike', () => {
    expect(scoreDecoding('Active Connections  Local Address  Foreign Address  State')).toBe(0);
    // DEL is ASCII: a word of it alone is not looked at, beside a letter it is a control.
    expect(scoreDecoding('a\u007f')).toBe(0);
    expect(scoreDecoding('é\u007f')).toBe(-3 * 1 - 2);
  });

  it('each control character or unmapped byte counts three against the word, besides its length', () => {
    expect(scoreDecoding('\u0001é')).toBe(-3 * 1 - 2);
    expect(scoreDecoding('\u0008é')).toBe(-3 * 1 - 2);
    expect(scoreDecoding('\u000eé')).toBe(-3 * 1 - 2);
    expect(scoreDecoding('\u001fé')).toBe(-3 * 1 - 2);
    expect(scoreDecoding('é\u0020é')).toBe(2);
    // U+FFFD is both an unmapped byte and outside every script.
    expect(scoreDecoding('a\ufffdb')).toBe(-3 * 2 - 3);
    expect(scoreDecoding('\u0001\u0002é')).toBe(-3 * 2 - 3);
  });

  it('three accented Latin letters in a row is mojibake; two, or three in another script, is not', () => {
    expect(scoreDecoding('ÉÈÊ')).toBe(-3);
    expect(scoreDecoding('aÉÈÊb')).toBe(-5);
    expect(scoreDecoding('éé')).toBe(2);
    expect(scoreDecoding('aééböö')).toBe(6);
    expect(scoreDecoding('Привет')).toBe(6);
  });
});

describe('scoreDecoding: every script counts as its own', () => {
  it.each(['Σ', 'п', 'ש', 'م', 'ส', '你', 'ア', 'Ｔ', '안'])('a Latin letter beside %s mixes two scripts', (letter) => {
    expect(scoreDecoding(`a${letter}`)).toBe(-2 * 2);
  });
});
