import { RAMME_FIELD, rammeIdOn } from '../sync/rammeStamp';
import type { Kysely, Transaction } from 'kysely';
import type { Framework } from '../../shared/framework';
import type { ImportRequest, ImportSummary } from '../../shared/importApi';
import {
  detectImportKind,
  institutionStepsAsScores,
  parseInstitutionsImport,
  parseScoresImport,
  type ImportProblem,
  type ImportSource,
  type InstitutionImportRow,
  type ScoreImportRow,
} from '../../shared/importCsv';
import { todayIso } from '../../shared/dates';
import { InstitutionSchema, type Institution } from '../../shared/institution';
import { MUTABLE_RECORDS } from '../../shared/records';
import { decodeText, type DecodedText } from '../../shared/textDecoding';
import type { AuthUser } from '../auth/tokens';
import type { Database, RecordsTable } from '../db/schema';
import { fromJson, toJson } from '../db/json';
import { analyzeAfterBulkWrite } from '../db/plannerStatistics';
import { writeTransaction, type SeqAllocator } from '../db/sequence';
import { HttpError } from '../errors';
import { withUnknownFields, type FieldRevs } from '../sync/records';
import { childLederVisibility, inspectionLederVisibility } from '../sync/visibility';

/*
 * Import on the server (docs/import-format.md): the municipality's institutions and historical
 * final inspections are written here, so every device gets them through pull and the dashboard and
 * the BI API count them.
 *
 * The file is parsed with the app's own parser (shared/importCsv.ts). A file with any problem is
 * refused with every problem and nothing is written. A good file is written in ONE write transaction
 * (institutions, inspections, theme scores, their revisions and the audit row): if anything fails
 * inside it, nothing is stored. A dry run runs the very same transaction and rolls it back, so its
 * preview is exactly what the commit would do.
 */

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; problems: ImportProblem[] };

type Trx = Transaction<Database>;

/** Records written by an import carry this client id in their field revisions. */
export const IMPORT_CLIENT_ID = 'server-import';
const CHUNK = 200;

/** Thrown at the end of a dry run to roll its transaction back; carries the summary out. */
class DryRunRollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export interface ImportCall {
  request: ImportRequest;
  dryRun: boolean;
  user: AuthUser;
  /** Writes the audit row inside the import's transaction. */
  audit: (trx: Trx, summary: ImportSummary) => Promise<void>;
  now?: Date;
}

function decode(request: ImportRequest): DecodedText {
  return decodeText(new Uint8Array(Buffer.from(request.content, 'base64')));
}

function sourceOf(call: ImportCall, now: string): ImportSource {
  return { fileName: call.request.fileName, importedBy: call.user.displayName || call.user.username, importedAt: now };
}

async function inTransaction(db: Kysely<Database>, dryRun: boolean, fn: (trx: Trx, seq: SeqAllocator) => Promise<ImportSummary>): Promise<ImportSummary> {
  let summary: ImportSummary;
  try {
    summary = await writeTransaction(db, async (trx, seq) => {
      const s = await fn(trx, seq);
      if (dryRun) throw new DryRunRollback(s);
      return s;
    });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.summary;
    throw e;
  }
  // Committed: a large import is a bulk write, and the planner's statistics should know of it before
  // the next statistics query plans (server/db/plannerStatistics.ts). Inspections and their scores
  // are rows of `records`.
  const institutions = summary.institutions ? summary.institutions.created + summary.institutions.updated : 0;
  await analyzeAfterBulkWrite(db, { institutions, records: summary.inspections.created + summary.inspections.updated + summary.themeScores });
  return summary;
}

async function frameworksOf(db: Kysely<Database> | Trx): Promise<Map<string, Framework>> {
  const rows = await db.selectFrom('frameworks').select('data').execute();
  return new Map(rows.map((r) => fromJson<Framework>(r.data)).map((f) => [f.id, f]));
}

/** POST /api/import/institutions: the fixture's format; optionally its T1–T7 steps as final inspections. */
export async function importInstitutions(db: Kysely<Database>, call: ImportCall): Promise<ImportOutcome> {
  const decoded = decode(call.request);
  if (detectImportKind(decoded.text) === 'scores')
    return { ok: false, problems: [{ line: 1, message: 'filen indeholder temascorer, ikke institutioner. Brug importen af temascorer' }] };
  // A parent unit (hoerer_under) may be an institution the server has already.
  const stored = (await db.selectFrom('institutions').select('data').execute()).map((r) => fromJson<Institution>(r.data));
  const parsed = parseInstitutionsImport(decoded.text, { existing: new Map(stored.map((i) => [i.id, i])) });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  if (parsed.kind !== 'institutions') throw new Error('parseInstitutionsImport gave another kind');
  const rows = parsed.rows;
  const now = (call.now ?? new Date()).toISOString();
  const stepsDate = call.request.stepsDate;
  if (stepsDate && stepsDate > todayIso(call.now))
    return { ok: false, problems: [{ line: 1, column: 'stepsDate', message: `Et endeligt tilsyn kan ikke have en dato i fremtiden (${stepsDate})` }] };

  const summary = await inTransaction(db, call.dryRun, async (trx, seq) => {
    const institutions = await upsertInstitutions(trx, seq, rows, now);
    let inspections = { created: 0, updated: 0 };
    let themeScores = 0;
    if (stepsDate) {
      const v1 = (await frameworksOf(trx)).get('v1');
      if (!v1) throw new HttpError(409, 'Tilsynskonceptet v1 findes ikke på serveren; trinene kan ikke importeres', { code: 'ramme_mangler' });
      const scoreRows = institutionStepsAsScores(rows, stepsDate, v1, now, sourceOf(call, now));
      inspections = await upsertInspections(trx, seq, scoreRows, call.user.id, now);
      themeScores = scoreRows.reduce((n, r) => n + r.scores.length, 0);
    }
    const s: ImportSummary = {
      kind: 'institutions',
      dryRun: call.dryRun,
      fileName: call.request.fileName,
      encoding: decoded.encoding,
      institutions,
      inspections,
      themeScores,
      inspectedInstitutions: stepsDate ? rows.length : 0,
    };
    await call.audit(trx, s);
    return s;
  });
  return { ok: true, summary };
}

/** POST /api/import/theme-scores: one final inspection per line, for institutions the server has. */
export async function importThemeScores(db: Kysely<Database>, call: ImportCall): Promise<ImportOutcome> {
  const decoded = decode(call.request);
  if (call.request.stepsDate) return { ok: false, problems: [{ line: 1, column: 'stepsDate', message: 'stepsDate hører kun til importen af institutioner' }] };
  const now = (call.now ?? new Date()).toISOString();
  const known = new Set((await db.selectFrom('institutions').select('id').execute()).map((r) => r.id));
  const parsed = parseScoresImport(decoded.text, {
    knownInstitutionIds: known,
    frameworks: await frameworksOf(db),
    today: todayIso(call.now),
    now,
    source: sourceOf(call, now),
  });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  if (parsed.kind !== 'scores') throw new Error('parseScoresImport gave another kind');
  const rows = parsed.rows;

  const summary = await inTransaction(db, call.dryRun, async (trx, seq) => {
    // The institutions were checked before the transaction; one could have gone since.
    const ids = [...new Set(rows.map((r) => r.inspection.institutionId))];
    const present = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK)
      for (const r of await trx.selectFrom('institutions').select('id').where('id', 'in', ids.slice(i, i + CHUNK)).execute()) present.add(r.id);
    const gone = rows.find((r) => !present.has(r.inspection.institutionId));
    if (gone) throw new HttpError(409, `Linje ${gone.line}: institutionen ${gone.inspection.institutionId} findes ikke længere`, { code: 'findes_ikke' });
    const inspections = await upsertInspections(trx, seq, rows, call.user.id, now);
    const s: ImportSummary = {
      kind: 'scores',
      dryRun: call.dryRun,
      fileName: call.request.fileName,
      encoding: decoded.encoding,
      institutions: null,
      inspections,
      themeScores: rows.reduce((n, r) => n + r.scores.length, 0),
      inspectedInstitutions: ids.length,
    };
    await call.audit(trx, s);
    return s;
  });
  return { ok: true, summary };
}

/**
 * Institutions by id: new ones inserted, existing ones updated. The file has no district, so an
 * existing one keeps its district; its unit fields too, unless the file has the unit columns.
 */
async function upsertInstitutions(trx: Trx, seq: SeqAllocator, rows: readonly InstitutionImportRow[], now: string): Promise<{ created: number; updated: number }> {
  const existing = new Map<string, { data: string; rev: number }>();
  const ids = rows.map((r) => r.institution.id);
  for (let i = 0; i < ids.length; i += CHUNK)
    for (const r of await trx.selectFrom('institutions').select(['id', 'data', 'rev']).where('id', 'in', ids.slice(i, i + CHUNK)).execute()) existing.set(r.id, r);
  let updated = 0;
  const inserts: { id: string; data: string; rev: number; seq: number; updated_at: string }[] = [];
  for (const r of rows) {
    const before = existing.get(r.institution.id);
    if (before) {
      const old = fromJson<Institution>(before.data);
      const rev = before.rev + 1;
      const units = r.unitColumns ? r.institution : old;
      const data = InstitutionSchema.parse({ ...old, ...r.institution, district: old.district, unitType: units.unitType, parentInstitutionId: units.parentInstitutionId, rev });
      await trx.updateTable('institutions').set({ data: toJson(data), rev, seq: seq.next(), updated_at: now }).where('id', '=', data.id).execute();
      updated++;
    } else {
      const data = InstitutionSchema.parse({ ...r.institution, rev: 1 });
      inserts.push({ id: data.id, data: toJson(data), rev: 1, seq: seq.next(), updated_at: now });
    }
  }
  for (let i = 0; i < inserts.length; i += CHUNK) await trx.insertInto('institutions').values(inserts.slice(i, i + CHUNK)).execute();
  return { created: inserts.length, updated };
}

interface WriteItem {
  type: 'inspection' | 'themeScore';
  data: Record<string, unknown>;
  institutionId: string;
  inspectionId: string;
}

/**
 * Final inspections with their theme scores as server records. An id that exists (the same file
 * imported before: ids are import-<institution>-<date>) is replaced as a new revision; a new one is
 * revision 1. Every write takes a new sequence number, so every device pulls it.
 */
async function upsertInspections(trx: Trx, seq: SeqAllocator, rows: readonly ScoreImportRow[], userId: string, now: string): Promise<{ created: number; updated: number }> {
  const items: WriteItem[] = rows.flatMap((r) => [
    { type: 'inspection' as const, data: r.inspection, institutionId: r.inspection.institutionId, inspectionId: r.inspection.id },
    ...r.scores.map((s) => ({ type: 'themeScore' as const, data: s, institutionId: r.inspection.institutionId, inspectionId: r.inspection.id })),
  ]);
  let created = 0;
  let updated = 0;
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const existing = new Map<string, { rev: number; leder_visible: number }>();
    for (const type of ['inspection', 'themeScore'] as const) {
      const ids = chunk.filter((c) => c.type === type).map((c) => String(c.data.id));
      if (ids.length === 0) continue;
      for (const r of await trx.selectFrom('records').select(['id', 'rev', 'leder_visible']).where('type', '=', type).where('id', 'in', ids).execute())
        existing.set(`${type}\u0000${r.id}`, r);
    }
    const inserts: RecordsTable[] = [];
    const revisions: { type: string; id: string; rev: number; data: string; client_id: string; user_id: string; mutation_id: null; created_at: string }[] = [];
    for (const item of chunk) {
      const before = existing.get(`${item.type}\u0000${String(item.data.id)}`);
      const rev = (before?.rev ?? 0) + 1;
      const input: Record<string, unknown> = { ...item.data, rev, updatedAt: now };
      if (item.type === 'inspection') input[RAMME_FIELD] = await rammeIdOn(trx, item.data.date);
      const data = withUnknownFields(item.type, input, MUTABLE_RECORDS[item.type].parse(input) as Record<string, unknown>);
      const fieldRevs: FieldRevs = {};
      for (const k of Object.keys(data)) if (k !== 'id' && k !== 'rev' && k !== 'updatedAt') fieldRevs[k] = [rev, IMPORT_CLIENT_ID];
      // Imported inspections are final: the leder of the institution may see them and their scores.
      const lederVisible =
        item.type === 'inspection' ? inspectionLederVisibility(data.status, before?.leder_visible ?? 0) : childLederVisibility(item.type, inspectionLederVisibility('endelig', 0));
      const row = {
        data: toJson(data),
        field_revs: toJson(fieldRevs),
        rev,
        deleted: 0,
        leder_visible: lederVisible,
        updated_at: now,
        seq: seq.next(),
      };
      if (before) {
        await trx.updateTable('records').set(row).where('type', '=', item.type).where('id', '=', String(data.id)).execute();
        if (item.type === 'inspection') updated++;
      } else {
        inserts.push({ type: item.type, id: String(data.id), institution_id: item.institutionId, inspection_id: item.inspectionId, ...row });
        if (item.type === 'inspection') created++;
      }
      revisions.push({ type: item.type, id: String(data.id), rev, data: row.data, client_id: IMPORT_CLIENT_ID, user_id: userId, mutation_id: null, created_at: now });
    }
    if (inserts.length) await trx.insertInto('records').values(inserts).execute();
    await trx.insertInto('record_revisions').values(revisions).execute();
  }
  return { created, updated };
}
