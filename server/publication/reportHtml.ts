import { formatDanishDate } from '../../shared/dates';
import { formatMean } from '../../shared/format';
import { hyphenateDanish } from '../../shared/hyphenate';
import type { PublishedReport } from '../../shared/publishedReport';
import type { MunicipalityConfig } from './municipality';
import type { PublicListEntry } from './publishedReports';

/**
 * The public pages, rendered on the server as plain HTML from the shared published-report model
 * (shared/publishedReport.ts): no script, lang="da", headings in order, tables with captions and
 * header cells, the chart's numbers as a table. Prose carries soft hyphens (shared/hyphenate.ts).
 */

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escaped prose with Danish soft hyphens. */
export const prose = (s: string) => esc(hyphenateDanish(s));
const paras = (s: string) => s.split(/\n{2,}/).map((p) => `<p>${prose(p).replace(/\n/g, '<br>')}</p>`).join('');
const list = (items: readonly string[]) => (items.length ? `<ul>${items.map((t) => `<li>${prose(t)}</li>`).join('')}</ul>` : '<p class="muted">Ingen.</p>');

const STYLE = `
  body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #1b1f23; background: #f4f6f8; margin: 0; line-height: 1.5; }
  main { max-width: 58rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
  header.kommune { display: flex; align-items: center; justify-content: space-between; gap: 1rem; border-bottom: 2px solid #0b5cad; padding-bottom: 0.5rem; margin-bottom: 1rem; }
  header.kommune p { margin: 0; font-weight: 700; font-size: 1.1rem; }
  header.kommune img { max-height: 3.5rem; max-width: 12rem; }
  h1 { font-size: 1.8rem; margin: 0.5rem 0; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { font-size: 1.1rem; margin-bottom: 0.25rem; } h4 { font-size: 1rem; margin: 0.5rem 0 0.2rem; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
  caption { text-align: left; color: #4a5560; padding: 0.25rem 0; }
  th, td { border: 1px solid #d0d7de; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
  thead th { background: #e9eef3; }
  .facts th { width: 14rem; background: #f4f6f8; }
  .step { font-weight: 700; }
  .descriptor { font-style: italic; color: #33404c; }
  .muted { color: #4a5560; }
  .theme { border-top: 1px solid #e1e6eb; padding-top: 0.25rem; }
  figure { margin: 1rem 0; } svg text { font-size: 12px; fill: #1b1f23; }
  p, li, td { hyphens: manual; overflow-wrap: break-word; }
  a { color: #0b5cad; }
  footer { margin-top: 2rem; color: #4a5560; font-size: 0.9rem; }
`;

export function page(title: string, body: string, municipality: Pick<MunicipalityConfig, 'name' | 'logoDataUrl'>): string {
  const logo = municipality.logoDataUrl ? `<img src="${esc(municipality.logoDataUrl)}" alt="${esc(municipality.name)}s logo">` : '';
  return `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
<header class="kommune"><p>${esc(municipality.name)}</p>${logo}</header>
${body}
</main></body></html>`;
}

export function listPageHtml(municipality: MunicipalityConfig, entries: readonly PublicListEntry[]): string {
  const rows = entries
    .map(
      (e) => `<tr><th scope="row"><a href="${esc(reportPath(municipality, e.institutionId))}">${esc(e.institutionName)}</a></th><td>${esc(e.institutionType)}</td><td>${esc(formatDanishDate(e.visitDate))}</td><td>${esc(formatDanishDate(e.publishedOn))}</td><td><a href="${esc(reportPath(municipality, e.institutionId))}.pdf">PDF<span class="muted"> (${esc(e.institutionName)})</span></a></td></tr>`,
    )
    .join('');
  const body = `<h1>Tilsynsrapporter</h1>
<p>${esc(municipality.name)} fører pædagogisk tilsyn med dagtilbuddene og offentliggør en tilsynsrapport for hvert dagtilbud mindst hvert andet år (dagtilbudsloven § 5, stk. 3). Her er den seneste offentliggjorte rapport for hvert dagtilbud.</p>
${
  entries.length
    ? `<table><caption>Seneste offentliggjorte tilsynsrapport pr. dagtilbud (${entries.length})</caption><thead><tr><th scope="col">Dagtilbud</th><th scope="col">Type</th><th scope="col">Tilsynsdato</th><th scope="col">Offentliggjort</th><th scope="col">Hent</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>Der er endnu ikke offentliggjort nogen tilsynsrapporter.</p>'
}`;
  return page(`Tilsynsrapporter – ${municipality.name}`, body, municipality);
}

export function reportPath(municipality: Pick<MunicipalityConfig, 'slug'>, institutionId: string): string {
  return `/offentlig/${municipality.slug}/${encodeURIComponent(institutionId)}`;
}

/** Bars of this inspection's step and the municipal average per theme; the table after it holds the same numbers. */
function chartSvg(r: PublishedReport): string {
  const rowH = 34;
  const left = 230;
  const width = 640;
  const scale = (width - left - 20) / 4;
  const bars = r.chart
    .map((c, i) => {
      const y = 10 + i * rowH;
      const cur = c.current ? `<rect x="${left}" y="${y}" width="${c.current * scale}" height="12" fill="#0b5cad"></rect>` : '';
      const mun = c.municipal !== null ? `<rect x="${left}" y="${y + 14}" width="${c.municipal * scale}" height="12" fill="#6b7580"></rect>` : '';
      return `<text x="${left - 8}" y="${y + 18}" text-anchor="end">${esc(c.themeName)}</text>${cur}${mun}`;
    })
    .join('');
  const ticks = [0, 1, 2, 3, 4].map((t) => `<line x1="${left + t * scale}" x2="${left + t * scale}" y1="4" y2="${10 + r.chart.length * rowH}" stroke="#d0d7de"></line><text x="${left + t * scale}" y="${26 + r.chart.length * rowH}" text-anchor="middle">${t}</text>`).join('');
  const h = 60 + r.chart.length * rowH;
  return `<svg viewBox="0 0 ${width} ${h}" width="100%" role="img" aria-labelledby="chart-title"><title id="chart-title">Søjlediagram: trin pr. tema for dette tilsyn (blå) og ${esc(r.municipalLabel.toLowerCase())} (grå). Tallene står i tabellen under diagrammet.</title>${ticks}${bars}<rect x="${left}" y="${h - 18}" width="12" height="12" fill="#0b5cad"></rect><text x="${left + 18}" y="${h - 8}">Dette tilsyn</text><rect x="${left + 130}" y="${h - 18}" width="12" height="12" fill="#6b7580"></rect><text x="${left + 148}" y="${h - 8}">${esc(r.municipalLabel)}</text></svg>`;
}

export function reportPageHtml(municipality: MunicipalityConfig, r: PublishedReport): string {
  const v = r.visit;
  const facts: [string, string][] = [
    ['Dagtilbud', r.institutionName],
    ['Type', r.institutionType],
    ['Dato for tilsynet', v.date],
    ['Tilsynsform', v.visitType],
    ['Tilsynsførende', v.consultants.join(', ')],
    ['Deltagere i dialogen', v.participants.length ? v.participants.join(', ') : '–'],
    ['Tilsynskoncept', v.frameworkName],
    ['Offentliggjort', `${r.publication.publishedOn} (version ${r.version})`],
  ];
  const themes = r.themes
    .map(
      (t) => `<section class="theme" aria-labelledby="tema-${esc(t.themeId)}"><h3 id="tema-${esc(t.themeId)}">${esc(t.themeName)}</h3>
<p class="step">${esc(t.stepText)}</p>
${t.descriptor ? `<p class="descriptor">${prose(t.descriptor)}</p>` : ''}${t.notAssessedReason ? `<p>Hvorfor ikke vurderet: ${prose(t.notAssessedReason)}</p>` : ''}
<h4>Anerkendelser</h4>${list(t.anerkendelser)}
<h4>Anbefalinger</h4>${list(t.anbefalinger)}${t.paabud.length ? `<h4>Påbud</h4>${list(t.paabud)}` : ''}</section>`,
    )
    .join('\n');
  const chartTable = `<table><caption>Tallene bag diagrammet: trin pr. tema (1–4, 3 er forventet niveau)</caption><thead><tr><th scope="col">Tema</th><th scope="col">Dette tilsyn</th><th scope="col">${esc(r.municipalLabel)}</th></tr></thead><tbody>${r.chart
    .map((c) => `<tr><th scope="row">${esc(c.themeName)}</th><td>${c.current ?? '–'}</td><td>${c.municipal !== null ? `${esc(formatMean(c.municipal, c.municipalN))} (n = ${c.municipalN})` : 'vises ikke'}</td></tr>`)
    .join('')}</tbody></table>`;
  const followUp = r.followUp.length
    ? `<table><caption>Konkrete anvisninger på opfølgning (dagtilbudsloven § 5 b, stk. 2)</caption><thead><tr><th scope="col">Tema</th><th scope="col">Hvad</th><th scope="col">Ansvarlig</th><th scope="col">Frist</th></tr></thead><tbody>${r.followUp
        .map((f) => `<tr><th scope="row">${esc(f.themeName)}</th><td>${f.kind === 'paabud' ? '<strong>Påbud:</strong> ' : ''}${prose(f.text)}${f.action ? `<br>Handling: ${prose(f.action)}` : ''}${f.verification ? `<br>Kontrol: ${prose(f.verification)}` : ''}</td><td>${esc(f.owner || '–')}</td><td>${esc(f.dueText)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>Rapporten giver ingen anvisninger på opfølgning.</p>';
  const hoering = r.hoering
    ? `${
        r.hoering.items.length
          ? `<table><caption>Lederens svar på hver anbefaling</caption><thead><tr><th scope="col">Anbefaling</th><th scope="col">Svar</th><th scope="col">Lederens uddybning</th></tr></thead><tbody>${r.hoering.items
              .map((i) => `<tr><td>${prose(i.anbefaling)}</td><td>${esc(i.answerLabel)}</td><td>${i.text ? prose(i.text) : '–'}</td></tr>`)
              .join('')}</tbody></table>`
          : ''
      }<h3>Lederens kommentar</h3>${r.hoering.comment ? paras(r.hoering.comment) : '<p class="muted">Ingen kommentar.</p>'}`
    : '<p class="muted">Rapporten har ikke været i høring.</p>';
  const board = r.board
    ? `<p>Forældrebestyrelsen blev orienteret om vurderingen ${esc(r.board.informedOn)} (${esc(r.board.formLabel.toLowerCase())}).</p><h3>Bestyrelsens kommentar</h3>${r.board.comment ? paras(r.board.comment) : '<p class="muted">Bestyrelsen har ikke givet en kommentar.</p>'}`
    : '<p>Rapporten er offentliggjort, før forældrebestyrelsen blev orienteret, som kommunens tilsynsramme tillader.</p>';
  const extra = r.extraSections.map((s) => `<h2>${esc(s.heading)}</h2>${s.paragraphs.map(paras).join('')}`).join('');
  const body = `<p class="muted">Tilsynsrapport</p>
<h1>${esc(r.institutionName)}</h1>
<h2>Om tilsynet</h2>
<table class="facts"><caption>Tilsynsbesøget</caption><tbody>${facts.map(([k, val]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(val)}</td></tr>`).join('')}</tbody></table>
<p><a href="${esc(reportPath(municipality, r.institutionId))}.pdf">Hent rapporten som PDF</a> · <a href="/offentlig/${esc(municipality.slug)}">Alle tilsynsrapporter</a></p>
<h2>Vurdering pr. tema</h2>
<p>Hvert tema er vurderet på en skala fra 1 til 4, hvor 3 er det forventede niveau og 4 det bedste. Under trinnet står, hvad praksis på det trin kendetegnes ved.</p>
${themes}
<h2>Trin pr. tema</h2>
<figure>${chartSvg(r)}</figure>
${chartTable}
${extra}
<h2>Opfølgning</h2>
${followUp}
<h2>Høringssvar</h2>
${hoering}
<h2>Forældrebestyrelsen</h2>
${board}
<footer><p>Offentliggjort ${esc(r.publication.publishedOn)} af ${esc(r.publication.publishedBy)} på <a href="${esc(r.publication.url)}">${esc(r.publication.url)}</a>.</p></footer>`;
  return page(r.documentTitle, body, municipality);
}
