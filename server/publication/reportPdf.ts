import PDFDocument from 'pdfkit';
import { formatMean } from '../../shared/format';
import { hyphenateDanish } from '../../shared/hyphenate';
import type { PublishedReport } from '../../shared/publishedReport';
import { PDF_FONT, registerPdfFonts } from './pdfFonts';

/**
 * The published report as a PDF, rendered on the server with pdfkit from the same model as the HTML
 * page (shared/publishedReport.ts). Why pdfkit and not a PDF frozen at publication: the web app
 * cannot print a PDF itself, and a server-side Chromium is too heavy to run beside the sync server;
 * the model is itself frozen (the report version and the publication never change), so every
 * rendering of a publication shows the same content. See docs/offentliggoerelse.md.
 *
 * Accessible (webtilgængelighedsloven): tagged PDF with the title shown and language da, one
 * structure tree in reading order (H1, H2, H3, P, L/LI, Table/TR/TH/TD, Figure with alternative
 * text), page headers and footers marked as artifacts. A4, text flows from page to page (no page
 * left half empty but the last), Danish soft hyphens, nothing under 8 pt.
 */

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

const MARGIN = { top: 62, bottom: 62, left: 56, right: 56 };
const INK = '#1b1f23';
export const MUTED = '#4a5560';
const BLUE = '#0b5cad';
const GREY = '#6b7580';
const BODY = 10.5;
const SMALL = 9;

export const FONT = PDF_FONT;

export function renderReportPdf(r: PublishedReport): Promise<Buffer> {
  return renderPdf(
    {
      title: r.documentTitle,
      municipality: r.municipality.name,
      subject: 'Pædagogisk tilsyn, dagtilbudsloven § 5',
      keywords: 'tilsynsrapport, dagtilbud, pædagogisk tilsyn',
      created: new Date(`${r.publication.isoPublishedOn}T12:00:00Z`),
    },
    (doc, root) => write(doc, root, r),
  );
}

export interface PdfMeta {
  title: string;
  municipality: string;
  subject: string;
  keywords: string;
  created: Date;
}

/**
 * A tagged, accessible A4 document with the embedded fonts, soft-hyphen handling and page furniture
 * of the published report; `body` writes the content into the structure root. The case file
 * (caseFilePdf.ts) is made the same way.
 */
export function renderPdf(meta: PdfMeta, body: (doc: Doc, root: Struct) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'da-DK',
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: meta.title, Author: meta.municipality, Subject: meta.subject, Keywords: meta.keywords, CreationDate: meta.created },
  });
  registerPdfFonts(doc);
  invisibleSoftHyphens(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  body(doc, root);
  root.end();
  pageFurniture(doc, `${meta.municipality} · ${meta.title}`);
  doc.end();
  return done;
}

const SOFT_HYPHENS = /\u00AD/g;

/**
 * pdfkit breaks a line at a soft hyphen and prints "-" there, but draws (and measures) every other
 * soft hyphen of the line as a visible hyphen glyph. Measuring and drawing without them leaves the
 * break hyphen as the only one. (pdfkit 0.20: widthOfString and _fragment; the PDF test catches a change.)
 */
function invisibleSoftHyphens(doc: Doc): void {
  const d = doc as unknown as { _fragment: (text: string, ...rest: unknown[]) => unknown; widthOfString: (s: string, o?: unknown) => number };
  const fragment = d._fragment.bind(doc);
  const widthOf = d.widthOfString.bind(doc);
  d._fragment = (text, ...rest) => fragment(String(text).replace(SOFT_HYPHENS, ''), ...rest);
  d.widthOfString = (s, o) => widthOf(s.replace(SOFT_HYPHENS, ''), o);
}

const width = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;
const bottom = (doc: Doc) => doc.page.height - MARGIN.bottom;

/** Start a new page when less than `needed` points are left: a heading never sits alone at the foot of a page. */
export function keep(doc: Doc, needed: number): void {
  if (doc.y + needed > bottom(doc)) doc.addPage();
}

export function heading(doc: Doc, parent: Struct, tag: 'H1' | 'H2' | 'H3' | 'H4', text: string): void {
  const size = { H1: 20, H2: 14, H3: 12, H4: BODY }[tag];
  keep(doc, size * 1.4 + (tag === 'H4' ? 2 : 3) * BODY * 1.35);
  if (tag === 'H2') doc.moveDown(0.6);
  else if (tag === 'H3') doc.moveDown(0.35);
  parent.add(
    doc.struct(tag, {}, () => {
      doc.font(FONT.bold).fontSize(size).fillColor(tag === 'H2' ? BLUE : INK).text(text, MARGIN.left, doc.y, { width: width(doc) });
    }),
  );
  doc.moveDown(tag === 'H4' ? 0.1 : 0.25);
  doc.font(FONT.regular).fontSize(BODY).fillColor(INK);
}

export function para(doc: Doc, parent: Struct, text: string, opts: { font?: string; color?: string; size?: number } = {}): void {
  parent.add(
    doc.struct('P', {}, () => {
      doc
        .font(opts.font ?? FONT.regular)
        .fontSize(opts.size ?? BODY)
        .fillColor(opts.color ?? INK)
        .text(hyphenateDanish(text), MARGIN.left, doc.y, { width: width(doc), lineGap: 1.5 });
    }),
  );
  doc.moveDown(0.3);
  doc.font(FONT.regular).fontSize(BODY).fillColor(INK);
}

export function bullets(doc: Doc, parent: Struct, items: readonly string[]): void {
  if (items.length === 0) {
    para(doc, parent, 'Ingen.', { color: MUTED });
    return;
  }
  const l = doc.struct('L');
  parent.add(l);
  for (const item of items) {
    const li = doc.struct('LI');
    l.add(li);
    li.add(
      doc.struct('Lbl', {}, () => {
        doc.font(FONT.regular).fontSize(BODY).fillColor(INK).text('•', MARGIN.left + 4, doc.y, { width: 10, continued: false, lineBreak: false });
      }),
    );
    doc.moveUp();
    li.add(
      doc.struct('LBody', {}, () => {
        doc.text(hyphenateDanish(item), MARGIN.left + 16, doc.y, { width: width(doc) - 16, lineGap: 1.5 });
      }),
    );
    li.end();
    doc.moveDown(0.15);
  }
  l.end();
  doc.moveDown(0.2);
}

export type Cell = { text: string; header?: boolean; bold?: boolean };

/** A table with header cells (scope per column or row), tagged Table/TR/TH/TD; rows are never split over a page. */
export function table(doc: Doc, parent: Struct, caption: string, head: string[] | null, rows: Cell[][], columns: number[]): void {
  const t = doc.struct('Table');
  parent.add(t);
  const total = columns.reduce((a, b) => a + b, 0);
  const widths = columns.map((c) => (c / total) * width(doc));
  const pad = 4;
  const bold = (c: Cell, isHead: boolean) => (isHead || c.bold || c.header ? FONT.bold : FONT.regular);
  const heightOf = (cells: Cell[], isHead: boolean) => {
    doc.fontSize(SMALL + 0.5);
    return Math.max(...cells.map((c, i) => doc.font(bold(c, isHead)).heightOfString(hyphenateDanish(c.text), { width: widths[i]! - 2 * pad, lineGap: 1 }))) + 2 * pad;
  };
  const headCells = head?.map((text) => ({ text })) ?? null;
  /** One row; `artifact`: the head row repeated on a new page, drawn but not read twice. */
  const drawRow = (cells: Cell[], isHead: boolean, artifact = false) => {
    const h = heightOf(cells, isHead);
    if (!artifact && doc.y + h > bottom(doc)) {
      doc.addPage();
      if (headCells && !isHead) drawRow(headCells, true, true);
    }
    const y = doc.y;
    const tr = artifact ? null : doc.struct('TR');
    if (tr) t.add(tr);
    if (artifact) doc.markContent('Artifact', { type: 'Layout' });
    let x = MARGIN.left;
    cells.forEach((c, i) => {
      const w = widths[i]!;
      if (isHead) doc.rect(x, y, w, h).fill('#e9eef3');
      doc.lineWidth(0.5).rect(x, y, w, h).stroke('#b8c2cc');
      const draw = () => {
        doc
          .font(bold(c, isHead))
          .fontSize(SMALL + 0.5)
          .fillColor(INK)
          .text(hyphenateDanish(c.text), x + pad, y + pad, { width: w - 2 * pad, lineGap: 1 });
      };
      if (!tr) draw();
      else {
        const tag = isHead || c.header ? 'TH' : 'TD';
        const cell = doc.struct(tag, {}, draw);
        // The header cell's scope (PDF/UA): a column header in the head row, a row header in the first column.
        if (tag === 'TH') (cell as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: isHead ? 'Column' : 'Row' };
        tr.add(cell);
      }
      x += w;
    });
    if (artifact) doc.endMarkedContent();
    tr?.end();
    doc.x = MARGIN.left;
    doc.y = y + h;
  };
  // The caption, the head and the first row stay together.
  keep(doc, SMALL * 2 + (headCells ? heightOf(headCells, true) : 0) + (rows[0] ? heightOf(rows[0], false) : 0));
  t.add(
    doc.struct('Caption', {}, () => {
      doc.font(FONT.italic).fontSize(SMALL).fillColor(MUTED).text(caption, MARGIN.left, doc.y, { width: width(doc) });
    }),
  );
  doc.moveDown(0.2);
  if (headCells) drawRow(headCells, true);
  for (const row of rows) drawRow(row, false);
  t.end();
  doc.moveDown(0.6);
  doc.font(FONT.regular).fontSize(BODY).fillColor(INK);
}

/** Horizontal bars per theme (this inspection, the municipal average): a Figure with alternative text; the numbers follow as a table. */
function chart(doc: Doc, parent: Struct, r: PublishedReport): void {
  const rowH = 26;
  const h = 24 + r.chart.length * rowH + 30;
  keep(doc, h + 10);
  const top = doc.y;
  const left = MARGIN.left + 170;
  const scale = (width(doc) - 170 - 12) / 4;
  const fig = doc.struct('Figure', { alt: `Søjlediagram: trin pr. tema for dette tilsyn og ${r.municipalLabel.toLowerCase()}. Tallene står i tabellen efter diagrammet.` }, () => {
    doc.font(FONT.regular).fontSize(SMALL).fillColor(INK);
    for (let t = 0; t <= 4; t++) {
      doc.lineWidth(0.5).moveTo(left + t * scale, top).lineTo(left + t * scale, top + r.chart.length * rowH).stroke('#d0d7de');
      doc.fillColor(MUTED).text(String(t), left + t * scale - 10, top + r.chart.length * rowH + 3, { width: 20, align: 'center', lineBreak: false });
    }
    r.chart.forEach((c, i) => {
      const y = top + i * rowH + 3;
      doc.fillColor(INK).text(c.themeName, MARGIN.left, y + 5, { width: 162, align: 'right', lineBreak: false });
      if (c.current) doc.rect(left, y, c.current * scale, 9).fill(BLUE);
      if (c.municipal !== null) doc.rect(left, y + 10, c.municipal * scale, 9).fill(GREY);
    });
    const ly = top + r.chart.length * rowH + 18;
    doc.rect(left, ly, 9, 9).fill(BLUE);
    doc.fillColor(INK).text('Dette tilsyn', left + 13, ly, { lineBreak: false });
    doc.rect(left + 100, ly, 9, 9).fill(GREY);
    doc.fillColor(INK).text(r.municipalLabel, left + 113, ly, { lineBreak: false });
  });
  parent.add(fig);
  doc.x = MARGIN.left;
  doc.y = top + h;
  doc.font(FONT.regular).fontSize(BODY).fillColor(INK);
}

function write(doc: Doc, root: Struct, r: PublishedReport): void {
  const v = r.visit;
  // The municipality's name (and logo) head the first page.
  const headTop = doc.y;
  if (r.municipality.logoDataUrl) {
    const fig = doc.struct('Figure', { alt: `${r.municipality.name}s logo` }, () => {
      doc.image(Buffer.from(r.municipality.logoDataUrl!.split(',')[1]!, 'base64'), doc.page.width - MARGIN.right - 110, headTop - 14, { fit: [110, 44], align: 'right' });
    });
    root.add(fig);
  }
  root.add(
    doc.struct('P', {}, () => {
      doc.font(FONT.bold).fontSize(12).fillColor(BLUE).text(r.municipality.name, MARGIN.left, headTop, { width: width(doc) - 120 });
    }),
  );
  doc.moveDown(0.2);
  root.add(
    doc.struct('P', {}, () => {
      doc.font(FONT.regular).fontSize(SMALL).fillColor(MUTED).text('TILSYNSRAPPORT · PÆDAGOGISK TILSYN (DAGTILBUDSLOVEN § 5)', MARGIN.left, doc.y, { width: width(doc), characterSpacing: 0.5 });
    }),
  );
  doc.y = Math.max(doc.y, headTop + 40);
  doc.moveDown(0.4);
  heading(doc, root, 'H1', r.institutionName);

  heading(doc, root, 'H2', 'Om tilsynet');
  table(
    doc,
    root,
    'Tilsynsbesøget',
    null,
    [
      ['Dagtilbud', r.institutionName],
      ['Type', r.institutionType],
      ['Dato for tilsynet', v.date],
      ['Tilsynsform', v.visitType],
      ['Tilsynsførende', v.consultants.join(', ')],
      ['Deltagere i dialogen', v.participants.length ? v.participants.join(', ') : '–'],
      ['Tilsynskoncept', v.frameworkName],
      ['Offentliggjort', `${r.publication.publishedOn} (version ${r.version})`],
    ].map(([k, val]) => [{ text: k!, header: true }, { text: val! }]),
    [32, 68],
  );

  heading(doc, root, 'H2', 'Vurdering pr. tema');
  para(doc, root, 'Hvert tema er vurderet på en skala fra 1 til 4, hvor 3 er det forventede niveau og 4 det bedste. Under trinnet står, hvad praksis på det trin kendetegnes ved.');
  for (const t of r.themes) {
    const sect = doc.struct('Sect');
    root.add(sect);
    heading(doc, sect, 'H3', t.themeName);
    para(doc, sect, t.stepText, { font: FONT.bold });
    if (t.descriptor) para(doc, sect, t.descriptor, { font: FONT.italic, color: '#33404c' });
    if (t.notAssessedReason) para(doc, sect, `Hvorfor ikke vurderet: ${t.notAssessedReason}`);
    heading(doc, sect, 'H4', 'Anerkendelser');
    bullets(doc, sect, t.anerkendelser);
    heading(doc, sect, 'H4', 'Anbefalinger');
    bullets(doc, sect, t.anbefalinger);
    if (t.paabud.length) {
      heading(doc, sect, 'H4', 'Påbud');
      bullets(doc, sect, t.paabud);
    }
    sect.end();
  }

  heading(doc, root, 'H2', 'Trin pr. tema');
  chart(doc, root, r);
  table(
    doc,
    root,
    'Tallene bag diagrammet: trin pr. tema (1–4, 3 er forventet niveau)',
    ['Tema', 'Dette tilsyn', r.municipalLabel],
    r.chart.map((c) => [{ text: c.themeName, header: true }, { text: c.current ? String(c.current) : '–' }, { text: c.municipal !== null ? `${formatMean(c.municipal, c.municipalN)} (n = ${c.municipalN})` : 'vises ikke' }]),
    [46, 20, 34],
  );

  for (const s of r.extraSections) {
    heading(doc, root, 'H2', s.heading);
    for (const p of s.paragraphs) para(doc, root, p);
  }

  heading(doc, root, 'H2', 'Opfølgning');
  if (r.followUp.length)
    table(
      doc,
      root,
      'Konkrete anvisninger på opfølgning (dagtilbudsloven § 5 b, stk. 2)',
      ['Tema', 'Hvad', 'Ansvarlig', 'Frist'],
      r.followUp.map((f) => [{ text: f.themeName, header: true }, { text: [`${f.kind === 'paabud' ? 'Påbud: ' : ''}${f.text}`, f.action && `Handling: ${f.action}`, f.verification && `Kontrol: ${f.verification}`].filter(Boolean).join('\n') }, { text: f.owner || '–' }, { text: f.dueText }]),
      [24, 46, 15, 15],
    );
  else para(doc, root, 'Rapporten giver ingen anvisninger på opfølgning.');

  heading(doc, root, 'H2', 'Høringssvar');
  if (r.hoering) {
    if (r.hoering.items.length)
      table(
        doc,
        root,
        'Lederens svar på hver anbefaling',
        ['Anbefaling', 'Svar', 'Lederens uddybning'],
        r.hoering.items.map((i) => [{ text: i.anbefaling }, { text: i.answerLabel }, { text: i.text || '–' }]),
        [42, 17, 41],
      );
    heading(doc, root, 'H3', 'Lederens kommentar');
    para(doc, root, r.hoering.comment || 'Ingen kommentar.', r.hoering.comment ? {} : { color: MUTED });
  } else para(doc, root, 'Rapporten har ikke været i høring.', { color: MUTED });

  heading(doc, root, 'H2', 'Forældrebestyrelsen');
  if (r.board) {
    para(doc, root, `Forældrebestyrelsen blev orienteret om vurderingen ${r.board.informedOn} (${r.board.formLabel.toLowerCase()}).`);
    heading(doc, root, 'H3', 'Bestyrelsens kommentar');
    para(doc, root, r.board.comment || 'Bestyrelsen har ikke givet en kommentar.', r.board.comment ? {} : { color: MUTED });
  } else para(doc, root, 'Rapporten er offentliggjort, før forældrebestyrelsen blev orienteret, som kommunens tilsynsramme tillader.');

  doc.moveDown(0.6);
  para(doc, root, `Offentliggjort ${r.publication.publishedOn} af ${r.publication.publishedBy} på ${r.publication.url}.`, { color: MUTED, size: SMALL });
}

/** Running header and "Side n af m" on every page, marked as artifacts (not read aloud as content). */
function pageFurniture(doc: Doc, running: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.markContent('Artifact', { type: 'Pagination' });
    const y = doc.page.height - MARGIN.bottom + 20;
    // Writing below the bottom margin must not start a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8.5).fillColor(MUTED);
    doc.text(running, MARGIN.left, y, { width: width(doc) - 80, lineBreak: false });
    doc.text(`Side ${i - range.start + 1} af ${range.count}`, doc.page.width - MARGIN.right - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
    doc.endMarkedContent();
  }
}

