import iconv from 'iconv-lite';
import { decodeText } from '../../server/import/decode';
import { ImportError } from '../../server/import/import-error';

const TEXT = 'WBGM00\tIntravenøs injeksjon/infusjon av legemiddel\nZWUU15\tUndersøkelse på ufødt barn – ÆØÅ æøå é';

/** UTF-8 bytes misread as cp1252 and saved again as UTF-8: how `Ã¥` for `å` comes about. */
const doubleEncode = (text: string): Buffer => Buffer.from(iconv.decode(Buffer.from(text, 'utf8'), 'win1252'), 'utf8');

describe('decodeText', () => {
  it('reads UTF-8 with a byte-order mark and drops the mark', () => {
    const decoded = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'a.txt');
    expect(decoded).toEqual({ text: TEXT, encoding: 'utf-8-bom', repairedDoubleEncoding: false });
  });

  it('reads UTF-8 without a byte-order mark', () => {
    expect(decodeText(Buffer.from(TEXT, 'utf8'), 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-8', repairedDoubleEncoding: false });
  });

  it('reads ISO-8859-1, and calls it cp1252 when a byte 0x80–0x9F is used', () => {
    const latin = 'ZWUU15\tUndersøkelse på ufødt barn ÆØÅ';
    expect(decodeText(iconv.encode(latin, 'latin1'), 'a.txt')).toEqual({ text: latin, encoding: 'iso-8859-1', repairedDoubleEncoding: false });
    expect(decodeText(iconv.encode(TEXT, 'win1252'), 'a.txt')).toEqual({ text: TEXT, encoding: 'windows-1252', repairedDoubleEncoding: false });
  });

  it('repairs double-encoded UTF-8, with and without a byte-order mark', () => {
    const bytes = doubleEncode(TEXT);
    expect(bytes.toString('utf8')).toContain('Ã¸');
    expect(decodeText(bytes, 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-8', repairedDoubleEncoding: true });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(decodeText(withBom, 'a.txt')).toMatchObject({ text: TEXT, repairedDoubleEncoding: true });
  });

  it('repairs double-encoded capitals (Ã… Ã˜ Ã†) and leaves real Å Æ Ø alone', () => {
    expect(decodeText(Buffer.from('Ã…pen kode, Ã˜re, Ã†re', 'utf8'), 'a.txt').text).toBe('Åpen kode, Øre, Ære');
    expect(decodeText(Buffer.from('ÅPEN «KODE» Ø° Æ¼', 'utf8'), 'a.txt')).toMatchObject({ text: 'ÅPEN «KODE» Ø° Æ¼', repairedDoubleEncoding: false });
  });

  it('refuses a replacement character, naming the line', () => {
    const bytes = Buffer.from('AAAA00\tEEG\nAAAA05\tEEG overv\ufffdking\n', 'utf8');
    expect(() => decodeText(bytes, 'bad.txt')).toThrow(ImportError);
    expect(() => decodeText(bytes, 'bad.txt')).toThrow(/^bad\.txt:2: wrong encoding/);
  });

  it('refuses cp1252 text with bytes cp1252 does not define', () => {
    const bytes = Buffer.from([0x41, 0x0a, 0x42, 0x81, 0x0a]);
    expect(() => decodeText(bytes, 'bad.txt')).toThrow(/bad\.txt:2: wrong encoding/);
  });
});
