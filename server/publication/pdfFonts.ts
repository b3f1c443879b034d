import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The fonts the server's PDFs embed (PDF/UA asks for embedded fonts; the 14 standard fonts are not
 * embedded): DejaVu Sans from the npm package `dejavu-fonts-ttf` (Bitstream Vera licence, free to
 * embed and redistribute), so the server needs no font installed on the machine. DejaVu has every
 * Danish letter (æ ø å), the soft hyphen, "–", "·", "•" and "§". pdfkit embeds only the glyphs used.
 */

export const PDF_FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique' } as const;

const require = createRequire(import.meta.url);
let cache: Record<string, Buffer> | null = null;

/** The font files, read once per process. */
function fontFiles(): Record<string, Buffer> {
  cache ??= Object.fromEntries(Object.values(PDF_FONT).map((name) => [name, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`))]));
  return cache;
}

/** Register the fonts on a document; use them by the names in PDF_FONT. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, file] of Object.entries(fontFiles())) doc.registerFont(name, file);
}
