// The package is CommonJS: its default export is the module (named imports fail in Node's ESM loader).
import hyphenDa from 'hyphen/da';

/**
 * Danish hyphenation that works offline: soft hyphens (U+00AD) from the TeX Danish patterns, so
 * the PDF and the browser break long words at syllables ("Sam­men­hæn­gen­de"), never mid-syllable
 * as a narrow column would. Words under eight letters are never split.
 */
export const MIN_HYPHENATED_WORD = 8;

export function hyphenateDanish(text: string): string {
  // The patterns allow breaks on both sides of a lone letter ("Me|d|ar|bej|der|ne", "mø|de|r|ne"):
  // keep the later one only, so the word breaks "Med-arbejderne", "møder-ne", never "Me-darbejderne".
  return hyphenDa.hyphenateSync(text, { minWordLength: MIN_HYPHENATED_WORD }).replace(/\u00AD(\p{L})(?=\u00AD)/gu, '$1');
}
