import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../shared/textDecoding';

/** Windows-1252 bytes of a text, for the characters these tests use. */
function windows1252(text: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, '–': 0x96, '’': 0x92 };
  return Uint8Array.from([...text].map((ch) => special[ch] ?? (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f)));
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const DANISH = 'id;navn\r\nDI-04;Bøgehuset – Ærø Åkanden, 50 €\r\n';

describe('decodeText: the bytes of a file as Danish offices save them', () => {
  it('UTF-8 without BOM', () => {
    expect(decodeText(utf8(DANISH))).toEqual({ text: DANISH, encoding: 'utf-8', bom: false });
  });

  it('UTF-8 with BOM (Excel "CSV UTF-8"): the mark is not part of the text', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(DANISH)]);
    expect(decodeText(bytes)).toEqual({ text: DANISH, encoding: 'utf-8', bom: true });
  });

  it('Windows-1252 (Excel "CSV (semikolonsepareret)") with æøå, ÆØÅ, en dash and euro', () => {
    const bytes = windows1252(DANISH);
    expect(bytes).toContain(0xf8); // ø as one byte: not valid UTF-8
    const d = decodeText(bytes);
    expect(d).toEqual({ text: DANISH, encoding: 'windows-1252', bom: false });
    expect(d.text).not.toContain('\uFFFD');
  });

  it('a single å at the very end is still Windows-1252 (an incomplete UTF-8 sequence)', () => {
    expect(decodeText(windows1252('Ringstedgade å'))).toMatchObject({ text: 'Ringstedgade å', encoding: 'windows-1252' });
  });

  it('plain ASCII is UTF-8; an empty file is an empty text', () => {
    expect(decodeText(utf8('a,b\n1,2'))).toMatchObject({ text: 'a,b\n1,2', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8', bom: false });
  });

  it('UTF-8 text never comes out garbled as Windows-1252 ("Ã¦")', () => {
    const d = decodeText(utf8('Børnehuset Æblehaven'));
    expect(d.text).toBe('Børnehuset Æblehaven');
    expect(d.text).not.toMatch(/Ã/);
  });
});

describe('decodeText on a large file', () => {
  it('decodes a 50 KB Windows-1252 file in one piece', () => {
    const big = DANISH.repeat(1200);
    expect(decodeText(windows1252(big)).text).toBe(big);
  });
});
