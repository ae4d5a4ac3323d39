/**
 * Turns the bytes a Windows console program wrote into text. netstat and route
 * print write in the console's OEM code page (cp437 in the US, cp850 in western
 * Europe, cp866 in Russia, GBK in China...), and PowerShell's `>` writes UTF-16LE.
 * We read the bytes ourselves rather than trusting `chcp`, so the code page is
 * detected: BOMs, UTF-16 by its NUL pattern, strict UTF-8, then a scored guess
 * among the OEM pages. Never throws.
 */
import iconv from 'iconv-lite';
import { LOCALIZED_WORDS } from './netstat-words';

export interface DecodedText {
  text: string;
  encoding: string;
}

/** OEM code pages in the order preferred on a tie (cp437 is the console default). */
export const OEM_CANDIDATES: readonly string[] = [
  'cp437',
  'cp850',
  'cp852',
  'cp866',
  'cp936',
  'cp932',
  'cp949',
  'cp950',
  'cp857',
  'cp737',
  'cp775',
  'cp855',
  'cp862',
  'cp720',
  'cp874',
];

/** Decodes with a named encoding; unknown names fall back to cp437. */
export function decodeWith(bytes: Uint8Array, encoding: string): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return stripBom(iconv.decode(buffer, encoding));
  } catch {
    // iconv-lite throws on a name it does not know.
    return iconv.decode(buffer, 'cp437');
  }
}

export function decodeConsoleOutput(bytes: Uint8Array, hint?: string): DecodedText {
  try {
    return detectAndDecode(bytes, hint);
  } catch {
    return { text: decodeWith(bytes, 'cp437'), encoding: 'cp437' };
  }
}

function detectAndDecode(bytes: Uint8Array, hint?: string): DecodedText {
  // A BOM decides, even when what follows it does not decode cleanly.
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    return { text: decodeWith(bytes.subarray(3), 'utf8'), encoding: 'utf8' };
  }
  if (startsWith(bytes, 0xff, 0xfe)) {
    return { text: decodeWith(bytes.subarray(2), 'utf16le'), encoding: 'utf16le' };
  }
  if (startsWith(bytes, 0xfe, 0xff)) {
    return { text: decodeWith(bytes.subarray(2), 'utf16be'), encoding: 'utf16be' };
  }
  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) return { text: decodeWith(bytes, utf16), encoding: utf16 };
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: stripBom(utf8), encoding: 'utf8' };
  return guessOemCodePage(bytes, hint);
}

/** Past the end a Uint8Array reads undefined, so a prefix longer than the bytes never matches. */
function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * Text in UTF-16 has a NUL in the high byte of nearly every ASCII character:
 * at odd offsets for little endian, even for big endian. Console text is mostly
 * ASCII (addresses, digits), so a third of the pairs is a safe threshold.
 */
export function guessUtf16WithoutBom(bytes: Uint8Array): 'utf16le' | 'utf16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, 8192) / 2);
  if (pairs < 2) return null;
  let oddNuls = 0;
  let evenNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  if (oddNuls >= pairs / 3 && evenNuls < oddNuls / 4) return 'utf16le';
  if (evenNuls >= pairs / 3 && oddNuls < evenNuls / 4) return 'utf16be';
  return null;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function guessOemCodePage(bytes: Uint8Array, hint?: string): DecodedText {
  const encoding = guessOemEncoding(bytes, hint);
  return { text: decodeWith(bytes, encoding), encoding };
}

/** The OEM code page that reads these bytes most plausibly (scored on the first 64 KiB). */
export function guessOemEncoding(bytes: Uint8Array, hint?: string): string {
  const candidates = [...OEM_CANDIDATES];
  if (hint && iconv.encodingExists(hint)) candidates.unshift(hint.toLowerCase());
  // Only the bytes that differ between pages matter; a sample keeps the guess cheap on 100 MB outputs.
  const sample = bytes.subarray(0, 64 * 1024);
  let best = { encoding: 'cp437', score: Number.NEGATIVE_INFINITY };
  for (const encoding of new Set(candidates)) {
    // The hint wins ties (and a small margin): it comes from the OS, the score is a guess.
    const bonus = encoding === hint?.toLowerCase() ? 5 : 0;
    const score = scoreDecoding(decodeWith(sample, encoding)) + bonus;
    if (score > best.score) best = { encoding, score };
  }
  return best.encoding;
}

type Script = 'latin' | 'cyrillic' | 'cjk' | 'hangul' | 'greek' | 'hebrew' | 'arabic' | 'thai' | 'symbol';

function scriptOf(ch: string): Script | null {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x80) return /[A-Za-z]/.test(ch) ? 'latin' : null;
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) return 'latin';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
  if (c >= 0x590 && c <= 0x5ff) return 'hebrew';
  if (c >= 0x600 && c <= 0x6ff) return 'arabic';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f)) return 'cjk';
  if (c >= 0xff00 && c <= 0xffef) return 'cjk';
  if (c >= 0xac00 && c <= 0xd7af) return 'hangul';
  return 'symbol';
}

/**
 * Higher is more plausible. Known netstat words weigh most; then each word with
 * non-ASCII letters scores by whether its letters share one script (real text)
 * or mix scripts and symbols (mojibake, e.g. 'ÉCOUTE' read as cp866).
 */
export function scoreDecoding(text: string): number {
  const lower = text.toLowerCase();
  let score = 0;
  for (const word of LOCALIZED_WORDS) {
    if (!/[^\x20-\x7e]/.test(word)) continue; // ASCII words read the same in every page
    let from = lower.indexOf(word);
    while (from >= 0) {
      score += 10 * word.length;
      from = lower.indexOf(word, from + word.length);
    }
  }
  for (const word of text.split(/[\s:;,.()[\]'"/\\=-]+/)) {
    if (![...word].some((ch) => ch.charCodeAt(0) > 0x7f)) continue;
    score += scoreWord(word);
  }
  return score;
}

function scoreWord(word: string): number {
  const scripts = new Set<Script>();
  let nonAsciiRun = 0;
  let longestRun = 0;
  let bad = 0;
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    // U+FFFD marks bytes the page could not map; C0/C1 controls never appear in netstat words (tab, CR
    // and LF do, but they split words and never get here).
    if (ch === '\ufffd' || code < 0x20 || (code >= 0x7f && code <= 0x9f)) bad++;
    const script = scriptOf(ch);
    if (script === 'symbol') bad++;
    else if (script) scripts.add(script);
    nonAsciiRun = ch.charCodeAt(0) >= 0x80 ? nonAsciiRun + 1 : 0;
    longestRun = Math.max(longestRun, nonAsciiRun);
  }
  const length = [...word].length;
  if (bad > 0) return -3 * bad - length;
  if (scripts.size > 1) return -2 * length;
  // Latin text has accents between plain letters; three accented letters in a row is mojibake.
  if (scripts.has('latin') && longestRun >= 3) return -length;
  return length;
}
