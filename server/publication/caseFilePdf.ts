import type { CaseFileDocument } from '../../shared/caseFileDocument';
import { FONT, MUTED, bullets, heading, keep, para, renderPdf, table } from './reportPdf';

/**
 * The case file for the state's tilsynsrejsehold as a tagged PDF (PDF/UA-minded like the published
 * report: title, language da, embedded fonts, H1–H4, lists and tables with header cells, page
 * furniture as artifacts), from the same document model as its HTML (shared/caseFileDocument.ts).
 */
export function renderCaseFilePdf(d: CaseFileDocument, createdAt: Date): Promise<Buffer> {
  return renderPdf(
    { title: d.documentTitle, municipality: d.municipality.name, subject: 'Sagsmappe til det statslige tilsynsrejsehold (dagtilbudsloven § 5 og § 5 b)', keywords: 'sagsmappe, pædagogisk tilsyn, tilsynsrejsehold', created: createdAt },
    (doc, root) => {
      root.add(
        doc.struct('P', {}, () => {
          doc.font(FONT.bold).fontSize(12).fillColor('#0b5cad').text(d.municipality.name, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right });
        }),
      );
      doc.moveDown(0.4);
      d.blocks.forEach((b, i) => {
        // A label ("Anbefalinger:") stays with the first lines of its list.
        if (b.kind === 'para' && d.blocks[i + 1]?.kind === 'list') keep(doc, 4 * 10.5 * 1.4);
        if (b.kind === 'heading') heading(doc, root, `H${b.level}`, b.text);
        else if (b.kind === 'para') para(doc, root, b.text, b.style === 'strong' ? { font: FONT.bold } : b.style === 'muted' ? { color: MUTED } : b.style === 'descriptor' ? { font: FONT.italic, color: '#33404c' } : {});
        else if (b.kind === 'list') bullets(doc, root, b.items);
        else table(doc, root, b.caption, b.head, b.rows.map((r) => r.map((text, c) => ({ text, header: !!b.rowHeaders && c === 0 }))), b.columns);
      });
    },
  );
}
