/**
 * Turning the bytes of an uploaded file into text, as Danish offices save them.
 *
 * Excel's "CSV UTF-8" writes UTF-8 with a byte order mark; its older "CSV (semikolonsepareret)"
 * writes Windows-1252, where æ, ø, å are the single bytes E6, F8, E5. Those bytes are never valid
 * UTF-8 in Danish text (a lone byte ≥ 0x80 is not a UTF-8 sequence), so the rule is: a file that is
 * valid UTF-8 is UTF-8, anything else is Windows-1252. Plain ASCII is the same in both.
 * TextDecoder (browsers and Node) checks the UTF-8; Windows-1252 is decoded by its table below.
 */

export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** The file started with the UTF-8 byte order mark (EF BB BF); it is not part of text. */
  bom: boolean;
}

/*
 * Windows-1252 is Latin-1 except for 0x80–0x9F, where it has € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
 * š › œ ž Ÿ (five bytes unused). We decode it by this table rather than TextDecoder('windows-1252'),
 * because Node's decoder for that label is plain Latin-1 and turns – and € into control characters.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes = Array.from(bytes.subarray(i, i + CHUNK), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Decodes a file's bytes: UTF-8 (with or without BOM) when they are valid UTF-8, otherwise Windows-1252. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = hasUtf8Bom(bytes);
  try {
    // fatal: an invalid sequence throws instead of becoming U+FFFD, which is how we tell the two apart.
    // The decoder drops a leading BOM itself (ignoreBOM is false by default).
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: 'utf-8', bom };
  } catch {
    // A BOM followed by invalid UTF-8 is a broken file; its bytes are still not text.
    return { text: decodeWindows1252(bom ? bytes.subarray(3) : bytes), encoding: 'windows-1252', bom };
  }
}
