import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { TilbagetraekningSchema, standingPublications, type Tilbagetraekning } from '../../shared/publicationWithdrawal';
import { FrameworkSchema, type Framework } from '../../shared/framework';
import { INSTITUTION_TYPE_LABELS, InstitutionSchema } from '../../shared/institution';
import { PubliceringSchema, type Publicering } from '../../shared/publication';
import { buildPublishedReport, latestPublications, type Municipality, type PublishedReport } from '../../shared/publishedReport';
import { reportVersionId, type ReportSnapshot } from '../../shared/reportVersion';
import type { Database } from '../db/schema';
import { fromJsonObject } from '../db/json';

/**
 * The public side of publication: only `publicering` records (a final version the consultant or
 * forvaltning marked published, having passed the privacy check and the board orientation) are
 * read here, less those forvaltning has withdrawn. An unpublished version, a draft or any other
 * record never reaches the public page.
 */

export interface PublicListEntry {
  institutionId: string;
  institutionName: string;
  institutionType: string;
  visitDate: string;
  publishedOn: string;
  url: string;
}

async function recordsOfType<S extends z.ZodType>(db: Kysely<Database>, type: string, schema: S, institutionId?: string): Promise<z.output<S>[]> {
  let q = db.selectFrom('records').select(['data']).where('type', '=', type).where('deleted', '=', 0);
  if (institutionId !== undefined) q = q.where('institution_id', '=', institutionId);
  const rows = await q.execute();
  return rows.flatMap((r) => {
    const parsed = schema.safeParse(fromJsonObject(r.data));
    return parsed.success ? [parsed.data] : [];
  });
}

/** Forvaltning's withdrawals of publications (of one institution, or all). */
export function publicationWithdrawals(db: Kysely<Database>, institutionId?: string): Promise<Tilbagetraekning[]> {
  return recordsOfType(db, 'tilbagetraekning', TilbagetraekningSchema, institutionId);
}

/** The publications that stand: a withdrawn one is never on the public page (shared/publicationWithdrawal.ts). */
export async function standingPublicationsOf(db: Kysely<Database>, institutionId?: string): Promise<Publicering[]> {
  const [all, withdrawals] = await Promise.all([recordsOfType(db, 'publicering', PubliceringSchema, institutionId), publicationWithdrawals(db, institutionId)]);
  return standingPublications(all, withdrawals);
}

async function snapshotOf(db: Kysely<Database>, p: Publicering): Promise<ReportSnapshot | null> {
  const row = await db
    .selectFrom('records')
    .select(['data'])
    .where('type', '=', 'rapportversion')
    .where('id', '=', reportVersionId(p.inspectionId, p.version))
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row ? (fromJsonObject(row.data).snapshot as ReportSnapshot) : null;
}

async function frameworkOf(db: Kysely<Database>, inspectionId: string): Promise<Framework | null> {
  const inspection = await db.selectFrom('records').select(['data']).where('type', '=', 'inspection').where('id', '=', inspectionId).executeTakeFirst();
  const frameworkId = inspection ? String(fromJsonObject(inspection.data).frameworkId) : null;
  return frameworkId ? frameworkById(db, frameworkId) : null;
}

export async function frameworkById(db: Kysely<Database>, frameworkId: string): Promise<Framework | null> {
  const row = await db.selectFrom('frameworks').select(['data']).where('id', '=', frameworkId).executeTakeFirst();
  const parsed = row ? FrameworkSchema.safeParse(fromJsonObject(row.data)) : null;
  return parsed?.success ? parsed.data : null;
}

/** Every institution's latest published report, by institution name. */
export async function publicList(db: Kysely<Database>): Promise<PublicListEntry[]> {
  const latest = latestPublications(await standingPublicationsOf(db));
  const out: PublicListEntry[] = [];
  for (const p of latest) {
    const snapshot = await snapshotOf(db, p);
    if (!snapshot) continue;
    const inst = await db.selectFrom('institutions').select(['data']).where('id', '=', p.institutionId).executeTakeFirst();
    const parsed = inst ? InstitutionSchema.safeParse(fromJsonObject(inst.data)) : null;
    out.push({
      institutionId: p.institutionId,
      institutionName: parsed?.success ? parsed.data.name : snapshot.institutionName,
      institutionType: parsed?.success ? INSTITUTION_TYPE_LABELS[parsed.data.type] : snapshot.institutionType,
      visitDate: snapshot.isoDate,
      publishedOn: p.publishedOn,
      url: p.url,
    });
  }
  return out.sort((a, b) => a.institutionName.localeCompare(b.institutionName, 'da'));
}

/** The institution's latest published report, or null when none is published. */
export async function latestPublishedReport(db: Kysely<Database>, institutionId: string, municipality: Municipality): Promise<PublishedReport | null> {
  const [p] = latestPublications(await standingPublicationsOf(db, institutionId));
  if (!p) return null;
  const snapshot = await snapshotOf(db, p);
  if (!snapshot) return null;
  return buildPublishedReport(snapshot, p, municipality, await frameworkOf(db, p.inspectionId));
}
