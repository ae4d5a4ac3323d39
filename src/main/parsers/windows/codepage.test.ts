import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeConsoleOutput, decodeWith, scoreDecoding } from './codepage';

const FRENCH =
  '\r\nConnexions actives\r\n\r\n  Proto  Adresse locale         Adresse distante       État\r\n  TCP    0.0.0.0:135            0.0.0.0:0              ÉCOUTE\r\n';
const CHINESE =
  '\r\n活动连接\r\n\r\n  协议  本地地址          外部地址        状态           PID\r\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1096\r\n';
const RUSSIAN =
  '\r\nАктивные подключения\r\n\r\n  Имя    Локальный адрес        Внешний адрес          Состояние\r\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n';
const JAPANESE =
  '\r\nアクティブな接続\r\n\r\n  プロトコル  ローカル アドレス      外部アドレス           状態\r\n  TCP    0.0.0.0:135     0.0.0.0:0   LISTENING\r\n';
const KOREAN =
  '\r\n활성 연결\r\n\r\n  프로토콜  로컬 주소              외부 주소              상태\r\n  TCP    0.0.0.0:135    0.0.0.0:0   LISTENING\r\n';
const POLISH =
  'Aktywne połączenia\r\n\r\n  Protokół  Adres lokalny    Obcy adres    Stan\r\n  TCP 0.0.0.0:135 0.0.0.0:0 NASŁUCHIWANIE\r\n';

describe('decodeConsoleOutput', () => {
  it.each([
    ['French in cp850', FRENCH, 'cp850'],
    ['Chinese in GBK', CHINESE, 'cp936'],
    ['Russian in cp866', RUSSIAN, 'cp866'],
    ['Japanese in cp932', JAPANESE, 'cp932'],
    ['Korean in cp949', KOREAN, 'cp949'],
    ['Polish in cp852', POLISH, 'cp852'],
  ])('gets %s back', (_label, text, encoding) => {
    const decoded = decodeConsoleOutput(iconv.encode(text, encoding));
    expect(decoded.text).toBe(text);
  });

  it('names the page it chose for scripts where pages disagree', () => {
    expect(decodeConsoleOutput(iconv.encode(RUSSIAN, 'cp866')).encoding).toBe('cp866');
    expect(decodeConsoleOutput(iconv.encode(CHINESE, 'gbk')).encoding).toBe('cp936');
    expect(decodeConsoleOutput(iconv.encode(JAPANESE, 'cp932')).encoding).toBe('cp932');
  });

  it('reads UTF-16LE with and without a BOM (PowerShell redirect), and UTF-16BE with one', () => {
    const body = iconv.encode(FRENCH, 'utf16le');
    const withBom = new Uint8Array([0xff, 0xfe, ...body]);
    expect(decodeConsoleOutput(withBom)).toEqual({ text: FRENCH, encoding: 'utf16le' });
    expect(decodeConsoleOutput(body)).toEqual({ text: FRENCH, encoding: 'utf16le' });
    const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(CHINESE, 'utf16be')]);
    expect(decodeConsoleOutput(be)).toEqual({ text: CHINESE, encoding: 'utf16be' });
  });

  it('reads UTF-8 with and without a BOM', () => {
    const body = Buffer.from(CHINESE, 'utf8');
    expect(decodeConsoleOutput(body)).toEqual({ text: CHINESE, encoding: 'utf8' });
    expect(decodeConsoleOutput(new Uint8Array([0xef, 0xbb, 0xbf, ...body]))).toEqual({
      text: CHINESE,
      encoding: 'utf8',
    });
  });

  it('lets a hint decide between pages that read the bytes equally well', () => {
    const bytes = iconv.encode('  TCP 0.0.0.0:135 0.0.0.0:0 LISTENING\r\n  x\u00e9y\r\n', 'cp1252');
    expect(decodeConsoleOutput(bytes, 'cp1252').encoding).toBe('cp1252');
  });

  it('falls back to cp437 for empty input and never throws on junk', () => {
    expect(decodeConsoleOutput(new Uint8Array()).text).toBe('');
    const junk = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    expect(typeof decodeConsoleOutput(junk).text).toBe('string');
  });

  it('decodeWith falls back to cp437 for unknown encodings', () => {
    expect(decodeWith(new Uint8Array([0x82]), 'no-such-page')).toBe('é');
    expect(decodeWith(iconv.encode('ÉCOUTE', 'cp850'), 'cp850')).toBe('ÉCOUTE');
  });

  it('scores real text above its mojibake', () => {
    const bytes = iconv.encode(RUSSIAN, 'cp866');
    expect(scoreDecoding(decodeWith(bytes, 'cp866'))).toBeGreaterThan(scoreDecoding(decodeWith(bytes, 'cp437')));
  });
});
