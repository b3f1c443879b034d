import type { CaseFileBlock, CaseFileDocument } from '../../shared/caseFileDocument';
import { esc, page, prose } from './reportHtml';

/**
 * The case file as an HTML page, from the same document model as its PDF (shared/caseFileDocument.ts),
 * in the published report's page style: lang="da", no script, headings in order, every table with a
 * caption and header cells, Danish soft hyphens in the prose.
 */
const cell = (t: string) => prose(t).replace(/\n/g, '<br>');

function blockHtml(b: CaseFileBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case 'para':
      return `<p${b.style === 'strong' ? ' class="step"' : b.style === 'muted' ? ' class="muted"' : b.style === 'descriptor' ? ' class="descriptor"' : ''}>${cell(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${cell(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = b.head ? `<thead><tr>${b.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>` : '';
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => (b.rowHeaders && i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join('')}</tr>`).join('');
      return `<table${b.head ? '' : ' class="facts"'}><caption>${esc(b.caption)}</caption>${head}<tbody>${rows}</tbody></table>`;
    }
  }
}

export function caseFilePageHtml(d: CaseFileDocument): string {
  return page(d.documentTitle, d.blocks.map(blockHtml).join('\n'), d.municipality);
}
