import type { CaseFileInput } from './caseFile';
import { formatDanishDate } from './dates';
import { formatMean } from './format';
import type { Opfoelgning } from './followUp';
import { translate } from './i18n/i18n';
import { danishLabel } from './i18n/labels';
import type { Framework } from './framework';
import { CONCERN_LEVEL_LABELS, INSTITUTION_ROLE_LABELS, STATUS_LABELS, VERIFICATION_LABELS, type InstitutionRole } from './inspection';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS } from './institution';
import { paabudState, type PaabudState } from './paabud';
import { findPersonalData } from './privacy';
import type { Bestyrelsesorientering, Publicering } from './publication';
import { buildPublishedReport, type Municipality, type PublishedReport } from './publishedReport';
import { sortVersions, type Rapportversion } from './reportVersion';
import { CASE_STATUS_LABELS, CHECKPOINT_KIND_LABELS, HANDLEPLAN_STATUS_LABELS } from './skaerpetTilsyn';

/**
 * The case file for the state's tilsynsrejsehold (LAW R1.15) as a document a person reads: one
 * model, rendered on the server as HTML and as a tagged PDF (server/publication/caseFileHtml.ts,
 * caseFilePdf.ts). Each final report version is the published-report model of that version
 * (shared/publishedReport.ts), whether it was published or not; then the skærpede tilsyn with their
 * handleplaner and checkpoints, the påbud with deadline and verification, and every follow-up item
 * with its history. Always in Danish.
 *
 * No data on children: the records are meant to hold none, and a text the privacy check flags
 * (shared/privacy.ts: a child named, a CPR number, an e-mail address or a telephone number) is
 * printed with the match replaced by "[udeladt: …]", so an unpublished version that never passed the
 * publication check cannot carry one into the file.
 */

/** A block of the document, in reading order. Texts are plain (the renderers escape and hyphenate). */
export type CaseFileBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'para'; text: string; style?: 'strong' | 'muted' | 'descriptor' }
  | { kind: 'list'; items: string[] }
  /** `rowHeaders`: the first cell of each row is its header (a facts table, a theme column). */
  | { kind: 'table'; caption: string; head: string[] | null; rows: string[][]; columns: number[]; rowHeaders?: boolean };

export interface CaseFileDocument {
  /** "Sagsmappe for Solsikken": the document's title. */
  documentTitle: string;
  municipality: Municipality;
  institutionId: string;
  blocks: CaseFileBlock[];
}

export interface CaseFileDocumentInput extends CaseFileInput {
  publications: readonly Publicering[];
  /** Publication ids that were withdrawn, with the withdrawal's description ("Trukket tilbage 3. maj 2026 af …: …"). */
  withdrawn?: ReadonlyMap<string, string>;
  orientations: readonly Bestyrelsesorientering[];
  /** The framework of each inspection (descriptors of versions frozen before they were copied in). */
  frameworkOf: (inspectionId: string) => Framework | null;
  municipality: Municipality;
  generatedAt: string;
  generatedBy: string;
  today: string;
}

/** The text with every match of the privacy check replaced: the case file never prints it. */
export function withoutPersonalData(text: string): string {
  let out = text;
  for (const f of findPersonalData(text)) for (const t of f.texts) out = out.split(t).join(`[udeladt: ${translate(`records:personalData.${f.kind}`, { lng: 'da' }).toLowerCase()}]`);
  return out;
}

const date = (iso: string | null | undefined, none = '–') => (iso ? formatDanishDate(iso) : none);
const roleOrText = (owner: string) => (owner in INSTITUTION_ROLE_LABELS ? danishLabel(INSTITUTION_ROLE_LABELS, owner as InstitutionRole) : owner);
const PAABUD_STATE_LABELS: Record<PaabudState, string> = {
  verificeret: 'Efterprøvet og opfyldt',
  inden_fristen: 'Inden fristen',
  sidste_frist_i_dag: 'Sidste frist i dag',
  overskredet: 'Overskredet',
  uden_frist: 'Uden frist',
};

/** "Anbefalinger:" and the list, or "Anbefalinger: ingen." */
function labelledList(label: string, items: readonly string[]): CaseFileBlock[] {
  return items.length ? [{ kind: 'para', text: `${label}:` }, { kind: 'list', items: [...items] }] : [{ kind: 'para', text: `${label}: ingen.`, style: 'muted' }];
}

/** The blocks of one final report version, from its published-report model; headings from `level` down. */
function reportBlocks(r: PublishedReport, level: 3 | 4): CaseFileBlock[] {
  const sub = (level + 1) as 4;
  const out: CaseFileBlock[] = [
    {
      kind: 'table',
      caption: 'Tilsynsbesøget',
      head: null,
      rowHeaders: true,
      columns: [32, 68],
      rows: [
        ['Dato for tilsynet', r.visit.date],
        ['Tilsynsform', r.visit.visitType],
        ['Tilsynsførende', r.visit.consultants.join(', ')],
        ['Deltagere i dialogen', r.visit.participants.length ? r.visit.participants.join(', ') : '–'],
        ['Tilsynskoncept', r.visit.frameworkName],
      ],
    },
  ];
  for (const t of r.themes) {
    out.push({ kind: 'heading', level: sub, text: t.themeName }, { kind: 'para', text: t.stepText, style: 'strong' });
    if (t.descriptor) out.push({ kind: 'para', text: t.descriptor, style: 'descriptor' });
    if (t.notAssessedReason) out.push({ kind: 'para', text: `Hvorfor ikke vurderet: ${t.notAssessedReason}` });
    out.push(...labelledList('Anerkendelser', t.anerkendelser), ...labelledList('Anbefalinger', t.anbefalinger));
    if (t.paabud.length) out.push(...labelledList('Påbud', t.paabud));
  }
  if (r.chart.length)
    out.push({
    kind: 'table',
    caption: `Trin pr. tema (1–4, 3 er forventet niveau) og ${r.municipalLabel.toLowerCase()}`,
    head: ['Tema', 'Dette tilsyn', r.municipalLabel],
    rowHeaders: true,
    columns: [46, 20, 34],
    rows: r.chart.map((c) => [c.themeName, c.current ? String(c.current) : '–', c.municipal !== null ? `${formatMean(c.municipal, c.municipalN)} (n = ${c.municipalN})` : 'vises ikke']),
  });
  if (r.followUp.length)
    out.push({
      kind: 'table',
      caption: 'Rapportens anvisninger på opfølgning (dagtilbudsloven § 5 b, stk. 2)',
      head: ['Tema', 'Hvad', 'Ansvarlig', 'Frist'],
      rowHeaders: true,
      columns: [24, 46, 15, 15],
      rows: r.followUp.map((f) => [f.themeName, [`${f.kind === 'paabud' ? 'Påbud: ' : ''}${f.text}`, f.action && `Handling: ${f.action}`, f.verification && `Kontrol: ${f.verification}`].filter(Boolean).join('\n'), f.owner || '–', f.dueText]),
    });
  if (r.hoering) {
    if (r.hoering.items.length)
      out.push({ kind: 'table', caption: 'Høringssvar: lederens svar på hver anbefaling', head: ['Anbefaling', 'Svar', 'Lederens uddybning'], columns: [42, 17, 41], rows: r.hoering.items.map((i) => [i.anbefaling, i.answerLabel, i.text || '–']) });
    out.push({ kind: 'para', text: `Lederens kommentar: ${r.hoering.comment || 'ingen.'}` });
  } else out.push({ kind: 'para', text: 'Rapporten har ikke været i høring.', style: 'muted' });
  out.push(
    r.board
      ? { kind: 'para', text: `Forældrebestyrelsen orienteret ${r.board.informedOn} (${r.board.formLabel.toLowerCase()}).${r.board.comment ? ` Bestyrelsens kommentar: ${r.board.comment}` : ''}` }
      : { kind: 'para', text: 'Forældrebestyrelsens orientering er ikke registreret.', style: 'muted' },
  );
  return out;
}

export function buildCaseFileDocument(input: CaseFileDocumentInput): CaseFileDocument {
  const inst = input.institution;
  const blocks: CaseFileBlock[] = [];
  const push = (...b: CaseFileBlock[]) => blocks.push(...b);
  const inspections = [...input.inspections].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const inspectionDate = (id: string) => date(input.inspections.find((i) => i.id === id)?.date);

  push(
    { kind: 'heading', level: 1, text: `Sagsmappe: ${inst.name}` },
    {
      kind: 'para',
      text: `Sagsmappen samler ${input.municipality.name}s pædagogiske tilsyn med dagtilbuddet til brug for det statslige tilsynsrejsehold: de endelige tilsynsrapporter, skærpede tilsyn og handleplaner, påbud og opfølgningen med dens historik. Den indeholder ingen oplysninger om børn.`,
    },
    {
      kind: 'table',
      caption: 'Dagtilbuddet og sagsmappen',
      head: null,
      rowHeaders: true,
      columns: [32, 68],
      rows: [
        ['Dagtilbud', inst.name],
        ['Type', danishLabel(INSTITUTION_TYPE_LABELS, inst.type) ?? inst.type],
        ['Ejerform', danishLabel(OWNERSHIP_LABELS, inst.ownership) ?? inst.ownership],
        ['Kommunens id', inst.id],
        ['Dannet', `${formatDanishDate(input.generatedAt.slice(0, 10))} kl. ${input.generatedAt.slice(11, 16)} UTC af ${input.generatedBy}`],
      ],
    },
  );

  push({ kind: 'heading', level: 2, text: 'Tilsynsbesøg' });
  if (inspections.length)
    push({
      kind: 'table',
      caption: `Alle tilsynsbesøg (${inspections.length}), ældste først`,
      head: ['Dato', 'Tilsynsform', 'Art', 'Status', 'Bekymringsniveau'],
      rowHeaders: true,
      columns: [20, 18, 18, 18, 26],
      rows: inspections.map((i) => [date(i.date), i.visitType === 'uanmeldt' ? 'Uanmeldt' : 'Anmeldt', i.kind === 'skaerpet' ? 'Skærpet tilsyn' : 'Ordinært', danishLabel(STATUS_LABELS, i.status), i.concernLevel ? danishLabel(CONCERN_LEVEL_LABELS, i.concernLevel) : '–']),
    });
  else push({ kind: 'para', text: 'Ingen tilsynsbesøg registreret.', style: 'muted' });

  push({ kind: 'heading', level: 2, text: 'Endelige tilsynsrapporter' });
  const versions = sortVersions([...input.versions]).reverse().sort((a, b) => a.snapshot.isoDate.localeCompare(b.snapshot.isoDate) || a.inspectionId.localeCompare(b.inspectionId) || a.version - b.version);
  if (versions.length === 0) push({ kind: 'para', text: 'Ingen endelige rapporter.', style: 'muted' });
  for (const v of versions) push(...versionBlocks(v, input));

  push({ kind: 'heading', level: 2, text: 'Skærpet tilsyn og handleplaner' });
  const cases = [...input.cases].sort((a, b) => a.establishedOn.localeCompare(b.establishedOn));
  if (cases.length === 0) push({ kind: 'para', text: 'Dagtilbuddet har ikke været under skærpet tilsyn.', style: 'muted' });
  for (const c of cases) {
    push(
      { kind: 'heading', level: 3, text: `Skærpet tilsyn fra ${formatDanishDate(c.establishedOn)} (${danishLabel(CONCERN_LEVEL_LABELS, c.level).toLowerCase()})` },
      {
        kind: 'table',
        caption: 'Sagen',
        head: null,
        rowHeaders: true,
        columns: [32, 68],
        rows: [
          ['Bekymringsniveau', danishLabel(CONCERN_LEVEL_LABELS, c.level)],
          ['Fastslået i rapporten fra tilsynet', inspectionDate(c.inspectionId)],
          ['Besluttet af', `${c.decidedBy}, ${formatDanishDate(c.decidedAt.slice(0, 10))}`],
          ['Startet (registreret)', date(c.startedOn, 'ikke registreret')],
          ['Status', danishLabel(CASE_STATUS_LABELS, c.status)],
          ['Lukket', c.closedOn ? `${formatDanishDate(c.closedOn)}${c.closedBy ? ` af ${c.closedBy}` : ''}` : '–'],
          ['Vurdering ved lukning', c.closingAssessment || '–'],
        ],
      },
    );
    const plan = input.plans.find((p) => p.id === c.id);
    if (!plan) continue;
    push(
      { kind: 'heading', level: 4, text: `Handleplan (${danishLabel(HANDLEPLAN_STATUS_LABELS, plan.status).toLowerCase()})` },
      {
        kind: 'table',
        caption: 'Handleplanen',
        head: null,
        rowHeaders: true,
        columns: [32, 68],
        rows: [
          ['Status', danishLabel(HANDLEPLAN_STATUS_LABELS, plan.status)],
          ['Dialog med lederen', date(plan.lederDialogueOn, 'ikke holdt')],
          ['Sat i gang', plan.activatedOn ? `${formatDanishDate(plan.activatedOn)}${plan.activatedBy ? ` af ${plan.activatedBy}` : ''}` : '–'],
          ['Forældrebestyrelsen orienteret', date(plan.boardInformedOn, 'ikke registreret')],
          ['Forældrebestyrelsens kommentarer', plan.boardComments || '–'],
          ['Lukket', plan.closedOn ? `${formatDanishDate(plan.closedOn)}${plan.closedBy ? ` af ${plan.closedBy}` : ''}` : '–'],
          ['Vurdering ved lukning', plan.closingAssessment || '–'],
        ],
      },
      ...labelledList('Handlinger', plan.actions.map((a) => a.text)),
    );
    if (plan.checkpoints.length)
      push({
        kind: 'table',
        caption: 'Opfølgningsplanen: daterede opfølgningspunkter',
        head: ['Dato', 'Opfølgning', 'Holdt'],
        rowHeaders: true,
        columns: [22, 48, 30],
        rows: [...plan.checkpoints].sort((a, b) => a.date.localeCompare(b.date)).map((cp) => [formatDanishDate(cp.date), danishLabel(CHECKPOINT_KIND_LABELS, cp.kind), cp.doneOn ? formatDanishDate(cp.doneOn) : cp.date < input.today ? 'Ikke holdt' : 'Kommende']),
      });
    else push({ kind: 'para', text: 'Ingen daterede opfølgningspunkter.', style: 'muted' });
  }

  const items = input.followUps.filter((f) => !f.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const themeName = (f: Opfoelgning) => versions.flatMap((v) => v.snapshot.rows).find((r) => r.themeId === f.themeId)?.themeName ?? f.themeId;
  const paabud = items.filter((f) => f.type === 'paabud');
  push({ kind: 'heading', level: 2, text: 'Påbud' });
  if (paabud.length)
    push({
      kind: 'table',
      caption: `Påbud (${paabud.length}) med frist og efterprøvning`,
      head: ['Tema', 'Påbud', 'Frist', 'Efterprøves ved', 'Efterprøvet', 'Tilstand'],
      rowHeaders: true,
      columns: [16, 32, 13, 14, 13, 12],
      rows: paabud.map((f) => [themeName(f), [f.anbefaling, f.action && `Handling: ${f.action}`].filter(Boolean).join('\n'), date(f.dueDate, 'ingen'), f.verification ? danishLabel(VERIFICATION_LABELS, f.verification) : '–', f.verifiedOn ? `${formatDanishDate(f.verifiedOn)}${f.verifiedBy ? ` (${f.verifiedBy})` : ''}` : '–', PAABUD_STATE_LABELS[paabudState(f, input.today)]]),
    });
  else push({ kind: 'para', text: 'Ingen påbud.', style: 'muted' });

  push({ kind: 'heading', level: 2, text: 'Opfølgning' });
  if (items.length === 0) push({ kind: 'para', text: 'Ingen opfølgningspunkter.', style: 'muted' });
  else {
    push({
      kind: 'table',
      caption: `Opfølgningspunkter (${items.length}) som de står nu`,
      head: ['Tema', 'Anbefaling eller påbud', 'Status', 'Ansvarlig', 'Frist', 'Lederens noter'],
      rowHeaders: true,
      columns: [15, 31, 11, 13, 12, 18],
      rows: items.map((f) => [themeName(f), `${f.type === 'paabud' ? 'Påbud: ' : ''}${f.anbefaling}\n(rapport fra tilsynet ${inspectionDate(f.inspectionId)})`, translate(`followUp:state.${f.status}`, { lng: 'da' }), f.owner ? roleOrText(f.owner) : '–', date(f.dueDate, 'ingen'), f.notes || '–']),
    });
    const history = items.flatMap((f) => f.history.map((h) => ({ f, h }))).sort((a, b) => a.h.at.localeCompare(b.h.at));
    if (history.length)
      push({
        kind: 'table',
        caption: 'Historik: lederens ændringer af ansvarlig og frist',
        head: ['Tidspunkt', 'Hvem', 'Opfølgningspunkt', 'Ændring'],
        rowHeaders: true,
        columns: [17, 17, 36, 30],
        rows: history.map(({ f, h }) => [
          formatDanishDate(h.at.slice(0, 10)),
          h.by || '–',
          `${themeName(f)}: ${f.anbefaling.length > 80 ? `${f.anbefaling.slice(0, 77)}…` : f.anbefaling}`,
          h.field === 'owner' ? `Ansvarlig: ${h.from ? roleOrText(h.from) : 'ingen'} → ${h.to ? roleOrText(h.to) : 'ingen'}` : `Frist: ${date(h.from, 'ingen')} → ${date(h.to, 'ingen')}`,
        ]),
      });
    else push({ kind: 'para', text: 'Ansvarlig og frist er ikke ændret efter rapporterne.', style: 'muted' });
  }

  return { documentTitle: `Sagsmappe for ${inst.name}`, municipality: input.municipality, institutionId: inst.id, blocks: blocks.map(scrub) };
}

function versionBlocks(v: Rapportversion, input: CaseFileDocumentInput): CaseFileBlock[] {
  const publication = input.publications.find((p) => p.inspectionId === v.inspectionId && p.version === v.version);
  const orientation = input.orientations.find((o) => o.inspectionId === v.inspectionId);
  const board = publication ? publication.board : orientation ? { informedOn: orientation.informedOn, form: orientation.form, comment: orientation.comment } : null;
  const report = buildPublishedReport(
    v.snapshot,
    { version: v.version, publishedOn: publication?.publishedOn ?? v.snapshot.isoDate, url: publication?.url ?? '', publishedBy: publication?.publishedBy ?? '', board, followUp: publication?.followUp ?? [] },
    input.municipality,
    input.frameworkOf(v.inspectionId),
  );
  const withdrawn = publication ? input.withdrawn?.get(publication.id) : undefined;
  const status = publication
    ? `Offentliggjort ${formatDanishDate(publication.publishedOn)} af ${publication.publishedBy} på ${publication.url}.${withdrawn ? ` ${withdrawn}` : ''}`
    : 'Ikke offentliggjort.';
  return [
    { kind: 'heading', level: 3, text: `Tilsynet ${v.snapshot.date}, version ${v.version}` },
    { kind: 'para', text: `Gjort endelig ${formatDanishDate(v.createdAt.slice(0, 10))} af ${v.createdBy}.${v.reason ? ` Rettet, fordi: ${v.reason}` : ''} ${status}` },
    ...reportBlocks(report, 3),
  ];
}

/** Every printed text passes the privacy check's redaction (see the module comment). */
function scrub(b: CaseFileBlock): CaseFileBlock {
  switch (b.kind) {
    case 'heading':
      return b;
    case 'para':
      return { ...b, text: withoutPersonalData(b.text) };
    case 'list':
      return { ...b, items: b.items.map(withoutPersonalData) };
    case 'table':
      return { ...b, rows: b.rows.map((r) => r.map(withoutPersonalData)) };
  }
}
