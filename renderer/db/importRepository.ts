import { InspectionSchema, ThemeScoreSchema } from '../../shared/inspection';
import type { InstitutionImportRow, ScoreImportRow } from '../../shared/importCsv';
import { InstitutionSchema, type Institution } from '../../shared/institution';
import type { TilsynDatabase } from './database';

/*
 * Writes a validated import. Each import is one read-write transaction: every record is parsed with
 * its schema again before it is written, and if anything throws, Dexie aborts the transaction and
 * nothing of the file is in the database.
 *
 * Imported history is like the demo data: reference data and final inspections from before the app,
 * so no outbox rows are written (the server would refuse a new inspection that is already final).
 */

export interface ImportSummary {
  created: number;
  updated: number;
}

/** Institutions are upserted by id. The file has no district, so an existing institution keeps it and its rev; its unit fields too, unless the file has the unit columns. */
export async function importInstitutions(db: TilsynDatabase, rows: readonly InstitutionImportRow[]): Promise<ImportSummary> {
  return db.transaction('rw', [db.institutions], async () => {
    const existing = await db.institutions.bulkGet(rows.map((r) => r.institution.id));
    const records: Institution[] = rows.map((r, k) => {
      const before = existing[k];
      const units = r.unitColumns ? r.institution : before;
      return InstitutionSchema.parse({ ...r.institution, district: before?.district, unitType: units?.unitType, parentInstitutionId: units?.parentInstitutionId, rev: before?.rev ?? 0 });
    });
    await db.institutions.bulkPut(records);
    const updated = existing.filter(Boolean).length;
    return { created: records.length - updated, updated };
  });
}

/**
 * Historical final inspections with their seven theme scores. Ids come from institution + date, so
 * importing the same file twice replaces the earlier import instead of duplicating it.
 */
export async function importScores(db: TilsynDatabase, rows: readonly ScoreImportRow[]): Promise<ImportSummary> {
  return db.transaction('rw', [db.institutions, db.inspections, db.themeScores], async () => {
    const ids = rows.map((r) => r.inspection.id);
    const existing = await db.inspections.bulkGet(ids);
    const institutions = await db.institutions.bulkGet([...new Set(rows.map((r) => r.inspection.institutionId))]);
    const known = new Set(institutions.filter(Boolean).map((i) => i!.id));
    const inspections = rows.map((r) => {
      if (!known.has(r.inspection.institutionId)) throw new Error(`Linje ${r.line}: institutionen ${r.inspection.institutionId} findes ikke`);
      return InspectionSchema.parse(r.inspection);
    });
    const scores = rows.flatMap((r) => r.scores.map((s) => ThemeScoreSchema.parse(s)));
    await db.inspections.bulkPut(inspections);
    await db.themeScores.bulkPut(scores);
    const updated = existing.filter(Boolean).length;
    return { created: rows.length - updated, updated };
  });
}

/** Which inspection ids of a parsed file are already in the database (they will be replaced). */
export async function existingInspectionIds(db: TilsynDatabase, rows: readonly ScoreImportRow[]): Promise<Set<string>> {
  const found = await db.inspections.bulkGet(rows.map((r) => r.inspection.id));
  return new Set(found.filter(Boolean).map((i) => i!.id));
}

export async function existingInstitutionIds(db: TilsynDatabase): Promise<Set<string>> {
  return new Set((await db.institutions.toCollection().primaryKeys()) as string[]);
}
