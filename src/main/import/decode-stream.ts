/**
 * Decoding a saved console output chunk by chunk, with the same rules as
 * decodeConsoleOutput() (parsers/windows/codepage.ts) has for a whole file: a BOM,
 * then UTF-16 by its NUL pattern, then strict UTF-8, then the most plausible OEM
 * code page. The encoding is chosen from the first chunk; UTF-8 is checked as the
 * bytes arrive, and the first byte sequence that is not UTF-8 switches the rest of
 * the file to the OEM page that reads those bytes best (everything before it was
 * valid UTF-8, so nothing already decoded changes meaning).
 */
import iconv from 'iconv-lite';
import { guessOemEncoding, guessUtf16WithoutBom } from '../parsers/windows/codepage';

export interface StreamDecoder {
  /** The encoding in use (it can change from utf8 to an OEM page once). */
  readonly encoding: string;
  write(bytes: Uint8Array): string;
  end(): string;
}

function iconvDecoder(encoding: string, skip: number): StreamDecoder {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  let toSkip = skip;
  return {
    encoding,
    write(bytes) {
      const rest = toSkip > 0 ? bytes.subarray(Math.min(toSkip, bytes.length)) : bytes;
      toSkip = Math.max(0, toSkip - bytes.length);
      return decoder.write(Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength));
    },
    end: () => decoder.end() ?? '',
  };
}

/** How many leading bytes form complete UTF-8 sequences (a sequence cut by the chunk end waits for the next). */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? n - back : n;
  }
  return n;
}

class Utf8ThenOem implements StreamDecoder {
  encoding = 'utf8';
  private readonly strict = new TextDecoder('utf-8', { fatal: true });
  private pending: Uint8Array = new Uint8Array(0);
  private oem: StreamDecoder | null = null;
  private first = true;

  write(chunk: Uint8Array): string {
    if (this.oem) return this.oem.write(chunk);
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = completeUtf8Length(bytes);
    try {
      let text = this.strict.decode(bytes.subarray(0, cut));
      if (this.first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = this.first && text.length === 0;
      this.pending = bytes.slice(cut);
      return text;
    } catch {
      this.oem = iconvDecoder(guessOemEncoding(bytes), 0);
      this.encoding = this.oem.encoding;
      this.pending = new Uint8Array(0);
      return this.oem.write(bytes);
    }
  }

  end(): string {
    if (this.oem) return this.oem.end();
    if (this.pending.length === 0) return '';
    // A file cut inside a character: the last bytes are not UTF-8, read them as the OEM page would.
    return iconv.decode(Buffer.from(this.pending), guessOemEncoding(this.pending));
  }
}

/** A decoder for a file whose first chunk is `head`. */
export function streamDecoderFor(head: Uint8Array): StreamDecoder {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return iconvDecoder('utf8', 3);
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return iconvDecoder('utf16le', 2);
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return iconvDecoder('utf16be', 2);
  const utf16 = guessUtf16WithoutBom(head);
  if (utf16) return iconvDecoder(utf16, 0);
  return new Utf8ThenOem();
}

/**
 * Splits decoded text into lines at CRLF, CR or LF (as splitLines() does), across
 * chunk boundaries: a CR at the end of a chunk waits to see whether LF follows.
 */
export class LineSplitter {
  private carry = '';

  constructor(private readonly onLine: (line: string) => void) {}

  write(text: string): void {
    const all = this.carry + text;
    const breaks = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = breaks.exec(all); m !== null; m = breaks.exec(all)) {
      if (m.index === all.length - 1 && m[0] === '\r') break; // CR last: maybe the first half of CRLF
      this.onLine(all.slice(start, m.index));
      start = m.index + m[0].length;
    }
    this.carry = all.slice(start);
  }

  /** The last line (splitLines() also yields the text after the last line break, even when empty). */
  end(): void {
    const rest = this.carry;
    this.carry = '';
    if (rest.endsWith('\r')) {
      this.onLine(rest.slice(0, -1));
      this.onLine('');
    } else this.onLine(rest);
  }
}
